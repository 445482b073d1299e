// The book's search ranking, Sphinx's `html_search_scorer` (tools/build_docs.py puts MNIST_SEARCH above this):
// chapter titles first; then the chapter that introduces a term (the one the glossary links it to, or that sets
// it in bold) and the glossary; then the API card named exactly as the query; then other headings; then other
// cards; then the pages that merely mention it. Within each rank, the book's reading order.
// Snippets are the plain text of the result's section (see htmlToText below).
var Scorer = {
  objNameMatch: 11, objPartialMatch: 6, objPrio: {0: 15, 1: 5, 2: -5}, objPrioDefault: 0,
  title: 15, partialTitle: 7, term: 5, partialTerm: 2,

  score: (result) => {
    const [docname, , anchor, , score, , kind] = result;
    const query = (new URLSearchParams(window.location.search).get("q") || "").trim().toLowerCase();
    const id = anchor ? anchor.slice(1) : "";
    const position = MNIST_SEARCH.order.indexOf(docname);
    const order = 1 - (position < 0 ? MNIST_SEARCH.order.length : position) / 1000;
    const defines = MNIST_SEARCH.defines[query] || [];
    const isCard = (MNIST_SEARCH.cards[docname] || []).includes(id);
    let rank;
    if (kind === "title" && !id) rank = 600 + score;                     // a chapter's title
    else if (!id && defines.includes(docname)) rank = 500 - defines.indexOf(docname);  // introduces the term
    else if (isCard && id === query) rank = 400;                         // the API card of that name
    else if (kind === "title" && !isCard) rank = 300 + score;             // a heading
    else if (isCard) rank = 200 + score;                                  // another API card
    else rank = 100 + score;                                              // the text of a page
    return rank + order;
  },
};

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined") return;
  // The text a snippet is cut from: the article alone, without the page's buttons, source links, folded checks'
  // code or copy buttons, and with a space around each formula
  const skip = [".headerlink", "script", "style", ".api-source", "details.above-input", ".copybtn", ".chapter-links",
                ".bd-header-article", ".prev-next-area", ".bd-sidebar-secondary", ".onlyprint", ".bd-footer-article"];
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(skip.join(", ")).forEach((el) => el.remove());
    doc.querySelectorAll("math").forEach((m) => m.replaceWith(` ${m.textContent} `));
    const main = doc.querySelector("article") || doc.querySelector('[role="main"]');
    const part = (anchor && doc.getElementById(anchor.slice(1))) || main;
    return part ? part.textContent.replace(/\s+/g, " ").trim() : "";
  };
});
