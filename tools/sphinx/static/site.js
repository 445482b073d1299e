// The book's site.
// - A box that scrolls sideways (a wide formula, table or printed table) says so ("scrolls": a rule at the edge
//   and, for tables, a line saying so) and can be reached with the keyboard, as the theme does for code.
// - A table of prose (the glossary) is read row by row on a phone: each cell is labelled with its column's heading,
//   and the CSS stacks the cells under each other below 768 px.
(() => {
  const boxes = ".math-scroll, .pst-scrollable-table-container, .cell_output pre, div.highlight pre";
  const update = () => document.querySelectorAll(boxes).forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("scrolls", scrolls);
    if (scrolls) box.tabIndex = 0;
    else if (box.matches(".math-scroll")) box.removeAttribute("tabindex");
  });
  const label = () => document.querySelectorAll("main table").forEach((table) => {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.innerText.trim());
    const cells = [...table.querySelectorAll("tbody td")];
    const prose = cells.length && cells.reduce((n, td) => n + td.innerText.length, 0) / cells.length > 25;
    if (heads.length < 3 || !prose) return;
    table.classList.add("stack");
    table.querySelectorAll("tbody tr").forEach((tr) =>
      [...tr.cells].forEach((td, i) => td.setAttribute("data-label", heads[i] || "")));
  });
  let pending = null;
  const soon = () => { clearTimeout(pending); pending = setTimeout(update, 50); };
  window.addEventListener("DOMContentLoaded", () => {
    label();
    update();
    new ResizeObserver(soon).observe(document.body);
  });
  window.addEventListener("load", update);
})();
