/* sphinx_newsletter: make the book theme's sidebar toggles work on every screen.
   pydata-sphinx-theme (and sphinx-book-theme on wide screens) bind only the first element with the
   class .primary-toggle / .secondary-toggle: the button in the hidden header bar. The book theme shows
   its own button above the article, which then does nothing (on a phone the sidebar, with the edition
   switcher and the tag/author/event pages, is out of reach). A click on a later button is passed on
   to the first, so the theme's own code opens the sidebar. */
document.addEventListener("DOMContentLoaded", () => {
  for (const selector of [".primary-toggle", ".secondary-toggle"]) {
    const [first, ...others] = document.querySelectorAll(selector);
    if (!first) continue;
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        first.click();
      });
    }
  }
});

/* The theme's search button is named "Search" while it shows "Search Ctrl+K": a name that leaves out
   visible text trips voice control (WCAG 2.5.3). Without the aria-label its visible text names it. */
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".search-button__button[aria-label]")) {
    if (button.textContent.trim()) button.removeAttribute("aria-label");
  }
});
