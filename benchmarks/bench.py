"""Build-performance benchmark: our newsletter against plain Sphinx and ABlog on the same reports.

    python benchmarks/bench.py [--sizes 100 1000 5000] [--huge] [--runs 3] [--no-ablog]
                               [--out BENCHMARKS.md] [--plot docs/benchmark.png]

For each size it writes one corpus (benchmarks/corpus.py) and three copies of it: the newsletter,
plain Sphinx (MyST, the same theme, reports as orphans, a minimal feedback directive), and ABlog
(front matter mapped to ABlog's, in a venv of its own). Each build is a whole process with its peak
RSS; the systems take turns (ours, plain, ..., ours, plain, ...) so that a slower minute of the
machine hits them alike, and each figure is the median of --runs after a warm-up. Systems that no
target depends on (ours with -j auto, ABlog) are built once above 1,000 reports. Then the
newsletter's incremental builds (no-op, edit one report, add one report) and `newsletter check`.
The last line checks the targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus

from sphinx_newsletter.progress import each

HERE = Path(__file__).parent
PROJECT_BIN = Path(sys.executable).parent
ABLOG_VENV = HERE / ".ablog-venv"
CYCLES = 10
TIME = shutil.which("time") and "/usr/bin/time"
ONE_RUN_ABOVE = 1000  # reports; above it the systems no target depends on are built once

NAIVE_FEEDBACK = '''
from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class Feedback(SphinxDirective):
    """What a naive feedback block costs: its body parsed into a container."""
    has_content = True
    option_spec = {"author": str, "date": str, "likes": str, "url": str}

    def run(self):
        box = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


def setup(app):
    app.add_directive("feedback", Feedback)
'''
COMMON_CONF = '''
project = "Benchmark newsletter"
myst_enable_extensions = ["colon_fence"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build", "feedback"]
suppress_warnings = ["image.not_readable"]
'''
PLAIN_CONF = COMMON_CONF + 'extensions = ["myst_parser"]\n' + NAIVE_FEEDBACK
ABLOG_CONF = COMMON_CONF + '''extensions = ["myst_parser", "ablog"]
blog_path = "blog"
blog_title = "Benchmark newsletter"
blog_baseurl = "https://news.example.org/"
post_date_format = "%Y-%m-%d"
fontawesome_included = True
''' + NAIVE_FEEDBACK
INDEX = "Benchmark newsletter\n====================\n\n.. toctree::\n   :hidden:\n\n{extra}"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    pages: int = 0


@dataclass
class Results:
    machine: dict = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)

    def add(self, **row) -> None:
        self.rows.append(row)
        print(" | ".join(f"{key}={value}" for key, value in row.items()), flush=True)

    def get(self, system: str, size: int, measure: str = "full"):
        for row in self.rows:
            if row["system"] == system and row["size"] == size and row["measure"] == measure:
                return row
        return None


def timed(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run a whole process; wall time and peak RSS of its main process (GNU time)."""
    prefix = [TIME, "-f", "%M"] if TIME else []
    start = time.perf_counter()
    result = subprocess.run(prefix + command, cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **env} if env else None)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    peak = float(result.stderr.strip().splitlines()[-1]) / 1024 if TIME else 0.0
    return Run(seconds, peak)


def html_mtimes(outdir: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in outdir.rglob("*.html")} if outdir.exists() else {}


def build_command(python_bin: Path, srcdir: Path, outdir: Path, jobs: str, *options: str) -> list[str]:
    return [str(python_bin / "sphinx-build"), "-b", "html", "-q", "-j", jobs, *options,
            "-d", str(outdir / ".doctrees"), str(srcdir), str(outdir)]


@dataclass
class System:
    """One system's full builds of one corpus."""

    name: str
    python_bin: Path
    srcdir: Path
    jobs: str = "1"
    runs: int = 3
    env: dict | None = None  # e.g. PYTHONPATH of an earlier revision of the extension
    results: list[Run] = field(default_factory=list)

    def build(self) -> Run:
        outdir = self.srcdir / "_build"
        shutil.rmtree(outdir, ignore_errors=True)
        run = timed(build_command(self.python_bin, self.srcdir, outdir, self.jobs), env=self.env)
        run.pages = len(html_mtimes(outdir))
        return run

    def median(self) -> Run:
        return Run(statistics.median(r.seconds for r in self.results), max(r.peak_mb for r in self.results),
                   self.results[-1].pages)


WARMED: set[str] = set()


def full_builds(systems: list[System]) -> None:
    """Each system's clean builds, taking turns; the first build of each system in a session is a warm-up."""
    for system in systems:
        if system.name not in WARMED:
            WARMED.add(system.name)
            system.build()
    rounds = max(system.runs for system in systems)
    for attempt in each(range(rounds), rounds, "full builds", "rounds"):
        for system in systems:
            if attempt < system.runs:
                system.results.append(system.build())


def incremental(python_bin: Path, srcdir: Path, change, runs: int, env: dict | None = None) -> Run:
    """Median of ``runs`` rebuilds, each after ``change(attempt)``; pages written by the last one."""
    outdir = srcdir / "_build"
    results = []
    for attempt in each(range(runs), runs, "rebuilds", "runs"):
        change(attempt)
        before = html_mtimes(outdir)
        run = timed(build_command(python_bin, srcdir, outdir, "1"), env=env)
        after = html_mtimes(outdir)
        run.pages = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
        results.append(run)
    return Run(statistics.median(r.seconds for r in results), max(r.peak_mb for r in results), results[-1].pages)


def plain_copy(corpus: Path, dest: Path) -> Path:
    shutil.copytree(corpus, dest)
    (dest / "conf.py").write_text(PLAIN_CONF)
    (dest / "index.rst").write_text(INDEX.format(extra=""))
    for report in (dest / "reports").rglob("*.md"):
        report.write_text(report.read_text().replace("---\n", "---\norphan: true\n", 1))
    return dest


def ablog_copy(corpus: Path, dest: Path) -> Path:
    shutil.copytree(corpus, dest)
    (dest / "conf.py").write_text(ABLOG_CONF)
    (dest / "index.rst").write_text(INDEX.format(extra="   blog\n"))
    (dest / "blog.rst").write_text("Blog\n====\n\n.. postlist::\n   :list-style: circle\n")
    for report in (dest / "reports").rglob("*.md"):
        text = report.read_text()
        front, body = text.split("---\n", 2)[1:]
        tags = re.search(r"^tags: \[(.*)\]$", front, re.MULTILINE).group(1)
        front = re.sub(r"^tags: .*$", f"tags: {tags}", front, flags=re.MULTILINE)
        report.write_text(f"---\nblogpost: true\n{front}---\n{body}")
    return dest


def ablog_python() -> Path | None:
    """A venv with ABlog and the same Sphinx stack, made on first use; None when it cannot be made."""
    python_bin = ABLOG_VENV / "bin"
    if (python_bin / "sphinx-build").exists():
        return python_bin
    try:
        subprocess.run([sys.executable, "-m", "venv", str(ABLOG_VENV)], check=True, capture_output=True)
        subprocess.run([str(python_bin / "python"), "-m", "pip", "install", "--quiet", "ablog", "myst-parser",
                        "sphinx-book-theme"], check=True, capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError) as error:
        print(f"ABlog could not be installed, it is left out: {error}", flush=True)
        shutil.rmtree(ABLOG_VENV, ignore_errors=True)
        return None
    return python_bin


def package_versions(python_bin: Path, names: list[str]) -> dict[str, str]:
    code = ("import importlib.metadata as m, json, sys; "
            "print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))")
    result = subprocess.run([str(python_bin / "python"), "-c", code, *names], capture_output=True, text=True)
    return json.loads(result.stdout) if result.returncode == 0 else {}


def edit_one(srcdir: Path):
    report = sorted((srcdir / "reports").rglob("*.md"))[len(list((srcdir / "reports").rglob("*.md"))) // 2]

    def change(attempt: int) -> None:
        text = report.read_text()
        report.write_text(re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} (edit {attempt})",
                                 text, count=1, flags=re.MULTILINE))
    return change


def add_one(srcdir: Path):
    folder = sorted((srcdir / "reports").iterdir())[-1]

    def change(attempt: int) -> None:
        day = dt.date.fromisoformat(re.search(r"^date: (.*)$", next(folder.glob("*.md")).read_text(),
                                              re.MULTILINE).group(1))
        (folder / f"added-{attempt}.md").write_text(
            f"---\ntitle: Added report {attempt}\nauthor: New Author\ndate: {day}\ntags: [nova]\n---\n\nNew text.\n")
    return change


def console_script(src: Path | None) -> list[str]:
    """The ``newsletter`` command: this checkout's, or that of the revision whose ``src`` is given, run
    through the entry point its own ``pyproject.toml`` names (it moved from ``cli:main`` to
    ``console:run``)."""
    if src is None:
        return [str(PROJECT_BIN / "newsletter")]
    import tomllib  # Python 3.11, which the benchmarks run on

    project = tomllib.loads((src.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    entry = project["scripts"]["newsletter"]
    module, function = entry.split(":")
    return [str(PROJECT_BIN / "python"), "-c", f"import sys; from {module} import {function}; sys.exit({function}())"]


def benchmark_size(size: int, args, results: Results, scratch: Path, ablog_bin: Path | None) -> None:
    corpus = scratch / f"newsletter-{size}"
    write_corpus(corpus, size, CYCLES, seed=1)
    informative_runs = args.runs if size <= ONE_RUN_ABOVE else 1
    systems = [System("newsletter -j1", PROJECT_BIN, corpus, runs=args.runs),
               System("plain sphinx", PROJECT_BIN, plain_copy(corpus, scratch / f"plain-{size}"), runs=args.runs),
               System(f"newsletter -j{os.cpu_count() or 1}", PROJECT_BIN, corpus, "auto", informative_runs)]
    if args.baseline and size <= ONE_RUN_ABOVE:
        systems.insert(1, System(f"newsletter @{args.baseline}", PROJECT_BIN, corpus, runs=args.runs,
                                 env={"PYTHONPATH": str(args.baseline_src)}))
    if ablog_bin is not None:
        systems.append(System("ablog", ablog_bin, ablog_copy(corpus, scratch / f"ablog-{size}"),
                              runs=informative_runs))
    full_builds(systems)
    for system in systems:
        run = system.median()
        results.add(system=system.name, size=size, measure="full", seconds=round(run.seconds, 2),
                    per_report_ms=round(run.seconds / size * 1000, 2), peak_mb=round(run.peak_mb), pages=run.pages)
    if ablog_bin is not None and size <= ONE_RUN_ABOVE:
        ablog = systems[-1].srcdir  # rebuilt from its last full build
        for measure, change in (("no-op", lambda attempt: None), ("edit one", edit_one(ablog))):
            run = incremental(ablog_bin, ablog, change, args.runs)
            results.add(system="ablog", size=size, measure=measure, seconds=round(run.seconds, 2),
                        peak_mb=round(run.peak_mb), pages=run.pages)
    # the incremental builds start from the newsletter's last full build of the corpus; with a baseline
    # revision, the same rebuilds of a copy built by that revision, measure by measure in turn
    rebuilt = [("newsletter -j1", corpus, None)]
    if args.baseline:
        copy = scratch / f"baseline-{size}"
        shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns("_build"))
        base_env = {"PYTHONPATH": str(args.baseline_src)}
        timed(build_command(PROJECT_BIN, copy, copy / "_build", "1"), env=base_env)
        rebuilt.append((f"newsletter @{args.baseline}", copy, base_env))
    for measure in ("no-op", "edit one", "add one"):
        for name, srcdir, env in rebuilt:
            change = {"no-op": lambda attempt: None, "edit one": edit_one(srcdir), "add one": add_one(srcdir)}[measure]
            run = incremental(PROJECT_BIN, srcdir, change, args.runs, env)
            results.add(system=name, size=size, measure=measure, seconds=round(run.seconds, 2),
                        peak_mb=round(run.peak_mb), pages=run.pages)
    for name, srcdir, env in rebuilt:
        check = [*console_script(args.baseline_src if env else None), "check"]
        label = "newsletter check" + (name[len("newsletter"):] if env else "")
        runs = [timed([*check, "--no-cache"], cwd=srcdir, env=env) for _ in range(args.runs + 1)][1:]
        results.add(system=label, size=size, measure="check", seconds=round(statistics.median(r.seconds for r in runs), 2),
                    peak_mb=round(max(r.peak_mb for r in runs)))
        with tempfile.TemporaryDirectory() as cache:  # again, with what the first check kept
            cached = {**(env or {}), "NEWSLETTER_CACHE_DIR": cache}
            runs = [timed(check, cwd=srcdir, env=cached) for _ in range(args.runs + 1)][1:]
        results.add(system=label, size=size, measure="check again",
                    seconds=round(statistics.median(r.seconds for r in runs), 2),
                    peak_mb=round(max(r.peak_mb for r in runs)))
        shutil.rmtree(srcdir, ignore_errors=True)


def verdicts(results: Results, sizes: list[int]) -> list[tuple[str, bool, str]]:
    """(target, met, figures) for each target the issue sets."""
    out = []
    get = results.get

    def ratio(a, b):
        return a["seconds"] / b["seconds"] if a and b else None

    baseline = [(size, ratio(get("newsletter -j1", size), get(name, size))) for size in sizes
                for name in {row["system"] for row in results.rows if row["system"].startswith("newsletter @")}
                if get(name, size)]
    if baseline:
        out.append(("full build no slower than the baseline revision's, measured in the same run",
                    all(r <= 1.0 for s, r in baseline),
                    ", ".join(f"{s}: {100 * (r - 1):+.1f} %" for s, r in baseline)))
    base_names = sorted({row["system"] for row in results.rows if row["system"].startswith("newsletter @")})
    same_run = [(f"{measure} at {size}", ratio(get(ours, size, measure), get(theirs, size, measure)))
                for name in base_names for size in sizes
                for measure, ours, theirs in (("no-op", "newsletter -j1", name), ("edit one", "newsletter -j1", name),
                                              ("add one", "newsletter -j1", name),
                                              ("check", "newsletter check", "newsletter check" + name[len("newsletter"):]))
                if get(ours, size, measure) and get(theirs, size, measure)]
    if same_run:
        out.append(("rebuilds and check at most 5 % slower than the baseline revision's, same run",
                    all(r <= 1.05 for _, r in same_run), ", ".join(f"{what}: {100 * (r - 1):+.1f} %"
                                                               for what, r in same_run)))
    ratios = {size: ratio(get("newsletter -j1", size), get("plain sphinx", size)) for size in sizes}
    out.append(("full build <= 1.15 x plain Sphinx", all(r is not None and r <= 1.15 for r in ratios.values()),
                ", ".join(f"{s}: {r:.2f}x" for s, r in ratios.items() if r)))
    if 1000 in sizes and 5000 in sizes:
        linear = get("newsletter -j1", 5000)["per_report_ms"] / get("newsletter -j1", 1000)["per_report_ms"]
        out.append(("per-report cost at 5000 <= 1.2 x at 1000", linear <= 1.2, f"{linear:.2f}x"))
    for measure, limits in (("edit one", {1000: 4, 5000: 6}), ("no-op", {1000: 2, 5000: 3})):
        for size, limit in limits.items():
            row = get("newsletter -j1", size, measure)
            if row:
                out.append((f"{measure} rebuild at {size} <= {limit} s", row["seconds"] <= limit,
                            f"{row['seconds']} s, {row['pages']} pages written"))
    check = get("newsletter check", 5000, "check")
    if check:
        out.append(("newsletter check of 5000 reports <= 2 s", check["seconds"] <= 2, f"{check['seconds']} s"))
    full = get("newsletter -j1", 5000)
    if full:
        out.append(("peak memory at 5000 <= 4 GiB", full["peak_mb"] <= 4096, f"{full['peak_mb']} MB"))
    ablog = {size: ratio(get("ablog", size), get("newsletter -j1", size)) for size in sizes}
    if any(ablog.values()):
        out.append(("faster than ABlog at every size", all(r is not None and r > 1 for r in ablog.values()),
                    ", ".join(f"{s}: ABlog takes {r:.1f}x as long" for s, r in ablog.items() if r)))
    return out


def plot(results: Results, sizes: list[int], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=110)
    systems = sorted({row["system"] for row in results.rows if row["measure"] == "full"})
    for system in systems:
        points = [(size, row["per_report_ms"]) for size in sizes if (row := results.get(system, size))]
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=system)
    axes.set_xscale("log")
    axes.set_xlabel("reports in the corpus")
    axes.set_ylabel("full build, ms per report")
    axes.set_title("Build cost per report (lower is better; flat is linear)")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)


def markdown(results: Results, sizes: list[int], checks, plot_path: Path | None) -> str:
    machine = results.machine
    lines = ["# Build benchmarks", "",
             f"`make bench` on {machine['date']}: {machine['cores']} cores, {machine['memory']}, "
             f"Python {machine['python']}; " + ", ".join(f"{k} {v}" for k, v in machine["packages"].items()) + ".",
             f"ABlog venv: {', '.join(f'{k} {v}' for k, v in machine.get('ablog', {}).items()) or 'not installed'}.",
             f"Corpus: `benchmarks/corpus.py`, seed 1, {CYCLES} cycles, 500–900 words, 0–5 feedback blocks a "
             "report, feedback files for about 30%. Whole-process runs; median of "
             f"{machine['runs']} (the first build of each system is a warm-up), the systems taking turns; above "
             f"{ONE_RUN_ABOVE:,} reports one run of the systems no target depends on (-j auto, ABlog); peak RSS of the "
             "main process; ABlog's rebuilds are measured up to 1,000 reports.", "",
             "## Full builds", "", "| system | reports | seconds | ms per report | peak RSS (MB) | pages |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in results.rows:
        if row["measure"] == "full":
            lines.append(f"| {row['system']} | {row['size']} | {row['seconds']} | {row['per_report_ms']} | "
                         f"{row['peak_mb']} | {row['pages']} |")
    lines += ["", "## Rebuilds and checks", "", "| system | reports | measure | seconds | pages written |",
              "| --- | ---: | --- | ---: | ---: |"]
    for row in results.rows:
        if row["measure"] != "full":
            lines.append(f"| {row['system']} | {row['size']} | {row['measure']} | {row['seconds']} | "
                         f"{row.get('pages', '')} |")
    lines += ["", "## Targets", "", "| target | met | figures |", "| --- | --- | --- |"]
    lines += [f"| {name} | {'yes' if met else '**no**'} | {figures} |" for name, met, figures in checks]
    if plot_path:
        lines += ["", f"![ms per report against corpus size](docs/{plot_path.name})"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--huge", action="store_true", help="add 10,000 reports")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-ablog", action="store_true")
    parser.add_argument("--baseline", help="also build with the extension at this git revision (up to 1,000 "
                                           "reports), e.g. the commit before a change whose cost is measured")
    parser.add_argument("--out", type=Path, help="write the results as markdown here (e.g. BENCHMARKS.md)")
    parser.add_argument("--plot", type=Path, help="write the per-report plot here (e.g. docs/benchmark.png)")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([10000] if args.huge else [])))
    ablog_bin = None if args.no_ablog else ablog_python()
    results = Results(machine={
        "date": dt.date.today().isoformat(), "cores": os.cpu_count(), "python": platform.python_version(),
        "memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB",
        "packages": package_versions(PROJECT_BIN, ["sphinx", "myst-parser", "sphinx-book-theme", "docutils"]),
        "ablog": package_versions(ablog_bin, ["ablog", "sphinx"]) if ablog_bin else {}, "runs": args.runs})
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        if args.baseline:  # a checkout of the earlier revision; its src/ goes first on PYTHONPATH
            worktree = Path(scratch) / "baseline"
            subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.baseline], cwd=HERE.parent,
                           check=True, capture_output=True)
            args.baseline_src = worktree / "src"
        for size in sizes:
            benchmark_size(size, args, results, Path(scratch), ablog_bin)
    checks = verdicts(results, sizes)
    if args.baseline:
        subprocess.run(["git", "worktree", "prune"], cwd=HERE.parent, check=False)
    if args.plot:
        plot(results, sizes, args.plot)
    if args.out:
        args.out.write_text(markdown(results, sizes, checks, args.plot))
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    print("TARGETS: " + "; ".join(f"{name}: {'met' if met else 'MISSED'} ({figures})" for name, met, figures in checks))


if __name__ == "__main__":
    main()
