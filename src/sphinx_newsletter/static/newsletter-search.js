/* The newsletter's search page (sphinx_newsletter.publishing.search): asks Pagefind's static index,
   which fetches only the pieces a query needs. Every text from the index is set as text; an excerpt
   keeps only Pagefind's <mark> around the words found. */
(() => {
  "use strict";
  const PAGE = 10;
  const form = document.querySelector("form.nl-search");
  if (!form) return;
  const status = document.querySelector(".nl-search-status");
  const list = document.getElementById("search-results");
  const input = form.elements.namedItem("q");
  const selects = Array.from(form.querySelectorAll("select"));
  let pagefind = null;
  let shown = [];
  let asked = 0;

  const say = (text) => { status.textContent = text; };

  const excerpt = (html) => {
    /* Pagefind's excerpt: escaped text with <mark> around the words found. Only those survive. */
    const paragraph = document.createElement("p");
    paragraph.className = "nl-search-excerpt";
    const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
    for (const node of parsed.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(document.createTextNode(node.textContent));
      }
    }
    return paragraph;
  };

  const address = (url) => {
    const target = new URL(url, location.href);
    return target.protocol === "http:" || target.protocol === "https:" || target.protocol === "file:" ? target.href : "";
  };

  const item = (data) => {
    const entry = document.createElement("li");
    entry.className = "nl-search-result";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.textContent = (data.meta && data.meta.title) || data.url;
    const href = address(data.url);
    if (href) link.href = href;
    heading.append(link);
    entry.append(heading);
    const facts = [data.meta && data.meta.edition, data.meta && data.meta.date].filter(Boolean);
    if (facts.length) {
      const line = document.createElement("p");
      line.className = "nl-search-meta";
      line.textContent = facts.join(" · ");
      entry.append(line);
    }
    entry.append(excerpt(data.excerpt || ""));
    return entry;
  };

  const showMore = async (run, first = false) => {
    const start = first ? 0 : list.children.length;
    const items = await Promise.all(shown.slice(start, start + PAGE).map((result) => result.data()));
    if (run !== asked) return;
    if (first) list.replaceChildren(); /* the last results stay until these replace them: no empty flash */
    for (const data of items) list.append(item(data));
    list.removeAttribute("aria-busy");
    const more = document.querySelector(".nl-search-more");
    if (more) more.remove();
    if (list.children.length < shown.length) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "nl-search-more";
      button.textContent = form.dataset.more;
      button.addEventListener("click", () => showMore(run));
      list.after(button);
    }
  };

  const search = async () => {
    const run = ++asked;
    const query = input.value.trim();
    const filters = {};
    for (const select of selects) if (select.value) filters[select.name] = select.value;
    const url = new URL(location.href);
    url.search = "";
    if (query) url.searchParams.set("q", query);
    for (const [name, value] of Object.entries(filters)) url.searchParams.set(name, value);
    history.replaceState(null, "", url);
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      const more = document.querySelector(".nl-search-more");
      if (more) more.remove();
      list.removeAttribute("aria-busy");
      say("");
      return;
    }
    list.setAttribute("aria-busy", "true");
    const found = await pagefind.search(query || null, {filters});
    if (run !== asked) return;
    if (!found) { list.removeAttribute("aria-busy"); return; }
    shown = found.results;
    const count = shown.length;
    say(count === 0 ? form.dataset.none : count === 1 ? form.dataset.oneResult
        : form.dataset.results.replace("{count}", String(count)));
    await showMore(run, true);
  };

  const start = async () => {
    try {
      const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
      pagefind = await import(new URL(form.dataset.pagefind, location.href).href);
      await pagefind.options({baseUrl: root.pathname});
      await pagefind.init();
    } catch (error) {
      say(form.dataset.unavailable);
      return;
    }
    const params = new URLSearchParams(location.search);
    for (const select of selects) {  /* the page lists each filter's values: no filter chunk is fetched until used */
      const values = Array.from(select.options, (option) => option.value);
      if (params.get(select.name) && values.includes(params.get(select.name))) select.value = params.get(select.name);
      select.addEventListener("change", search);
    }
    input.value = params.get("q") || "";
    form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
    let typing = null;
    input.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(search, 250); });
    await search();
  };

  start();
})();
