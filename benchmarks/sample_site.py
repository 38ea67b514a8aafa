"""No-op and full builds of this repository's own sample site with generated reports added.

    python benchmarks/sample_site.py [--reports 1000] [--runs 5]

The site (conf.py with its extensions, index, the sample reports, feedback and manifests) is copied
to a scratch folder, ``--reports`` generated reports are added to its open cycle (Folsom), and the
site is built once; then the median of ``--runs`` no-op rebuilds is printed. This is the figure the
"no-op rebuild of the sample site with 1,000 reports" target speaks of: it includes the site's own
extensions (sphinxext-opengraph, sphinx-sitemap), unlike the generated corpora of bench.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import report_text

REPO = Path(__file__).parent.parent
SITE_FILES = ("conf.py", "index.rst", "reports", "feedback", "published", "notes", "_templates", "_static")


def sample_site(dest: Path, reports: int) -> Path:
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    rng = random.Random(1)
    folder = dest / "reports" / "folsom"
    start = dt.date(2012, 4, 6)
    for index in range(reports):
        day = start + dt.timedelta(days=rng.randint(0, 170))
        text = report_text(rng, index, day).replace("![A diagram of the session](diagram.png)\n\n", "")
        (folder / f"generated-{index:05d}.md").write_text(text, encoding="utf-8")
    return dest


def build(srcdir: Path) -> float:
    command = [str(Path(sys.executable).parent / "sphinx-build"), "-b", "html", "-q", "-d",
               str(srcdir / "_build" / ".doctrees"), str(srcdir), str(srcdir / "_build" / "html")]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        srcdir = sample_site(Path(scratch), args.reports)
        full = build(srcdir)
        noop = statistics.median(build(srcdir) for _ in range(args.runs))
    print(f"| sample site + {args.reports} reports | full build {full:.2f} s | no-op rebuild {noop:.2f} s "
          f"(median of {args.runs}) |")


if __name__ == "__main__":
    main()
