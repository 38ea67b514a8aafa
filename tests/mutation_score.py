"""``make mutation``'s verdict: after ``mutmut run``, every mutant's outcome (``mutmut results --all true``)
against the list of equivalent mutants below (each with why no test can tell it from the code), written to
MUTATION.md. Exits 1 when a mutant that is not listed survived or the score is under 90 %.

A timeout counts as killed: the mutant made a test hang (a pipe opened without O_NONBLOCK blocks), which
the suite would not pass.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest's own dependency
    import tomli as tomllib

OS_FLAG_DEFAULT = ("another default for an os flag POSIX systems have (O_NOFOLLOW, O_NONBLOCK): the default is for "
                   "systems without it")
FALLBACK = "another fallback for a missing {}: no fallback holds the phrases it looks for"
MARKED = "every syntax error the loader raises carries a mark"
PRIORITY = ("one priority point more: no handler of Sphinx, the theme or this extension sits at the old or the new "
            "number, so the order is the same")
FIRST_LINE = "the first line is always inside the block, which is replaced: what is stripped from it is never shown"
EQUIVALENT_MUTANTS = [  # (package.module.x_function, mutant numbers, why no test can tell them from the code)
    ("core.paths.x_windows_reserved", (6, 9), "another maxsplit for split('.'): only the part before the first dot is used"),
    ("core.paths.x_write_regular_file", (58, 61, 64, 67, 70, 73), OS_FLAG_DEFAULT),
    ("core.paths.x_read_regular_file", (13, 16, 19, 22, 25, 28), OS_FLAG_DEFAULT),
    ("core.paths.x_write_regular_file", (101,), "'UTF-8' and 'utf-8' name one codec"),
    ("core.paths.x_is_generated_page", (7, 10, 13), "another encoding for reading the first line: the marker is ASCII and "
                                               "errors are replaced, so every ASCII-compatible encoding reads it alike"),
    ("core.frontmatter.x__left_open", (3,), FALLBACK.format("context")),
    ("core.frontmatter.x__left_open", (12,), "another fallback for a missing problem: no fallback holds 'end of stream'"),
    ("core.frontmatter.x_yaml_advice", (6,), FALLBACK.format("problem")),
    ("core.frontmatter.x_yaml_advice", (16,), "another fallback for a line the mark is not on: it matches no field and "
                                         "holds no tab, '@', '`' or '%' where a column can point"),
    ("core.frontmatter.x_yaml_advice", (33,), "another fallback for the fixed line: it is only shown when there is a field"),
    ("core.frontmatter.x_yaml_advice", (43, 44), "'expected <block end>' is the pure-Python parser's wording; the loader "
                                            "here is libyaml's, which says 'did not find expected key' (the other half "
                                            "of the test)"),
    ("core.frontmatter.x_yaml_advice", (53,), "a plain value (not opened by a quote) is read to the end of its line: the "
                                         "parser never stops inside it with 'did not find expected key' on the line it "
                                         "opened"),
    ("core.frontmatter.x_yaml_advice", (64,), "another fallback for a column off the line: no fallback is a tab, '@', '`' "
                                         "or '%'"),
    ("core.frontmatter.x_yaml_limit_error", (7,), "the quick answer's length bound: a text of max_nodes characters cannot "
                                             "hold more than max_nodes values, so the full reading finds nothing either"),
    ("core.frontmatter.x_yaml_limit_error", (23,), "the quick answer's depth bound: 15 openers (lines, '[', '{', '- ') nest "
                                              "16 levels at most, which is allowed, so the full reading finds nothing "
                                              "either"),
    ("core.frontmatter.x_yaml_limit_error", (25,), "a stricter quick answer only reads more texts in full, with the same "
                                              "verdict"),
    ("core.frontmatter.x_yaml_limit_error", (47, 49), "every event the loader gives has a start mark"),
    ("core.frontmatter.x_read_front_matter", (94, 95, 97, 98), MARKED),
    ("core.frontmatter.x_blank_front_matter", (4, 6), FIRST_LINE),
    ("safety.html.x__attribute_filter", (1,), "a placeholder is written whole (two private-use characters around "
                                              "digits, no quote, space or '>'): a value holds both its ends or neither"),
    ("safety.html.x__frame_link", (16,), "another address for a frame without src: neither it nor '' starts with "
                                         "https://"),
    ("safety.html.x__frame_link", (20,), "another host for an address without one: neither it nor '' is a video or "
                                         "slides host"),
    ("safety.html.x_browser_view", (16,), "quote=None is false, as quote=False is"),
    ("safety.html.x_named_checkbox", (21,), "the label's words are joined by single spaces: cutting at ' ' or at any "
                                            "whitespace is the same"),
    ("safety.html.x_named_checkbox", (37,), "html.escape quotes by default: quote=True said or not"),
    ("safety.html.x_sanitise_body", (33, 34, 35), "the owner of the text before the first author piece: that text is "
                                                  "never hidden by what follows it (every pair of 33 tags tried), so "
                                                  "it is never looked up"),
    ("safety.html.x_sanitise_body", (90,), "the culprit is always an author piece, which always has its node"),
    ("safety.html.x_setup_html", (9, 24), PRIORITY),
    ("safety.html.xǁGuardedHTMLǁ__init__", (5, 6), "Sphinx makes a translator from the document and the builder "
                                                  "alone: there are no further arguments to pass on"),
    ("safety.html.xǁGuardedHTMLǁ__init__", (13, 14), "visit_document sets it before anything reads it"),
    ("safety.html.xǁGuardedHTMLǁ_newsletter_guarded", (4, 5), "the cache of a page's verdict: without it the same "
                                                              "verdict is worked out again"),
    ("safety.html.xǁGuardedHTMLǁdepart_document", (12,), "a part without author HTML comes back from sanitise_body "
                                                         "byte for byte (one placeholder), only slower"),
    ("safety.sources.x__stale_stub", (3,), "a stub is one level deep: splitting at the first or the last '/' of a "
                                           "name with one '/' is the same, and a deeper name is refused either way"),
    ("safety.sources.x_draft_reports", (30,), "read_front_matter takes a byte-order mark off itself"),
    ("safety.sources.x_draft_reports", (34,), "'UTF-8-SIG' and 'utf-8-sig' name one codec"),
    ("safety.sources.x_setup_sources", (9,), PRIORITY),
]
EQUIVALENT = {f"sphinx_newsletter.{where}__mutmut_{number}": reason
              for where, numbers, reason in EQUIVALENT_MUTANTS for number in numbers}
KILLED = ("killed", "timeout")
THRESHOLD = 0.90
REPORT = Path(__file__).parent.parent / "MUTATION.md"
PYPROJECT = REPORT.parent / "pyproject.toml"
PACKAGE = REPORT.parent / "src" / "sphinx_newsletter"
TARGETS = ("core", "safety", "feedback", "importing", "publishing")  # the packages issue 27 names


def outcomes() -> dict[str, str]:
    listed = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], capture_output=True,
                            text=True, check=True).stdout
    found = {}
    for line in listed.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name.startswith("sphinx_newsletter."):
            found[name] = status
    return found


def main() -> int:
    found = outcomes()
    counts = collections.Counter(found.values())
    equivalent = {name for name in found if name in EQUIVALENT}
    judged = {name: status for name, status in found.items() if name not in equivalent}
    killed = sum(1 for status in judged.values() if status in KILLED)
    unexplained = sorted(name for name, status in judged.items() if status not in KILLED)
    score = killed / len(judged) if judged else 0.0
    modules = sorted({re.sub(r"\.xǁ.*|\.x_.*", "", name) for name in found})
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["mutmut"]
    tests = ", ".join(f"`{name}`" for name in config["pytest_add_cli_args_test_selection"])
    mutated = {Path(name) for name in config["only_mutate"]}
    unmutated = sorted(str(path.relative_to(PACKAGE)) for folder in TARGETS for path in (PACKAGE / folder).glob("*.py")
                       if path.relative_to(PYPROJECT.parent) not in mutated and path.name != "__init__.py")
    lines = [
        "# Mutation testing",
        "",
        "`make mutation` runs [mutmut](https://github.com/boxed/mutmut) over the modules below (pyproject.toml,",
        f"`[tool.mutmut]`) with the tests that pin them by hand-written verdicts ({tests}), then",
        "`tests/mutation_score.py` writes this page. It is not part of `make test`.",
        "",
        f"Modules: {', '.join(f'`{module}`' for module in modules)}.",
        "",
        f"Not mutated yet (of the packages the issue names): {', '.join(f'`{name}`' for name in unmutated)}.",
        "",
        f"- mutants: {len(found)} ({', '.join(f'{count} {status}' for status, count in sorted(counts.items()))})",
        f"- equivalent (listed below, left out of the score): {len(equivalent)}",
        f"- **score: {killed} of {len(judged)} non-equivalent mutants killed ({score:.1%})**; a timeout counts as "
        "killed (the mutant made a test hang)",
        "",
        "## Equivalent mutants",
        "",
        *(f"- `{name}`: {EQUIVALENT[name]}" for name in sorted(equivalent)),
        "",
        "## Surviving mutants that are not equivalent",
        "",
        *([f"- `{name}`: {judged[name]}" for name in unexplained] or ["None."]),
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print(f"mutation score {score:.1%} ({killed}/{len(judged)}), {len(equivalent)} equivalent; written to {REPORT.name}")
    stale = sorted(set(EQUIVALENT) - set(found) | {name for name in equivalent if found[name] in KILLED})
    if stale:
        print(f"listed as equivalent but not found or killed (the code or the tests moved: look again): {', '.join(stale)}")
    if unexplained or score < THRESHOLD or stale:
        print("surviving mutants to kill with a test or to name as equivalent: " + ", ".join(unexplained))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
