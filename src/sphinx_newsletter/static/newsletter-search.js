/* The newsletter's search page (sphinx_newsletter.publishing.search): asks Pagefind's static indexes, of
   which a query fetches only the pieces it needs: the index of the editions' pages (with the engine)
   always, then the editions' reports (an index holds one edition's, or a few small ones'), newest
   first, only while the page needs more results.
   Every text from an index is set as text; an excerpt keeps only Pagefind's <mark> around the words found. */
(() => {
  "use strict";
  const PAGE = 10;
  const WIDEN = 4;
  const form = document.querySelector("form.nl-search");
  if (!form) return;
  const status = document.querySelector(".nl-search-status");
  const list = document.getElementById("search-results");
  const input = form.elements.namedItem("q");
  const selects = Array.from(form.querySelectorAll("select"));
  const indexes = JSON.parse(form.dataset.indexes || "[]");  /* [{editions, path}], the newest editions first */
  let engine = null;
  let root = null;
  const sets = new Map();  /* an instance of the engine for all editions (""), and one for each edition asked */
  let state = null;  /* the search shown: its set of indexes, its results so far */
  let asked = 0;

  const setFor = (edition) => {
    const key = edition || "";
    if (!sets.has(key)) {
      const instance = engine.createInstance({basePath: new URL(form.dataset.pagefind, location.href).pathname
        .replace(/[^/]*$/, ""), baseUrl: root.pathname});
      const pending = indexes.filter((index) => !edition || index.editions.includes(edition));
      sets.set(key, {instance, pending, queue: instance.init()});
    }
    return sets.get(key);
  };

  const widen = (set) => {
    /* The next index merged into the set's instance (one at a time: two searches on their
       way never merge the same index twice). */
    set.queue = set.queue.then(async () => {
      const next = set.pending.shift();
      if (!next) return;
      try {
        await set.instance.mergeIndex(new URL(next.path, root).pathname, {baseUrl: root.pathname});
      } catch (error) {
        set.pending.length = 0;  /* what was found so far stays */
      }
    });
    return set.queue;
  };

  const gather = async (run, wanted) => {
    /* Search the set's indexes, adding the next one while fewer than `wanted` results are found, at
       most WIDEN at a time (a word in no report would otherwise fetch a piece of every index): the
       results found before keep their place. */
    for (let added = 0; ; added++) {
      const {set} = state;
      await set.queue;
      const found = await set.instance.search(state.query, {filters: state.filters});
      if (run !== asked || !found) return false;
      const known = new Set(state.results.map((result) => result.id));
      state.results = state.results.concat(found.results.filter((result) => !known.has(result.id)));
      if (state.results.length >= wanted || !set.pending.length || added === WIDEN) return true;
      await widen(set);
      if (run !== asked) return false;
    }
  };

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

  const tell = () => {
    const count = state.results.length;
    const [none, one, many] = state.set.pending.length ? ["partialNone", "partialOne", "partial"]
      : ["none", "oneResult", "results"];
    say(count === 0 ? form.dataset[none] : count === 1 ? form.dataset[one]
        : form.dataset[many].replace("{count}", String(count)));
  };

  const showMore = async (run, first = false) => {
    const start = first ? 0 : list.children.length;
    if (!first) {
      list.setAttribute("aria-busy", "true");
      if (!(await gather(run, start + PAGE))) return;
      tell();
    }
    const items = await Promise.all(state.results.slice(start, start + PAGE).map((result) => result.data()));
    if (run !== asked) return;
    if (first) list.replaceChildren(); /* the last results stay until these replace them: no empty flash */
    for (const data of items) list.append(item(data));
    list.removeAttribute("aria-busy");
    const more = document.querySelector(".nl-search-more");
    if (more) more.remove();
    if (list.children.length < state.results.length || state.set.pending.length) {
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
    state = {set: setFor(filters.edition), query: query || null, filters, results: []};
    if (!(await gather(run, PAGE))) return;
    tell();
    await showMore(run, true);
  };

  const start = async () => {
    try {
      root = new URL(document.documentElement.dataset.content_root || "./", location.href);
      engine = await import(new URL(form.dataset.pagefind, location.href).href);
      await setFor("").queue;
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
