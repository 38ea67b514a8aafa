"""How whole real pages render: the newsletter against plain MyST on the same reports, and the memory
each build takes. For FIDELITY.md; the corpora are fetched, never committed.

    python benchmarks/fidelity.py pelican FOLDER [--label NAME]   # This Week in Rust's content/
    python benchmarks/fidelity.py myst FOLDER [--label NAME]      # MyST-Parser's docs/
    python benchmarks/fidelity.py site SITE [--label NAME]        # a newsletter site (an imported blog)

Each page's article is compared: words (each as often as plain MyST shows it), link targets, image
files, code blocks (byte for byte) and headings. Both sites use the book theme and the same MyST
extensions; plain MyST reads the reports as orphans. Peak RSS is GNU time's, of each whole build.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from sphinx_newsletter.adapters.pages import GENERATED_FOLDERS

BIN = Path(sys.executable).parent
EXTENSIONS = '["colon_fence", "deflist", "strikethrough", "tasklist", "dollarmath", "fieldlist"]'
COMMON = f'''html_theme = "sphinx_book_theme"
myst_enable_extensions = {EXTENSIONS}
myst_heading_anchors = 3
exclude_patterns = ["_build", "imported", "feedback"]
'''
OURS = COMMON + '''extensions = ["sphinx_newsletter"]
html_baseurl = "https://newsletter.example/"
newsletter_site_pages = ["index"]
newsletter_cycles = [{"name": "all", "title": "All", "start": "1990-01-01"}]
'''
PLAIN = COMMON + 'extensions = ["myst_parser"]\n'
INDEX = "Corpus\n======\n\n.. toctree::\n   :hidden:\n\n{extra}"
PELICAN_FIELD = re.compile(r"^(\w+):\s*(.*)$")


def front_matter(title: str, date: str) -> str:
    title = title.replace('"', "'")
    return f'---\ntitle: "{title}"\nauthor: Corpus\ndate: {date}\n---\n\n'


def pelican_reports(folder: Path, reports: Path) -> None:
    for path in sorted(folder.glob("*.m*d*")):
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        fields = {}
        while lines and PELICAN_FIELD.match(lines[0]):
            key, value = PELICAN_FIELD.match(lines.pop(0)).groups()
            fields[key.lower()] = value
        date = re.search(r"\d{4}-\d{2}-\d{2}", fields.get("date", "")) or re.search(r"\d{4}-\d{2}-\d{2}", path.name)
        if not date:
            continue
        (reports / f"{path.stem.lower()}.md").write_text(front_matter(fields.get("title", path.stem), date.group())
                                                         + "\n".join(lines))


def myst_reports(folder: Path, reports: Path) -> None:
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):  # the page's own front matter (MyST options) stays out
            text = text.split("\n---\n", 1)[1] if "\n---\n" in text else text
        title = re.search(r"^# (.+)$", text, re.MULTILINE)
        name = "-".join(path.relative_to(folder).with_suffix("").parts).lower()
        (reports / f"{name}.md").write_text(front_matter(title.group(1) if title else name, "2024-01-01") + text)
        for sibling in path.parent.iterdir():  # images and included files beside the page
            if sibling.suffix.lower() in (".png", ".jpg", ".gif", ".txt", ".py") and sibling.is_file():
                shutil.copy(sibling, reports / sibling.name)


def url_schemes(docs: Path) -> str:
    """The documentation's own ``myst_url_schemes`` (``doi:``, ``gh-issue:``: its links), read from its
    ``conf.py`` as a literal, never run: a site that reports with them configures them alike."""
    import ast

    for node in ast.parse((docs / "conf.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "myst_url_schemes"
                                                for target in node.targets):
            return f"myst_url_schemes = {ast.literal_eval(node.value)!r}\n"
    return ""


def build(site: Path) -> tuple[float, list[str]]:
    """Peak RSS (MB) of a fresh HTML build, and its warnings."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M", str(BIN / "sphinx-build"), "-q", "-E", "-b", "html", ".",
                             "_build/html"], cwd=site, capture_output=True, text=True)
    lines = result.stderr.strip().splitlines()
    return float(lines[-1]) / 1024, [line for line in lines if "WARNING" in line]


def article(page: Path) -> BeautifulSoup | None:
    if not page.exists():
        return None
    found = BeautifulSoup(page.read_text(), "html.parser").select_one("article.bd-article")
    if found is None:
        return None
    for extra in found.select(".nl-byline, .no-search, section.nl-feedback, a.headerlink, .nl-pager, [hidden]"):
        extra.decompose()
    return found


def figures(found: BeautifulSoup | None) -> dict[str, Counter]:
    if found is None:
        return {key: Counter() for key in ("words", "links", "images", "code", "headings")}
    return {
        "words": Counter(re.findall(r"[^\W_]+", found.get_text(" ").lower())),
        "links": Counter(a["href"] for a in found.find_all("a", href=True) if not a["href"].startswith("#")),
        "images": Counter(Path(img.get("src", "")).name.split(".")[0][:20] for img in found.find_all("img")),
        "code": Counter(pre.get_text() for pre in found.find_all("pre")),
        "headings": Counter(" ".join(h.get_text(" ").split()) for h in found.select("h1, h2, h3, h4, h5, h6")),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("pelican", "myst", "site"))
    parser.add_argument("source", type=Path)
    parser.add_argument("--label")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        ours, plain = Path(scratch) / "ours", Path(scratch) / "plain"
        if args.kind == "site":
            shutil.copytree(args.source, ours, ignore=shutil.ignore_patterns("_build", ".git"))
        else:
            (ours / "reports/all").mkdir(parents=True)
            (pelican_reports if args.kind == "pelican" else myst_reports)(args.source, ours / "reports/all")
        schemes = url_schemes(args.source) if args.kind == "myst" else ""
        (ours / "conf.py").write_text(OURS + schemes)
        (ours / "index.rst").write_text(INDEX.format(extra="   editions/index\n"))
        shutil.copytree(ours, plain, ignore=shutil.ignore_patterns("_build", "feedback", "imported",
                                                                   *GENERATED_FOLDERS))  # our stubs, if built
        (plain / "conf.py").write_text(PLAIN + schemes)
        (plain / "index.rst").write_text(INDEX.format(extra=""))
        for report in (plain / "reports").rglob("*.md"):
            report.write_text(report.read_text().replace("---\n", "---\norphan: true\n", 1))
        ours_mb, ours_warnings = build(ours)
        plain_mb, plain_warnings = build(plain)
        kept = {key: [0, 0] for key in ("words", "links", "images", "code", "headings")}
        extra_headings = 0
        reports = sorted((ours / "reports").rglob("*.md"))
        for report in reports:
            page = report.relative_to(ours).with_suffix(".html")
            mine, theirs = figures(article(ours / "_build/html" / page)), figures(article(plain / "_build/html" / page))
            for key, counts in theirs.items():
                kept[key][0] += sum(min(count, mine[key][item]) for item, count in counts.items())
                kept[key][1] += sum(counts.values())
            extra_headings += max(0, sum((mine["headings"] - theirs["headings"]).values()) - 1)  # less the title
        subtypes = Counter(re.search(r"\[([\w.]+)\]$", line).group(1) if re.search(r"\[([\w.]+)\]$", line) else "other"
                           for line in ours_warnings)
        cells = " | ".join(f"{kept_} / {total} ({100 * kept_ / total:.1f} %)" if total else "0 / 0"
                           for kept_, total in kept.values())
        print("| corpus | pages | words | links | images | code blocks | headings | extra headings | "
              "warnings (ours / plain) | peak RSS MB (ours / plain) |")
        print(f"| {args.label or args.source.name} | {len(reports)} | {cells} | {extra_headings} | "
              f"{len(ours_warnings)} / {len(plain_warnings)} | {ours_mb:.0f} / {plain_mb:.0f} "
              f"({ours_mb / plain_mb:.2f}x) |")
        print("\n".join(f"  {count} {subtype}" for subtype, count in subtypes.most_common()), file=sys.stderr)
        ours_only = [line for line in ours_warnings if "[newsletter." in line]  # the policy's, not MyST's
        for line in ours_only[:60]:
            print("   ", re.sub(r"^.*?/(reports/)", r"\1", line)[:240], file=sys.stderr)


if __name__ == "__main__":
    main()
