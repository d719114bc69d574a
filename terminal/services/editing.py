"""The facilitators' editor, without a screen: the file edited, its checks, its cases,
saving, publishing, and what the kiosks say of the questionnaire they use.

The editor (`terminal.editor`) drives these; each can be tested without a terminal.
Without a file named, the editor works on a draft in the data dir, first copied from
the questionnaire the kiosk uses (with its media), so that the published versions are
never edited in place. No Textual here.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from questionnaires.cases import CaseOutcome
    from questionnaires.library import Library
    from questionnaires.loading import Checked
    from questionnaires.problems import Problem
    from terminal.settings.model import KioskConfig

DRAFT = Path("draft") / "questionnaire.yaml"
# The editor's try runs `diagnum questionnaire preview` in its own terminal, which it
# redraws at once: it names a file here, where the command writes why it failed.
FAILURE_FILE = "DIAGNUM_FAILURE_FILE"


def draft_path(config: KioskConfig) -> Path:
    return config.data_dir / "questionnaires" / DRAFT


def file_to_edit(config: KioskConfig, named: Path | None) -> Path:
    """The file named, or the draft: made from the questionnaire in use if missing."""
    if named is not None:
        return named
    draft = draft_path(config)
    if not draft.exists():
        from terminal.services.in_use import chosen_path

        copy_with_media(chosen_path(config), draft)
    return draft


def copy_with_media(source: Path, target: Path) -> None:
    """A questionnaire file and the media it names, at the same places beside it."""
    from questionnaires.library import write_durably
    from questionnaires.loading import QuestionnaireError, load_questionnaire
    from questionnaires.media import media_uses, resolve
    from questionnaires.schema import schema_text

    target.parent.mkdir(parents=True, exist_ok=True)
    write_durably(target, source.read_bytes())
    try:
        questionnaire = load_questionnaire(source)
    except QuestionnaireError:
        questionnaire = None
    for use in media_uses(questionnaire) if questionnaire else ():
        copied = resolve(target.parent, use.path)
        if not copied.exists():
            copied.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(resolve(source.parent, use.path), copied)
            except OSError:
                continue  # validation says which file is missing
    schema = target.parent / "questionnaire.schema.json"
    if not schema.exists():
        write_durably(schema, schema_text().encode("utf-8"))


@dataclass(frozen=True)
class Checks:
    """What the editor shows of the text being typed."""

    checked: Checked
    problems: tuple[Problem, ...]  # in the order of their lines, versions' included

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


def check_text(text: str, path: Path, library: Library) -> Checks:
    """Every problem of the text as if it were the file at ``path`` (unsaved)."""
    from questionnaires.loading import check_text as check

    return with_versions(check(text, path), library)


def check_path(path: Path, library: Library) -> Checks:
    """Every problem of a file, as `diagnum questionnaire validate` prints them."""
    from questionnaires.loading import check_file

    return with_versions(check_file(path), library)


def with_versions(checked: Checked, library: Library) -> Checks:
    """A file's own problems and what the versions already published say of it, in the
    order of its lines."""
    problems = [*checked.problems, *library.check(checked)]
    return Checks(checked, tuple(sorted(problems, key=lambda p: (p.line or 0, p.column or 0))))


def save(path: Path, text: str) -> None:
    """Write the file whole, or not at all (`storage.StorageError`, with its reason)."""
    from storage.atomic import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text.encode("utf-8"), action="save the questionnaire")


def run_cases(checks: Checks) -> list[CaseOutcome] | None:
    """The cases' outcomes, or None while the text has errors."""
    from questionnaires.cases import run_cases as run

    questionnaire = checks.checked.questionnaire
    if questionnaire is None or checks.errors:
        return None
    return run(questionnaire)


def kiosk_notes(config: KioskConfig, language: str) -> list[str]:
    """What each kiosk sharing this data dir uses, and any file it refused."""
    from terminal.i18n import translate
    from terminal.services.in_use import kiosk_statuses

    notes = []
    for status in kiosk_statuses(config):
        host = str(status.get("host", "?"))
        notes.append(
            translate(
                language,
                "editor.kiosk_uses",
                host=host,
                id=status.get("id", "?"),
                version=status.get("version", "?"),
            )
        )
        refused = status.get("refused")
        if isinstance(refused, dict):
            key = "problems" if language == "fr" else "problems_en"
            problems = refused.get(key) or refused.get("problems") or []
            first = str(problems[0]) if problems else ""
            notes.append(
                translate(
                    language,
                    "editor.kiosk_refused",
                    host=host,
                    path=refused.get("path", "?"),
                    count=len(problems),
                    first=first,
                )
            )
    return notes
