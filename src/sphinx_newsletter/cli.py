"""The ``newsletter`` command: check reports without a Sphinx build.

    newsletter check [PATH ...] [--confdir DIR] [--format text|github]
    newsletter cycles [--confdir DIR]

``check`` runs the same validator as the build and prints ``path:line: severity: message [subtype]``;
it exits 1 when any report has a problem (the strict build would fail on it).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path, PurePosixPath

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from .config import Cycle, parse_cycles
from .consistency import TEXT_SUFFIXES, stray_report_files
from .frontmatter import read_front_matter
from .model import (REPORT_LEFT_OUT, REPORT_SUFFIX, Problem, Report, duplicate_problem, find_duplicates, stray_file_problem,
                    undecodable_problem, validate_report)
from .warnings_ import NewsletterWarning


class Site:
    """What ``conf.py`` says about cycles and where reports live."""

    def __init__(self, confdir: Path):
        self.confdir = confdir
        conf = confdir / "conf.py"
        namespace = eval_config_file(conf, Tags()) if conf.is_file() else {}
        self.config_problems: list[str] = []
        self.cycles: dict[str, Cycle] = parse_cycles(namespace.get("newsletter_cycles", []),
                                                     report=self.config_problems.append)
        self.reports_dir = str(namespace.get("newsletter_reports_dir", "reports")).strip("/")

    def read(self, path: Path) -> Report:
        relative = path.resolve().relative_to((self.confdir / self.reports_dir).resolve())
        docname = f"{self.reports_dir}/{PurePosixPath(relative.as_posix()).with_suffix('')}"
        text = path.read_text(encoding="utf-8-sig")
        return validate_report(docname, PurePosixPath(relative.as_posix()), read_front_matter(text), self.cycles,
                               self.reports_dir)


def report_files(site: Site, paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Markdown reports and stray text files under ``paths`` (default: the whole reports folder)."""
    reports, strays = [], []
    for path in paths or [site.confdir / site.reports_dir]:
        if path.is_dir():
            reports += sorted(path.rglob(f"*{REPORT_SUFFIX}"))
            strays += stray_report_files(path)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            strays.append(path)
        else:
            reports.append(path)
    return reports, strays


def format_problem(path: str, problem: Problem, style: str) -> str:
    severity = "error" if problem.blocking else "warning"
    subtype = f"newsletter.{problem.subtype.value}"
    if style == "github":
        return f"::{severity} file={path},line={problem.line},title={subtype}::{problem.text}"
    return f"{path}:{problem.line}: {severity}: {problem.text} [{subtype}]"


def check(args: argparse.Namespace) -> int:
    site = Site(Path(args.confdir))
    for message in site.config_problems:
        print(f"conf.py: error: {message} [newsletter.config]", file=sys.stderr)
    reports, strays = report_files(site, [Path(p) for p in args.paths])
    found: list[tuple[str, Problem]] = []
    read: dict[str, tuple[str, Report]] = {}
    for path in reports:
        try:
            report = site.read(path)
        except ValueError:
            report = Report(docname=str(path))
            report.problems.append(Problem(1, NewsletterWarning.MISPLACED,
                                           f"not under {site.reports_dir}/: reports go in "
                                           f"{site.reports_dir}/<cycle>/<slug>.md", REPORT_LEFT_OUT))
        except UnicodeDecodeError as error:
            report = Report(docname=str(path))
            report.problems.append(undecodable_problem(error))
        read[report.docname] = (str(path), report)
        found += [(str(path), problem) for problem in report.problems]
    for first, later in find_duplicates(report for _, report in read.values()):
        found.append((read[later.docname][0], duplicate_problem(later, read[first.docname][0])))
    found += [(str(path), stray_file_problem(path)) for path in strays]
    for path, problem in sorted(found, key=lambda item: (item[0], item[1].line)):
        print(format_problem(path, problem, args.format))
    if args.format == "text":
        print(f"{len(reports)} report(s) checked, {len(found)} problem(s)", file=sys.stderr)
    return 1 if found or site.config_problems else 0


def cycles(args: argparse.Namespace) -> int:
    site = Site(Path(args.confdir))
    counts = Counter(path.parent.name for path in (site.confdir / site.reports_dir).glob(f"*/*{REPORT_SUFFIX}"))
    for cycle in site.cycles.values():
        status = f"published {cycle.published}" if cycle.is_published else "open"
        print(f"{cycle.name:<12} {cycle.title:<16} {cycle.window:<28} {status:<22} {counts[cycle.name]} report(s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsletter", description="Check trip reports of a Sphinx newsletter.")
    parser.add_argument("--confdir", default=".", help="folder holding conf.py (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate reports' front matter without building")
    check_parser.add_argument("paths", nargs="*", help="report files or folders (default: the reports folder)")
    check_parser.add_argument("--format", choices=("text", "github"), default="text",
                              help="github: GitHub Actions annotations")
    check_parser.set_defaults(run=check)
    cycles_parser = commands.add_parser("cycles", help="list release cycles with their windows and report counts")
    cycles_parser.set_defaults(run=cycles)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
