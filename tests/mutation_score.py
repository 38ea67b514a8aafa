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

OS_FLAG_DEFAULT = ("another default for an os flag POSIX systems have (O_NOFOLLOW, O_NONBLOCK): the default is for "
                   "systems without it")
FALLBACK = "another fallback for a missing {}: no fallback holds the phrases it looks for"
MARKED = "every syntax error the loader raises carries a mark"
FIRST_LINE = "the first line is always inside the block, which is replaced: what is stripped from it is never shown"
EQUIVALENT_MUTANTS = [  # (module.x_function, mutant numbers, why no test can tell them from the code)
    ("paths.x_windows_reserved", (6, 9), "another maxsplit for split('.'): only the part before the first dot is used"),
    ("paths.x_write_regular_file", (58, 61, 64, 67, 70, 73), OS_FLAG_DEFAULT),
    ("paths.x_read_regular_file", (13, 16, 19, 22, 25, 28), OS_FLAG_DEFAULT),
    ("paths.x_write_regular_file", (101,), "'UTF-8' and 'utf-8' name one codec"),
    ("paths.x_is_generated_page", (7, 10, 13), "another encoding for reading the first line: the marker is ASCII and "
                                               "errors are replaced, so every ASCII-compatible encoding reads it alike"),
    ("frontmatter.x__left_open", (3,), FALLBACK.format("context")),
    ("frontmatter.x__left_open", (12,), "another fallback for a missing problem: no fallback holds 'end of stream'"),
    ("frontmatter.x_yaml_advice", (6,), FALLBACK.format("problem")),
    ("frontmatter.x_yaml_advice", (16,), "another fallback for a line the mark is not on: it matches no field and "
                                         "holds no tab, '@', '`' or '%' where a column can point"),
    ("frontmatter.x_yaml_advice", (33,), "another fallback for the fixed line: it is only shown when there is a field"),
    ("frontmatter.x_yaml_advice", (43, 44), "'expected <block end>' is the pure-Python parser's wording; the loader "
                                            "here is libyaml's, which says 'did not find expected key' (the other half "
                                            "of the test)"),
    ("frontmatter.x_yaml_advice", (53,), "a plain value (not opened by a quote) is read to the end of its line: the "
                                         "parser never stops inside it with 'did not find expected key' on the line it "
                                         "opened"),
    ("frontmatter.x_yaml_advice", (64,), "another fallback for a column off the line: no fallback is a tab, '@', '`' "
                                         "or '%'"),
    ("frontmatter.x_yaml_limit_error", (7,), "the quick answer's length bound: a text of max_nodes characters cannot "
                                             "hold more than max_nodes values, so the full reading finds nothing either"),
    ("frontmatter.x_yaml_limit_error", (23,), "the quick answer's depth bound: 15 openers (lines, '[', '{', '- ') nest "
                                              "16 levels at most, which is allowed, so the full reading finds nothing "
                                              "either"),
    ("frontmatter.x_yaml_limit_error", (25,), "a stricter quick answer only reads more texts in full, with the same "
                                              "verdict"),
    ("frontmatter.x_yaml_limit_error", (47, 49), "every event the loader gives has a start mark"),
    ("frontmatter.x_read_front_matter", (94, 95, 97, 98), MARKED),
    ("frontmatter.x_blank_front_matter", (4, 6), FIRST_LINE),
]
EQUIVALENT = {f"sphinx_newsletter.core.{where}__mutmut_{number}": reason
              for where, numbers, reason in EQUIVALENT_MUTANTS for number in numbers}
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
