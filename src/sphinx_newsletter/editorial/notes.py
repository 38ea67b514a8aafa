"""Editors' notes: ``notes/<cycle>.md`` opens an edition (reno's prelude, a newsletter's intro), on
the edition page, in its mail-ready issue and in its feed. No Sphinx here.

A note arrives by pull request like a report, so it is read the way reader feedback is: bounded,
without control characters, as restricted markdown (paragraphs, emphasis, code, lists, quotes, links
to http, https or mailto addresses; no HTML, no images, no directives). Its problems (a refused link,
a directive fence, a file naming no cycle) are found once, here, for the build and ``newsletter check``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sphinx_newsletter.core.paths import UnsafeFile, read_regular_file
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.records import file_digest, read_record
from sphinx_newsletter.core.report import REPORT_SUFFIX, undecodable_problem, without_control_characters
from sphinx_newsletter.core.settings import Settings

MAX_NOTE_BYTES = 64 * 1024
NOTE_LEFT_OUT = "the note is left out until this is fixed"


@dataclass
class Note:
    """An edition's note as written (``text``), where it is shown from, and its problems."""

    cycle: str
    path: str  # relative to the source folder
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    digest: str | None = None  # sha256 of the file as read (what a publication record holds)

    @property
    def shown(self) -> bool:
        return bool(self.text.strip()) and not any(problem.blocking for problem in self.problems)


def note_path(srcdir: Path, settings: Settings, cycle: str) -> Path:
    return srcdir / settings.notes_dir / f"{cycle}{REPORT_SUFFIX}"


def read_note(srcdir: Path, settings: Settings, cycle: str) -> Note | None:
    """The cycle's note, or ``None`` when it has none."""
    path = note_path(srcdir, settings, cycle)
    if not path.exists() and not path.is_symlink():
        return None
    note = Note(cycle, path.relative_to(srcdir).as_posix())
    try:
        data = read_regular_file(path, srcdir, MAX_NOTE_BYTES)
        note.digest = file_digest(data)
        text = data.decode("utf-8-sig")
    except UnsafeFile as refusal:
        note.problems.append(Problem(1, W.REFUSED, f"not read: {refusal}", NOTE_LEFT_OUT))
        return note
    except UnicodeDecodeError as error:
        note.problems.append(undecodable_problem(error, W.BAD_VALUE, NOTE_LEFT_OUT))
        return note
    note.text, control = without_control_characters(text)
    note.problems += control
    from sphinx_newsletter.feedback.markup import body_problems  # the restricted markdown of feedback

    note.problems += body_problems(note.text, 1)
    return note


def read_notes(srcdir: Path, settings: Settings) -> dict[str, Note]:
    """Every cycle's note, by cycle name."""
    notes = {name: read_note(srcdir, settings, name) for name in settings.cycles}
    return {name: note for name, note in notes.items() if note is not None}


def note_problems(srcdir: Path, settings: Settings) -> list[tuple[str, Problem]]:
    """The problems of every note, notes that name no cycle, and notes changed after their edition
    was published (the record holds the note as it went out)."""
    notes = read_notes(srcdir, settings)
    problems = [(note.path, problem) for note in notes.values() for problem in note.problems]
    for cycle in settings.cycles.values():
        record = read_record(srcdir / settings.published_dir, cycle.name)
        note = notes.get(cycle.name)
        if record is not None and (note.digest if note else None) != record.note:
            shown = note_path(srcdir, settings, cycle.name).relative_to(srcdir).as_posix()
            problems.append((shown, Problem(1, W.FROZEN, f"the editor's note of the {cycle.title} edition changed "
                                                         f"after it was published on {record.published}: undo the "
                                                         "edit (a note goes out once)", error=True)))
    folder = srcdir / settings.notes_dir
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.stem not in settings.all_cycles or path.suffix != REPORT_SUFFIX:
                problems.append((path.relative_to(srcdir).as_posix(), Problem(
                    1, W.MISPLACED, f"an editor's note is {settings.notes_dir}/<cycle>{REPORT_SUFFIX} for a cycle in "
                                    f"newsletter_cycles ({', '.join(settings.all_cycles) or 'none'}): rename it")))
    return problems
