"""Place imported posts in their cycles, check them as the build does, and write what is new.

A post lands in ``reports/<cycle>/<slug>.md`` of the cycle its date falls in (``origin:`` in its front
matter says where it came from, for readers). The import's ledger (``importing.ledger``) records which
report each post became and which comments came with it: the next import recognises a post by its
ledger entry only, never by anything a report says. Importing is idempotent: a report already imported
is never written again (when it differs from what the export gives now, it was edited by hand or
changed at the source, and the summary says it was kept); comments are merged into its feedback file
by their ids, so only new ones are added, at the end of the file; a report or a comment the editors
deleted is not brought back.
A post dated in a published edition is refused unless ``late`` puts it in the edition in progress (as
``newsletter new`` does). Every path written is inside ``reports/`` or ``feedback/``, never through a
symbolic link.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from sphinx_newsletter.core.catalogue import report_slug, slugify
from sphinx_newsletter.core.frontmatter import FEEDBACK_LIMITS, PlainDumper
from sphinx_newsletter.core.paths import (
    MAX_PICTURE_BYTES,
    UnsafeFile,
    link_on_the_way,
    read_regular_file,
    windows_reserved,
    write_regular_file,
)
from sphinx_newsletter.core.report import FIELDS, REPORT_SUFFIX
from sphinx_newsletter.core.settings import Cycle, current_cycle, cycle_for_date
from sphinx_newsletter.core.text import clean_text, singular_key
from sphinx_newsletter.editorial.site import tag_spellings
from sphinx_newsletter.feedback.model import (
    FEEDBACK_SUFFIX,
    FILE_UNREAD,
    ID_PATTERN,
    MAX_REPLY_DEPTH,
    read_feedback_file,
)
from sphinx_newsletter.feedback.submission import entries_yaml
from sphinx_newsletter.feedback.thread import assemble_thread, walk_entries
from sphinx_newsletter.importing.files import LOCAL_TARGETS
from sphinx_newsletter.importing.ledger import LEDGER_DIR, Ledger, LedgerPost, all_ledgers
from sphinx_newsletter.importing.markup import POST_LINK, force_unlexed_code, plain_unknown_languages
from sphinx_newsletter.importing.model import KINDS, Comment, Post, Skipped, Source, failure
from sphinx_newsletter.safety.sources import MAX_REPORT_BYTES
from sphinx_newsletter.scaffold import report_tags

if TYPE_CHECKING:
    from sphinx_newsletter.checking import Site
    from sphinx_newsletter.core.problems import Problem
    from sphinx_newsletter.importing.disqus import DisqusExport

MAX_NAME_NUMBER = 10_000
"""How far a taken report name is numbered (``alpha-2.md``, ``alpha-3.md``, …) before the post is refused."""


@dataclass
class Planned:
    """One post's report and feedback file, what the import does with them, and what to look at."""

    post: Post
    path: Path
    shown: str
    text: str
    state: str  # "new", "unchanged" or "kept" (the file differs from the export: it is not overwritten)
    cycle: Cycle | None  # None: a report an earlier import wrote, in a folder that is no cycle's
    late: bool = False
    feedback_path: Path | None = None
    feedback_text: str | None = None  # the file's new text, when comments are added
    comments_added: int = 0
    attention: list[str] = field(default_factory=list)
    origin: str = ""  # the post's stable id in its blog (the ledger's key)
    comment_ids: list[str] = field(default_factory=list)  # every comment of the post imported so far
    pictures: list[tuple[Path | bytes, Path]] = field(default_factory=list)  # (the blog's file or bytes, where)


@dataclass
class Outcome:
    planned: list[Planned] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    before_since: int = 0
    refusal: str | None = None
    ledger: Ledger | None = None


def clean(value: str | None, key: str, notes: list[str]) -> str | None:
    """A front matter text field as the validator would clean it (controls removed, bounded)."""
    if value is None or not str(value).strip():
        return None
    text, changes = clean_text(str(value), FIELDS[key].max_length or len(str(value)))
    notes += [f"'{key}': {change}" for change in changes]
    return text


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is in ``folder`` with no symbolic link on the way (nor the file itself a link)."""
    path, folder = Path(os.path.abspath(path)), Path(os.path.abspath(folder))
    return folder in path.parents and not folder.is_symlink() and not link_on_the_way(path, folder)


def plan(site: Site, source: Source,
         check: Callable[[dict[str, str], dict[str, Path | bytes]], dict[str, list[Problem]]],
         since: dt.date | None = None, late: bool = False) -> Outcome:
    """What importing ``source`` into ``site`` does; nothing is written. ``check({shown: text})`` gives
    the problems the build would find in new reports with these texts (by shown path: a report's own,
    its feedback file's), as ``checking.text_problems`` does."""
    outcome = Outcome(skipped=list(source.skipped))
    ledger = outcome.ledger = Ledger.load(site.confdir, source.kind, source.identity)
    in_progress = current_cycle({name: cycle for name, cycle in site.cycles.items() if not cycle.is_published})
    taken: set[Path] = set()
    frozen: dict[str, list[str]] = {}
    origins: dict[str, str] = {}
    for post in source.posts:
        if since and post.date < since:
            outcome.before_since += 1
            continue
        origin = post.identity or clean(post.origin, "origin", post.notes) or post.where
        if origin in origins:
            outcome.skipped.append(Skipped(post.where, f"the same post as {origins[origin]} (origin {origin[:80]})"))
            continue
        origins[origin] = post.where
        recorded = ledger.posts.get(origin)
        path = site.confdir / recorded.report if recorded is not None else None
        if recorded is not None and path is not None and not os.path.lexists(path):
            outcome.skipped.append(Skipped(post.where, f"{recorded.report} was deleted by the editors after an earlier "
                                                       "import: not imported again (remove its entry from "
                                                       f"{LEDGER_DIR}/{ledger.path.name} to import it again)"))
            continue
        cycle = cycle_for_date(site.cycles, post.date)
        is_late = False
        if path is not None:
            cycle = site.cycles.get(path.parent.name, cycle)
        elif cycle is None:
            windows = ", ".join(f"{c.name} ({c.window})" for c in site.cycles.values()) or "none configured"
            outcome.skipped.append(Skipped(post.where, f"no cycle covers {post.date}: add one to newsletter_cycles "
                                                       f"in conf.py (cycles: {windows})"))
            continue
        elif cycle.is_published:
            if not late:
                frozen.setdefault(f"the {cycle.title} edition, published on {cycle.published}", []).append(post.where)
                continue
            if in_progress is None or post.date >= in_progress.start:
                outcome.skipped.append(Skipped(post.where, f"the {cycle.title} edition is published and no edition "
                                                           "is in progress to take it as a late report"))
                continue
            cycle, is_late = in_progress, True
        if path is None:
            assert cycle is not None  # a new report's cycle: one that covers its date, or the one in progress
            path = _free_path(site.reports_path / cycle.name, post, taken)
        taken.add(path)
        outcome.planned.append(Planned(post, path, site.shown(path), "", "new", cycle, is_late, origin=origin))
    if frozen:
        editions = "; ".join(f"{len(posts)} in {edition} (e.g. {posts[0]})" for edition, posts in frozen.items())
        outcome.refusal = (f"{sum(map(len, frozen.values()))} post(s) are dated in published editions, which do not "
                           f"change: {editions}. Pass --late to add them to the edition in progress as late reports "
                           "(their dates stay), or --since a date after those editions to leave them out; nothing "
                           "was written")
        return outcome
    paths = {address: planned.path for planned in outcome.planned
             for address in (planned.post.origin, *planned.post.addresses)}
    names = _post_names(outcome.planned)
    _respell_tags(site, outcome.planned)
    failed = []
    for planned in outcome.planned:
        try:
            body, unknown = plain_unknown_languages(_pictures(planned, _links(planned, paths, names)))
            if unknown:
                planned.post.notes.append(f"code marked {', '.join(sorted(set(unknown)))} (a language Sphinx cannot "
                                          "highlight as written: the build would warn) is written as plain text, "
                                          "or as the language a lang- name gives")
            body, unlexed = force_unlexed_code(body)
            if unlexed:
                planned.post.notes.append(f"code marked {', '.join(sorted(set(unlexed)))} that Pygments cannot read "
                                          "as that language (the build would warn, then highlight it as far as it "
                                          "reads) is written as a code-block with its force option: the same page")
            planned.text = report_text(planned.post, body)
            _compare(site, planned)
            _plan_feedback(site, planned, source.kind, ledger)
        except Exception as error:
            outcome.skipped.append(Skipped(planned.post.where, failure(error)))
            failed.append(planned)
            continue
        planned.attention[:0] = [f"{planned.shown}: {note}" for note in planned.post.notes]
    outcome.planned = [planned for planned in outcome.planned if planned not in failed]
    new = {planned.shown: planned.text for planned in outcome.planned if planned.state == "new"}
    found = check(new, _picture_files(site, outcome)) if new else {}
    for planned in outcome.planned:
        notes = len(planned.post.notes)
        planned.attention[notes:notes] = [f"{planned.shown}:{problem.line}: {problem.text}"
                                          for problem in found.get(planned.shown, ())]
    return outcome


def plan_disqus(site: Site, export: DisqusExport) -> tuple[Outcome, Source]:
    """What importing a Disqus export does: each page's comments merged into the feedback file of the
    report an earlier import made of that page (found by the import ledgers: the post's addresses, else
    the page's name), as new entries only; nothing else is written, and nothing is written for a page
    no report answers (named in the summary)."""
    from sphinx_newsletter.importing.disqus import last_part, normalised

    source = Source("disqus", identity=export.forum or "forum")
    source.comments_left_out = dict(export.left_out)
    outcome = Outcome()
    ledger = outcome.ledger = Ledger.load(site.confdir, "disqus", source.identity)
    by_address: dict[str, str] = {}
    by_name: dict[str, set[str]] = {}
    for blog in all_ledgers(site.confdir):
        if blog.source.startswith("disqus "):
            continue
        for post in blog.posts.values():
            if not os.path.lexists(site.confdir / post.report):
                continue
            for address in post.addresses:
                by_address[normalised(address)] = post.report
            by_name.setdefault(PurePosixPath(post.report).stem, set()).add(post.report)
    pages: dict[str, Planned] = {}  # report -> its plan, with the comments of every thread that answers it
    for thread in export.threads.values():
        if not thread.comments:
            continue
        where = thread.link or thread.identifier or f"thread {thread.key}"
        report = by_address.get(normalised(thread.link)) or (
            by_address.get(normalised(thread.identifier)) if thread.identifier.startswith("http") else None)
        if report is None:
            named = by_name.get(slugify(last_part(thread.link or thread.identifier)), set())
            report = next(iter(named)) if len(named) == 1 else None
        if report is None:
            outcome.skipped.append(Skipped(where, f"{len(thread.comments)} comment(s) on a page no imported report "
                                                  "answers: import the blog first (its ledger finds the reports)"))
            continue
        path = site.confdir / report
        day = _report_date(site, path) or min(comment.date for comment in thread.comments)
        for comment in thread.comments:
            comment.date = max(comment.date, day)
        if report in pages:  # another address of the same page (http and https, www or not): one file, one plan
            page = pages[report].post
            page.comments = [*page.comments, *thread.comments]
            page.addresses += (thread.link,) if thread.link else ()
            continue
        page = Post(origin=f"disqus:{thread.key}", where=where, title=thread.title, date=day, body="",
                    comments=list(thread.comments), addresses=(thread.link,) if thread.link else ())
        pages[report] = Planned(page, path, site.shown(path), "", "unchanged", site.cycles.get(path.parent.name),
                                origin=thread.link or f"disqus:{thread.key}")
    for planned in pages.values():
        try:
            _plan_feedback(site, planned, "disqus", ledger)
        except Exception as error:
            outcome.skipped.append(Skipped(planned.post.where, failure(error)))
            continue
        planned.attention[:0] = [f"{planned.shown}: {note}" for note in planned.post.notes]
        outcome.planned.append(planned)
    return outcome, source


def _report_date(site: Site, path: Path) -> dt.date | None:
    from sphinx_newsletter.core.frontmatter import read_front_matter
    from sphinx_newsletter.core.settings import parse_date

    try:
        matter = read_front_matter(read_regular_file(path, site.confdir, MAX_REPORT_BYTES).decode("utf-8-sig"))
        return parse_date(matter.data.get("date"))  # front matter that is missing or unreadable holds no data
    except (UnsafeFile, OSError, UnicodeDecodeError, ValueError, TypeError):
        return None


def _free_path(folder: Path, post: Post, taken: set[Path]) -> Path:
    base = report_slug(post.slug or post.title)  # never empty, at most SLUG_BYTES: far under 255 bytes
    if windows_reserved(base):  # con.md, aux.md: the repository could not be checked out on Windows
        base = f"{base}-post"
    for number in range(1, MAX_NAME_NUMBER):
        name = base if number == 1 else f"{base}-{number}"
        path = folder / f"{name}{REPORT_SUFFIX}"
        if path not in taken and not os.path.lexists(path):
            return path
    raise ValueError(f"no free file name for {base} in {folder}")


def _post_names(planned: list[Planned]) -> dict[str, Path]:
    """The names other posts use for a post (``{% post_url %}``, Hugo's ``ref``): its slug, its source
    path and file name with and without the date."""
    names: dict[str, Path] = {}
    for item in planned:
        where = item.post.origin
        stem = PurePosixPath(where).stem if "/" in where or where.endswith((".md", ".markdown", ".html")) else ""
        for name in {item.post.slug, where, stem, re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)} - {""}:
            names.setdefault(name, item.path)
    return names


def _links(planned: Planned, paths: dict[str, Path], names: dict[str, Path]) -> str:
    """The body with links to other imported posts as relative paths (MyST resolves them)."""
    def resolve(name: str) -> str | None:
        """The relative path of the report another post's name (post_url, ref) points at."""
        name = name.strip("\"'").split("#", 1)[0]  # MyST has no heading anchors by default
        name = re.sub(r"^(?:/?_posts/|/?content/(?:posts?/)?)", "", name)
        stem = PurePosixPath(name).stem
        path = names.get(name) or names.get(stem) or names.get(re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem))
        if path is None:
            planned.post.notes.append(f"a link to {name[:80]!r}, which is not imported, is kept as text")
            return None
        return os.path.relpath(path, planned.path.parent).replace(os.sep, "/")

    def linked(match: re.Match[str]) -> str:
        """A markdown link to another post; one that is not imported keeps only its text."""
        url = resolve(match.group(2))
        return f"[{match.group(1)}]({url})" if url else match.group(1)

    def target(match: re.Match[str]) -> str:
        url = resolve(match.group(1))
        return url or match.group(1).replace("[", "\\[")  # the name stops before any "]"

    def address(match: re.Match[str]) -> str:
        """A link to another imported post's old address points at its report."""
        url = match.group(2)
        path = paths.get(url.rstrip("/")) or paths.get(url.rstrip("/") + "/")  # with or without the end slash
        if path is None or path == planned.path:
            return match.group(0)
        return f"]({os.path.relpath(path, planned.path.parent).replace(os.sep, '/')})"  # no anchor: see above

    def attribute(match: re.Match[str]) -> str:
        """A link in raw HTML points at the page the report becomes (MyST does not rewrite HTML)."""
        url = resolve(match.group(1))
        return f'="{url[:-len(REPORT_SUFFIX)]}.html"' if url else '="#"'

    body = re.sub(r'="' + re.escape(POST_LINK) + r'([^"]+)"', attribute, planned.post.body)
    body = re.sub(r"\[([^\]\n]*)\]\(" + re.escape(POST_LINK) + r"([^\s)\]>]+)\)", linked, body)
    body = re.sub(re.escape(POST_LINK) + r"([^\s)\]>]+)", target, body)
    return re.sub(r"\]\((<?)(https?://[^\s)#>]+)(#[^\s)>]*)?>?\)", address, body)


def _respell_tags(site: Site, planned: list[Planned]) -> None:
    """Each post's tag that is another tag spelt another way (case, spaces, punctuation, a plural: the
    build's warning, ``editorial.site.similar_tags``) written as the site and the posts spell it most, with
    a note; the same rule as ``newsletter new``'s."""
    def cleaned(tags: tuple[str, ...]) -> list[str]:
        return [value for value in (clean(tag, "tags", []) for tag in tags) if value]

    spelt = tag_spellings([*report_tags(site), *(cleaned(item.post.tags) for item in planned)],
                          site.settings.sections).spelt
    for item in planned:
        tags = []
        for tag in item.post.tags:
            value = clean(tag, "tags", [])
            best = spelt[singular_key(value)] if value else None
            if best is not None and best != value:
                item.post.notes.append(f"tag '{value}' is written '{best}', as the site spells it (another spelling "
                                       "is a build warning)")
                tag = best
            tags.append(tag)
        item.post.tags = tuple(tags)


def report_text(post: Post, body: str) -> str:
    """The report file: front matter in the order ``newsletter new`` writes it, then the body."""
    notes = post.notes
    matter: dict[str, Any] = {"title": clean(post.title, "title", notes) or f"Untitled post of {post.date}"}
    authors = [name for name in (clean(author, "author", notes) for author in post.authors) if name]
    if not authors:
        authors = ["Unknown author"]
        notes.append("the post has no author: 'Unknown author' is written; put the right name in")
    matter.update({"author": authors[0]} if len(authors) == 1 else {"authors": authors})
    matter["date"] = post.date
    for key in ("event", "location"):
        value = clean(getattr(post, key), key, notes)
        if value:
            matter[key] = value
    tags, seen = [], set()
    for tag in post.tags:
        value = clean(tag, "tags", notes)
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            tags.append(value)
    matter["tags"] = tags
    summary = clean(post.summary, "summary", notes)
    if summary:
        matter["summary"] = summary
    if post.draft:
        matter["draft"] = True
    matter["origin"] = clean(post.origin, "origin", [])
    front = yaml.dump(matter, Dumper=PlainDumper, sort_keys=False, allow_unicode=True, default_flow_style=None,
                      width=1000)
    return f"---\n{front}---\n\n{body.strip()}\n"


def _compare(site: Site, planned: Planned) -> None:
    if not os.path.lexists(planned.path):
        if not _inside(planned.path, site.reports_path):
            raise ValueError(f"refusing to write {planned.shown}: it is not inside {site.reports_dir}/")
        return
    try:
        current = read_regular_file(planned.path, site.confdir, MAX_REPORT_BYTES).decode("utf-8-sig")
    except (UnsafeFile, OSError, UnicodeDecodeError):
        current = None
    planned.state = "unchanged" if current == planned.text else "kept"


# -- comments ------------------------------------------------------------------------------------


def entry_id(key: str) -> str | None:
    """A comment's source id as a feedback entry id (lowercase letters, digits and '-')."""
    value = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:80].strip("-")
    return value if re.match(ID_PATTERN, value) else None


def _parents_first(comments: list[Comment]) -> list[Comment]:
    """``comments`` in their order, except that a reply dated before the comment it answers (clocks,
    time zones) comes right after it; a comment that answers itself, or a loop, answers nothing."""
    keys = {comment.key for comment in comments}
    children: dict[str, list[Comment]] = {}
    roots = []
    for comment in comments:
        if comment.parent == comment.key:
            comment.parent = None
        if comment.parent in keys:
            children.setdefault(comment.parent, []).append(comment)
        else:
            roots.append(comment)
    ordered, placed = [], set()
    for root in roots:
        stack = [root]
        while stack:
            comment = stack.pop()
            if comment.key in placed:
                continue
            placed.add(comment.key)
            ordered.append(comment)
            stack.extend(reversed(children.get(comment.key, [])))
    for comment in comments:  # in a loop: none of them is reached from a root
        if comment.key not in placed:
            comment.parent = None
            placed.add(comment.key)
            ordered.append(comment)
    return ordered


def comment_entries(comments: list[Comment], known: set[str], notes: list[str] | None = None,
                    deleted: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Entries for the comments whose ids are not in ``known`` nor ``deleted`` (by the editors, after an
    earlier import), oldest first: a reply to a new comment nested under it (at most as deep as a thread
    is shown, deeper ones at that depth), a reply to one already in the file pointed at it with
    ``reply_to``."""
    ordered = _parents_first(sorted(comments, key=lambda comment: (comment.date, comment.key)))
    entries: dict[str, dict[str, Any]] = {}
    parents: dict[str, str] = {}
    depth: dict[str, int] = {}
    flattened = False
    top: list[dict[str, Any]] = []
    for comment in ordered:
        identifier = entry_id(comment.key)
        if identifier is None or identifier in known or identifier in entries or identifier in deleted:
            continue
        entry: dict[str, Any] = {"id": identifier, "author": clean_text(comment.author, 100)[0] or "Anonymous",
                       "date": comment.date}
        if comment.likes:
            entry["likes"] = comment.likes
        if comment.url:
            entry["url"] = comment.url
        parent = entry_id(comment.parent) if comment.parent else None
        # no trailing spaces (the converter writes line breaks as backslashes), so YAML keeps the body a block
        entry["body"] = "\n".join(line.rstrip() for line in comment.body.strip().split("\n")) + "\n"
        entries[identifier] = entry
        if parent in entries:
            while depth[parent] >= MAX_REPLY_DEPTH:  # shown at the deepest level a thread has
                parent = parents[parent]
                flattened = True
            entry["date"] = max(entry["date"], entries[parent]["date"])
            entries[parent].setdefault("replies", []).append(entry)
            parents[identifier], depth[identifier] = parent, depth[parent] + 1
            continue
        depth[identifier] = 1
        if parent in known:
            entry["reply_to"] = f"comment-{parent}"  # the permalink of the entry answered
            entry = {key: entry[key] for key in ("id", "author", "date", "reply_to", "likes", "url", "body")
                     if key in entry}
            entries[identifier] = entry
        top.append(entry)
    if flattened and notes is not None:
        notes.append(f"replies nested more than {MAX_REPLY_DEPTH} deep are placed at the {MAX_REPLY_DEPTH}th level")
    return top


def _plan_feedback(site: Site, planned: Planned, kind: str, ledger: Ledger) -> None:
    """The feedback file's new text with the post's new comments; those the ledger recorded and the file
    no longer holds were deleted by the editors, and stay deleted."""
    recorded = ledger.posts.get(planned.origin)
    planned.comment_ids = list(recorded.comments) if recorded is not None else []
    relative = planned.path.relative_to(site.reports_path).with_suffix(FEEDBACK_SUFFIX)
    path = site.feedback_path / relative
    planned.feedback_path = path
    shown = site.shown(path)
    existing = None
    if os.path.lexists(path):
        try:
            existing = read_regular_file(path, site.confdir, FEEDBACK_LIMITS[0]).decode("utf-8-sig")
        except (UnsafeFile, OSError, UnicodeDecodeError) as error:
            planned.attention.append(f"{shown}: not merged, the file cannot be read ({error})")
            return
    elif not planned.post.comments:
        return
    known: set[str] = set()
    if existing is not None:
        parsed = read_feedback_file(existing)
        if any(problem.consequence == FILE_UNREAD for problem in parsed.problems):
            planned.attention.append(f"{shown}: not merged: fix the file first (newsletter check {shown})")
            return
        known = {entry.id for entry in walk_entries(parsed.entries) if entry.id}
    deleted = frozenset(planned.comment_ids) - known  # imported before, then deleted by the editors
    entries = comment_entries(planned.post.comments, known, planned.post.notes, deleted)
    if deleted:
        planned.post.notes.append(f"{len(deleted)} comment(s) the editors deleted after an earlier import are not "
                                  "imported again")
    planned.comment_ids = sorted({*planned.comment_ids, *(entry["id"] for entry in _walk(entries))})
    if not entries:
        return
    if not _inside(path, site.feedback_path):
        planned.attention.append(f"{shown}: not written: it is not inside {site.feedback_dir}/ (a link?)")
        return
    header = (f"# Reader feedback for {planned.shown}, imported from {KINDS.get(kind, kind)}\n"
              if existing is None else "")
    before = existing or ""
    if before and not before.endswith("\n"):
        before += "\n"
    text = before + header + entries_yaml(entries)
    planned.comments_added = sum(1 for _ in _walk(entries))
    planned.feedback_text = text
    start = before.count("\n") + 1  # the first line added: the file's own problems are the editors' to fix
    thread = assemble_thread([], (shown, text.encode("utf-8")), planned.post.date)
    planned.attention += [f"{shown}:{problem.line}: {problem.text}" for _, problem in thread.problems
                          if problem.line >= start]


def _walk(entries: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for entry in entries:
        yield entry
        yield from _walk(entry.get("replies", []))


def write(site: Site, outcome: Outcome) -> None:
    """Write the planned reports and feedback files (parent folders made as needed), then the ledger
    with each post's report and comments; ``ValueError`` when a path has come to lead outside its folder
    since the plan was made."""
    written = []
    for planned in outcome.planned:
        try:
            if planned.state == "new":
                _write(planned.path, planned.text, site.reports_path)
                _copy_pictures(planned, site.reports_path)
            if planned.feedback_text is not None and planned.feedback_path is not None:
                _write(planned.feedback_path, planned.feedback_text, site.feedback_path)
        except (OSError, UnsafeFile, ValueError) as error:  # one file never stops the others
            outcome.skipped.append(Skipped(planned.post.where, f"not written: {error}"))
            planned.state, planned.comments_added = "failed", 0
            continue
        written.append(planned)
    ledger = outcome.ledger
    if ledger is None:
        return
    before = ledger.text()
    for planned in written:
        addresses = [address for address in (planned.post.origin, *planned.post.addresses)
                     if re.match(r"^https?://", address)]
        ledger.posts[planned.origin] = LedgerPost(planned.shown, planned.comment_ids, addresses)
    if ledger.text() != before or (ledger.posts and not os.path.lexists(ledger.path)):
        ledger.write(site.confdir)


def _pictures(planned: Planned, body: str) -> str:
    """The body with the post's own pictures (``Post.pictures``) pointing at their copies in a folder
    beside the report (``reports/<cycle>/<report>/``), which ``_copy_pictures`` writes."""
    if not planned.post.pictures:
        return body
    folder = planned.path.with_suffix("")
    names: dict[Path | bytes, str] = {}
    for target, source in planned.post.pictures.items():
        if source not in names:
            given = PurePosixPath(target) if isinstance(source, bytes) else source
            stem = re.sub(r"[^\w-]+", "-", unicodedata.normalize("NFC", given.stem)).strip("-_")[:60] or "picture"
            name, number = f"{stem}{given.suffix.lower()}", 1
            while name in names.values():
                number += 1
                name = f"{stem}-{number}{given.suffix.lower()}"
            names[source] = name
            planned.pictures.append((source, folder / name))
    new = {target: f"{folder.name}/{names[source]}" for target, source in planned.post.pictures.items()}

    def relink(match: re.Match[str]) -> str:
        start, end = match.span(1)
        whole = match.group(0)
        return whole[:start - match.start()] + new.get(match.group(1), match.group(1)) + whole[end - match.start():]

    for pattern in LOCAL_TARGETS:
        body = pattern.sub(relink, body)
    return body


def _picture_files(site: Site, outcome: Outcome) -> dict[str, Path | bytes]:
    """The new reports' pictures by the shown path they are copied to (for the check of their texts)."""
    return {site.shown(target): source for planned in outcome.planned if planned.state == "new"
            for source, target in planned.pictures}


def _copy_pictures(planned: Planned, folder: Path) -> None:
    """Copy a new report's pictures beside it (regular files read again through no link, bounded)."""
    for source, target in planned.pictures:
        try:
            data = source if isinstance(source, bytes) else read_regular_file(source, source.parent, MAX_PICTURE_BYTES)
            if not os.path.lexists(target):
                write_regular_file(target, folder.parent, data, exclusive=True)
        except (OSError, UnsafeFile) as error:
            planned.post.notes.append(f"picture {target.name} is not copied: {error}")


def _write(path: Path, text: str, folder: Path) -> None:
    """Write inside ``folder`` (``reports/`` or ``feedback/``), never through a link, the folder itself
    included."""
    if folder not in path.parents:
        raise ValueError(f"refusing to write {path}: not inside {folder}")
    write_regular_file(path, folder.parent, text)



def grouped(lines: list[str], shown: int = 3) -> list[str]:
    """``path: message`` lines with the same message in many files as one line that counts them
    (a theme's include left as text in every post); lines with a line number stay as they are."""
    paths: dict[str, list[str]] = {}
    order: list[str] = []
    for line in lines:
        match = re.match(r"^([^:\s]+): (.*)$", line)
        key = match.group(2) if match else line
        if key not in paths:
            paths[key] = []
            order.append(key)
        paths[key].append(match.group(1) if match else "")
    out = []
    for key in order:
        found = [path for path in paths[key] if path]
        if len(found) <= shown:
            out += [f"{path}: {key}" if path else key for path in paths[key]]
        else:
            more = f" and {len(found) - shown} more" if len(found) > shown else ""
            out.append(f"{key} ({len(found)} files): {', '.join(found[:shown])}{more}")
    return out


def grouped_skips(skipped: list[Skipped], shown: int = 3) -> list[str]:
    """What was skipped, one line each, except that a reason given for more than ``shown`` posts is one
    line with its count and the first few of them (a blog's 40 pages are one line)."""
    by_reason: dict[str, list[str]] = {}
    for item in skipped:
        by_reason.setdefault(item.reason, []).append(item.where)
    lines = []
    for reason, places in by_reason.items():
        if len(places) <= shown:
            lines += [f"{where}: {reason}" for where in places]
        else:
            lines.append(f"{reason} ({len(places)}): {', '.join(places[:shown])} and {len(places) - shown} more")
    return lines


def summary(outcome: Outcome, source: Source, dry_run: bool) -> list[str]:
    """What was imported, skipped and why, and what needs an editor's attention."""
    new = [planned for planned in outcome.planned if planned.state == "new"]
    kept = [planned for planned in outcome.planned if planned.state == "kept"]
    unchanged = [planned for planned in outcome.planned if planned.state == "unchanged"]
    merged = [planned for planned in outcome.planned if planned.comments_added]
    would = "would be " if dry_run else ""
    lines = [f"{len(new)} report(s) {would}written, {len(unchanged)} unchanged, {len(kept)} kept as they are; "
             f"{sum(planned.comments_added for planned in merged)} comment(s) {would}added to {len(merged)} "
             "feedback file(s)"]
    if new or merged:
        lines.append("Written:" if not dry_run else "To write:")
        for planned in outcome.planned:
            if planned.state == "new" or planned.comments_added:
                parts = ["new" if planned.state == "new" else "comments only"]
                if planned.late and planned.cycle is not None:
                    parts.append(f"late report in the {planned.cycle.title} edition")
                if planned.comments_added and planned.feedback_path is not None:
                    parts.append(f"{planned.comments_added} comment(s) in {planned.feedback_path.name}")
                lines.append(f"  {planned.shown} ({', '.join(parts)})")
    if kept:
        lines.append("Kept as they are (each differs from the export: edited by hand since it was imported, or "
                     "changed at the source; delete a file to import it again):")
        lines += [f"  {planned.shown}" for planned in kept]
    if outcome.skipped or outcome.before_since:
        lines.append(f"Skipped ({len(outcome.skipped) + outcome.before_since}):")
        lines += [f"  {line}" for line in grouped_skips(outcome.skipped)]
        if outcome.before_since:
            lines.append(f"  {outcome.before_since} post(s) dated before --since")
    if source.comments_left_out:
        lines.append("Comments left out: " + ", ".join(f"{count} {why}"
                                                      for why, count in sorted(source.comments_left_out.items())))
    attention = source.notes + [line for planned in outcome.planned if planned.state == "new" or
                                planned.comments_added for line in planned.attention]
    if attention:
        lines.append(f"Needs attention ({len(attention)}):")
        lines += [f"  {line}" for line in grouped(attention)]
    pictures = sum(len(planned.pictures) for planned in new)
    if pictures:
        lines.append(f"Pictures of the blog {'copied' if not dry_run else 'to copy'} beside their reports: {pictures}")
    images = list(dict.fromkeys(image for planned in new for image in planned.post.images))
    if images:
        lines.append(f"Remote images, linked and not downloaded ({len(images)}):")
        lines += [f"  {image}" for image in images]
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return lines
