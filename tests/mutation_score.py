"""``make mutation``'s verdict: after ``mutmut run``, every mutant's outcome (``mutmut results --all true``)
against the list of equivalent mutants below (each with why no test can tell it from the code), written to
MUTATION.md. Exits 1 when a mutant that is not listed survived or the score is under 90 %.

A timeout counts as killed: the mutant made a test hang (a pipe opened without O_NONBLOCK blocks), which
the suite would not pass.
"""

from __future__ import annotations

import collections
import subprocess
import sys
from pathlib import Path

EQUIVALENT = {
    "sphinx_newsletter.core.paths.x_windows_reserved__mutmut_6":
        "split('.') instead of split('.', 1): only the part before the first dot is used",
    "sphinx_newsletter.core.paths.x_windows_reserved__mutmut_9":
        "split('.', 2) instead of split('.', 1): only the part before the first dot is used",
    **{f"sphinx_newsletter.core.paths.x_{function}__mutmut_{number}":
       "another default for an os flag POSIX systems have (O_NOFOLLOW, O_NONBLOCK): the default is for systems "
       "without it" for function, numbers in (("write_regular_file", (58, 61, 64, 67, 70, 73)),
                                               ("read_regular_file", (13, 16, 19, 22, 25, 28)))
       for number in numbers},
    "sphinx_newsletter.core.paths.x_write_regular_file__mutmut_101": "'UTF-8' and 'utf-8' name one codec",
    **{f"sphinx_newsletter.core.paths.x_is_generated_page__mutmut_{number}":
       "another encoding for reading the first line: the marker is ASCII and errors are replaced, so every "
       "ASCII-compatible encoding reads it alike" for number in (7, 10, 13)},
    **{f"sphinx_newsletter.core.frontmatter.x_{function}__mutmut_{number}": reason for function, number, reason in (
        ("_left_open", 3, "another fallback for a missing context: no fallback holds the phrases it looks for"),
        ("_left_open", 12, "another fallback for a missing problem: no fallback holds 'end of stream'"),
        ("yaml_advice", 6, "another fallback for a missing problem: no fallback holds the phrases it looks for"),
        ("yaml_advice", 16, "another fallback for a line the mark is not on: it matches no field and holds no "
                            "tab, '@', '`' or '%' where a column can point"),
        ("yaml_advice", 33, "another fallback for the fixed line: it is only shown when there is a field"),
        ("yaml_advice", 43, "'expected <block end>' is the pure-Python parser's wording; the loader here is "
                            "libyaml's, which says 'did not find expected key' (the other half of the test)"),
        ("yaml_advice", 44, "'expected <block end>' is the pure-Python parser's wording (see mutant 43)"),
        ("yaml_advice", 53, "a plain value (not opened by a quote) is read to the end of its line: the parser "
                            "never stops inside it with 'did not find expected key' on the line it opened"),
        ("yaml_advice", 64, "another fallback for a column off the line: no fallback is a tab, '@', '`' or '%'"),
        ("yaml_limit_error", 7, "the quick answer's length bound: a text of max_nodes characters cannot hold "
                                "more than max_nodes values, so the full reading finds nothing either"),
        ("yaml_limit_error", 23, "the quick answer's depth bound: 15 openers (lines, '[', '{', '- ') nest 16 "
                                 "levels at most, which is allowed, so the full reading finds nothing either"),
        ("yaml_limit_error", 25, "a stricter quick answer only reads more texts in full, with the same verdict"),
        ("yaml_limit_error", 47, "every event the loader gives has a start mark"),
        ("yaml_limit_error", 49, "every event the loader gives has a start mark"),
        ("read_front_matter", 94, "every syntax error the loader raises carries a mark"),
        ("read_front_matter", 95, "every syntax error the loader raises carries a mark"),
        ("read_front_matter", 97, "every syntax error the loader raises carries a mark"),
        ("read_front_matter", 98, "every syntax error the loader raises carries a mark"),
        ("blank_front_matter", 4, "the first line is always inside the block, which is replaced: what is "
                                  "stripped from it is never shown"),
        ("blank_front_matter", 6, "the first line is always inside the block, which is replaced (see mutant 4)"),
    )},
}
KILLED = ("killed", "timeout")
THRESHOLD = 0.90
REPORT = Path(__file__).parent.parent / "MUTATION.md"


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
    modules = sorted({name.split(".x_")[0] for name in found})
    lines = [
        "# Mutation testing",
        "",
        "`make mutation` runs [mutmut](https://github.com/boxed/mutmut) over the modules below (pyproject.toml,",
        "`[tool.mutmut]`) with the tests that pin them by hand-written verdicts (`tests/test_policy_verdicts.py`),",
        "then `tests/mutation_score.py` writes this page. It is not part of `make test`.",
        "",
        f"Modules: {', '.join(f'`{module}`' for module in modules)}.",
        "",
        "Not mutated yet: the rest of `core/` (the report model, settings, catalogue, publication records),",
        "`safety/` (the HTML guard, sources, files), `feedback/`, `importing/`, `publishing/` and the rebuild",
        "decisions. Their tests build real sites, seconds for each mutant; they need their own verdict tests",
        "first, as these modules got in `tests/test_policy_verdicts.py`.",
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
    stale = sorted(set(EQUIVALENT) - set(found))
    if stale:
        print(f"listed as equivalent but not found (the code moved: look again): {', '.join(stale)}")
    if unexplained or score < THRESHOLD or stale:
        print("surviving mutants to kill with a test or to name as equivalent: " + ", ".join(unexplained))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
