"""Write a synthetic newsletter of N realistic reports over M cycles, the same for the same seed.

    python benchmarks/corpus.py DEST --reports 1000 --cycles 10 --seed 1

Each report has front matter, 500-900 words under headings, a list, a code block, an image, and
0-5 feedback blocks; some have a feedback file. DEST gets conf.py and index.rst of its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

WORDS = ("cloud compute storage network summit design session operators upgrade release scheduler "
         "identity dashboard quota image volume object proxy ring replica region zone cell gate review "
         "patch blueprint community meetup keynote track panel hallway mailing list governance board "
         "incubation packaging stable branch backport migration database queue message api client").split()
TAGS = ["nova", "swift", "keystone", "glance", "horizon", "quantum", "cinder", "design-summit", "meetup",
        "conference", "governance", "packaging", "testing", "release", "operators", "security", "docs"]
NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim", "Li", "Priya",
         "Tom", "Aiko", "Élodie", "Marco", "Giulia", "Hannah", "Jane", "Omar"]
SURNAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Lee",
            "Wei", "Raman", "Okafor", "Tanaka", "Martin", "Bellini", "Conti", "Schultz", "Doe", "Haddad"]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a1d6e3f40000000049454e44ae426082")
"""A 1x1 PNG: reports attach images in their own folder (SVG is refused: it runs scripts)."""
HTML_SNIPPETS = ["Water is H<sub>2</sub>O and the room held 10<sup>2</sup> people.",
                 "<details>\n<summary>The full schedule</summary>\n\nTwo days of sessions.\n\n</details>",
                 "Slides are <a href=\"https://example.org/slides\">online</a>; <small>ask for the PDF</small>.",
                 "| Room | Notes |\n|---|---|\n| A | first<br>second |"]
"""Raw HTML as trip reports use it (about a third of the reports carry some), and a hard break."""


TEXT: list[str] = []
"""Words of real prose, in order (``use_text``): when set, sentences are runs of it instead of draws from
``WORDS``, so words come as often, and together, as people write them."""
TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


def use_text(folder: Path) -> int:
    """Draw the reports' prose from the markdown files under ``folder`` (links, code and markup left out);
    the number of words read."""
    words: list[str] = []
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"```.*?```|`[^`\n]*`|\]\([^)]*\)|<[^>]*>|https?://\S+", " ", text, flags=re.S)
        words += TOKEN.findall(text)
    TEXT[:] = [word.lower() for word in words]
    return len(TEXT)


def sentence(rng: random.Random, words: int) -> str:
    if TEXT:
        start = rng.randrange(len(TEXT) - words)
        text = " ".join(TEXT[start:start + words])
    else:
        text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        size = min(left, rng.randint(8, 20))
        out.append(sentence(rng, size))
        left -= size
    return " ".join(out)


def person(rng: random.Random) -> str:
    return f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"


def cycles(count: int) -> list[dict]:
    start = dt.date(2010, 10, 21)
    out = []
    for index in range(count):
        end = start + dt.timedelta(days=182)
        status = "published" if index < count - 1 else "open"
        out.append({"name": f"c{index:02d}", "title": f"Cycle {index + 1}", "start": start.isoformat(),
                    "end": end.isoformat(), "status": status})
        start = end
    return out


def feedback_block(rng: random.Random, day: dt.date, fence: str = ":::") -> str:
    later = day + dt.timedelta(days=rng.randint(1, 20))
    return (f"{fence}{{feedback}}\n:author: {person(rng)}\n:date: {later}\n:likes: {rng.randint(0, 9)}\n\n"
            f"{paragraph(rng, rng.randint(15, 50))}\n{fence}\n")


def report_text(rng: random.Random, index: int, day: dt.date) -> str:
    tags = rng.sample(TAGS, rng.randint(1, 4))
    words = rng.randint(500, 900)
    sections = [paragraph(rng, 60)]
    per_section = (words - 60) // 4
    for _number in range(1, 4):
        sections.append(f"## {sentence(rng, 3)[:-1]}\n\n{paragraph(rng, per_section)}")
    sections.append("- " + "\n- ".join(sentence(rng, 6) for _ in range(4)))
    sections.append("```text\nnova-manage service list\nswift-ring-builder object.builder\n```")
    sections.append(f"![A diagram of the session](diagram.png)\n\n{paragraph(rng, per_section)}")
    if rng.random() < 0.35:
        sections.append(rng.choice(HTML_SNIPPETS))
        sections.append("A line with a hard break\\\nafter it.")
    sections += [feedback_block(rng, day) for _ in range(rng.randint(0, 5))]
    front = (f"---\ntitle: {sentence(rng, 5)[:-1]} ({index})\nauthor: {person(rng)}\ndate: {day}\n"
             f"event: {rng.choice(['Design Summit', 'Meetup', 'Conference', 'Hackathon'])} {day.year}\n"
             f"location: {rng.choice(['Boston', 'Paris', 'Tokyo', 'Berlin', 'Austin'])}\n"
             f"tags: [{', '.join(tags)}]\n---\n\n")
    return front + "\n\n".join(sections) + "\n"


def feedback_file(rng: random.Random, day: dt.date) -> str:
    entries = []
    for _ in range(rng.randint(1, 3)):
        later = day + dt.timedelta(days=rng.randint(1, 30))
        entries.append(f"- author: {person(rng)}\n  date: {later}\n  likes: {rng.randint(0, 5)}\n"
                       f"  body: |\n    {paragraph(rng, 30)}\n")
    return "".join(entries)


def write_corpus(dest: Path, reports: int, cycle_count: int, seed: int, conf_extra: str = "",
                 extensions: str = '["sphinx_newsletter"]') -> None:
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    plan = cycles(cycle_count)
    (dest / "conf.py").write_text(
        f"project = 'Benchmark newsletter'\nextensions = {extensions}\nnewsletter_cycles = {plan!r}\n"
        "myst_enable_extensions = ['colon_fence']\nhtml_theme = 'sphinx_book_theme'\n"
        "exclude_patterns = ['_build', 'feedback']\n" + conf_extra)
    (dest / "index.rst").write_text("Benchmark newsletter\n====================\n\n.. newsletter-edition::\n\n"
                                    ".. newsletter-archive::\n\n.. toctree::\n   :hidden:\n\n   editions/index\n"
                                    "   tags/index\n   authors/index\n   events/index\n")
    for index in range(reports):
        cycle = plan[index % cycle_count]
        start = dt.date.fromisoformat(cycle["start"])
        day = start + dt.timedelta(days=rng.randint(1, 170))
        folder = dest / "reports" / cycle["name"]
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "diagram.png").exists():
            (folder / "diagram.png").write_bytes(PNG)
        (folder / f"r{index:05d}.md").write_text(report_text(rng, index, day))
        if rng.random() < 0.3:
            target = dest / "feedback" / cycle["name"] / f"r{index:05d}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(feedback_file(rng, day))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.dest, args.reports, args.cycles, args.seed)


if __name__ == "__main__":
    main()
