// The book's site: a box that scrolls (a wide formula) can be reached with the keyboard, as the theme does for
// code and tables, and says so with a shadow at the edge that hides more.
(() => {
  const boxes = ".math-scroll, .pst-scrollable-table-container, div.highlight pre, .cell_output .output";
  const update = () => document.querySelectorAll(boxes).forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("scrolls", scrolls);
    if (box.matches(".math-scroll")) box.tabIndex = scrolls ? 0 : -1;
  });
  window.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", update);
})();
