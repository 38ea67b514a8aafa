"""Whether `newsletter check --strict` tells what the strict build tells, on a real site: every warning of a
fresh HTML build about a report, and every problem the check prints, by file, line and warning type.

    python benchmarks/parity.py SITE [--jobs N]

SITE is a newsletter site (a blog imported with `newsletter import`, or a corpus made into reports as
`benchmarks/fidelity.py` makes them); it is built in place (``SITE/_build/parity``) and checked without
the check's cache. The corpora are fetched, never committed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

BIN = Path(sys.executable).parent
BUILT = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?:WARNING|ERROR|CRITICAL): .*?(?: \[(?P<type>[\w.-]+)\])?$")
CHECKED = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?:warning|error): .*?(?: \[(?P<type>[\w.-]+)\])?$")


def told(text: str, pattern: re.Pattern[str], site: Path) -> Counter[tuple[str, int, str]]:
    found: Counter[tuple[str, int, str]] = Counter()
    for line in text.replace(f"{site}/", "").splitlines():
        if match := pattern.match(line):
            found[(match["path"], int(match["line"]), match["type"] or "")] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--jobs", default="auto")
    args = parser.parse_args()
    site = args.site.resolve()
    start = time.perf_counter()
    built = subprocess.run([str(BIN / "sphinx-build"), "-E", "-q", "-j", args.jobs, "-b", "html", ".", "_build/parity"],
                           cwd=site, capture_output=True, text=True, check=False)
    build_seconds = time.perf_counter() - start
    start = time.perf_counter()
    checked = subprocess.run([str(BIN / "newsletter"), "check", "--strict", "--no-cache"], cwd=site,
                             capture_output=True, text=True, check=False)
    check_seconds = time.perf_counter() - start
    from_build, from_check = told(built.stderr, BUILT, site), told(checked.stdout, CHECKED, site)
    print(f"build: {sum(from_build.values())} warnings in {build_seconds:.1f} s; check --strict: "
          f"{sum(from_check.values())} problems in {check_seconds:.1f} s; told by both: "
          f"{sum((from_build & from_check).values())}")
    for title, only in (("told by the build only", from_build - from_check),
                        ("told by the check only", from_check - from_build)):
        print(f"{title}: {sum(only.values())}")
        for (path, line, kind), count in sorted(only.items()):
            print(f"  {path}:{line} [{kind}]" + (f" ×{count}" if count > 1 else ""))


if __name__ == "__main__":
    main()
