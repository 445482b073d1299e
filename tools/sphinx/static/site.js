// The book's site: a box that scrolls sideways (a wide formula, table or printed table) says so with a shadow at
// the edge that hides more (class "scrolls"), and can be reached with the keyboard, as the theme does for code.
(() => {
  const boxes = ".math-scroll, .pst-scrollable-table-container, .cell_output pre, div.highlight pre";
  const update = () => document.querySelectorAll(boxes).forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("scrolls", scrolls);
    if (scrolls) box.tabIndex = 0;
    else if (box.matches(".math-scroll")) box.removeAttribute("tabindex");
  });
  let pending = null;
  const soon = () => { clearTimeout(pending); pending = setTimeout(update, 50); };
  window.addEventListener("DOMContentLoaded", () => {
    update();
    new ResizeObserver(soon).observe(document.body);
  });
  window.addEventListener("load", update);
})();
