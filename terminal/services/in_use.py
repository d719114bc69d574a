"""Which questionnaire the kiosk uses, when that changes, and what staff must know.

The kiosk uses, in order: the file its settings name (`questionnaire`), else the
version published last (or chosen with `diagnum questionnaire use`), else the one
shipped with Diagnum. It looks again at every welcome screen (`changed`): a newly
published valid version is used from then on. A file that does not load, or that
changes a version already used, never replaces the running questionnaire: the kiosk
keeps the last valid version, and says why in the log and in its status file, which
staff screens (the editor, `diagnum questionnaire versions`) read; never to the public.

A configured file is kept in the library the first time a version of it is used
(see `questionnaires.library`), so its QR codes still decode after it is edited.
No Textual here.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from questionnaires.problems import Words

if TYPE_CHECKING:
    from questionnaires.library import Library, Version
    from questionnaires.model import Questionnaire
    from terminal.settings.model import KioskConfig

log = logging.getLogger("diagnum.questionnaire")

STATUS_FOLDER = "in-use"

# What is looked at to notice a change: (path, size, mtime in ns, inode) of each.
Fingerprint = tuple[tuple[str, int, int, int], ...]


@dataclass(frozen=True)
class Refusal:
    """A file the kiosk did not take, and why (for staff, in French and English)."""

    path: Path
    problems: tuple[Words, ...]


@dataclass(frozen=True)
class InUse:
    """The questionnaire the kiosk uses, the file it is read from (its media are beside:
    for a file in the settings, its copy kept in the library), and what was refused."""

    questionnaire: Questionnaire
    path: Path
    fingerprint: Fingerprint
    refusal: Refusal | None = None


def library_of(config: KioskConfig) -> Library:
    from questionnaires.library import Library

    return Library(config.data_dir / "questionnaires")


def chosen_path(config: KioskConfig) -> Path:
    """The file the settings, then the publications, say the kiosk should use."""
    from questionnaires.loading import DEFAULT_FILE

    if config.questionnaire is not None:
        return config.questionnaire
    current = library_of(config).current()
    return current.path if current is not None else DEFAULT_FILE


def choosable(config: KioskConfig) -> list[tuple[Version, bool]]:
    """Every version staff can set the kiosk to, and whether the kiosk uses it now."""
    using = chosen_path(config)
    return [(v, v.path == using) for v in library_of(config).choosable()]


def fingerprint(config: KioskConfig) -> Fingerprint:
    """What changes when a file is edited or a version is published or chosen."""
    from questionnaires.library import CURRENT

    watched = [config.data_dir / "questionnaires" / CURRENT, chosen_path(config)]
    return tuple(_stat(path) for path in watched)


def _stat(path: Path) -> tuple[str, int, int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (str(path), -1, -1, -1)
    return (str(path), status.st_size, status.st_mtime_ns, status.st_ino)


def load_in_use(config: KioskConfig, now: datetime) -> InUse:
    """The questionnaire to use now; `QuestionnaireError` if the chosen file cannot be
    used and no earlier valid version of it is known. A file refused for a reason that
    leaves a valid version to use instead (a version changed in place) comes back as
    that version, with its `refusal`."""
    from questionnaires.loading import DEFAULT_FILE, load_questionnaire

    marks = fingerprint(config)
    if config.questionnaire is not None:
        return _configured(config, config.questionnaire, marks, now)
    library = library_of(config)
    current = library.current()
    if current is None:
        return InUse(
            load_questionnaire(DEFAULT_FILE, cache_dir=config.cache_dir), DEFAULT_FILE, marks
        )
    if library.intact(current, config.cache_dir):
        path = current.path
        return InUse(load_questionnaire(path, cache_dir=config.cache_dir), path, marks)
    # A published file edited by hand: its version means what it meant when published,
    # and only that. The newest other version still intact, else Diagnum's, stands in.
    words = _edited_by_hand(current.path)
    log.warning("%s", words.in_language("en"))
    refusal = Refusal(current.path, (words,))
    for other in library.published():
        same = other.id == current.id and other.path != current.path
        if same and library.intact(other, config.cache_dir):
            copy = load_questionnaire(other.path, cache_dir=config.cache_dir)
            return InUse(copy, other.path, marks, refusal)
    shipped = load_questionnaire(DEFAULT_FILE, cache_dir=config.cache_dir)
    return InUse(shipped, DEFAULT_FILE, marks, refusal)


def _configured(config: KioskConfig, path: Path, marks: Fingerprint, now: datetime) -> InUse:
    """The file the settings name, kept in the library the first time it is used."""
    from questionnaires.library import PublishError, VersionChanged
    from questionnaires.loading import load_questionnaire

    questionnaire = load_questionnaire(path, cache_dir=config.cache_dir)
    try:
        kept = library_of(config).keep(questionnaire, path, now)
    except VersionChanged as changed:
        log.warning("%s", changed.words.in_language("en"))
        refusal = Refusal(path, (changed.words,))
        copy = load_questionnaire(changed.kept.path, cache_dir=config.cache_dir)
        return InUse(copy, changed.kept.path, marks, refusal)
    except (PublishError, OSError) as error:
        # The kiosk still works; only a later edit of this file could not be told apart.
        log.warning("questionnaire %s not kept in the library: %s", path, error)
        return InUse(questionnaire, path, marks)
    return InUse(questionnaire, kept.path, marks)


def _edited_by_hand(path: Path) -> Words:
    return Words(
        f"{path} a été modifié après sa publication : la borne ne l'utilise pas. Publiez "
        "la modification comme une nouvelle version (diagnum editor)",
        f"{path} was changed after it was published: the kiosk does not use it. Publish "
        "the change as a new version (diagnum editor)",
    )


def last_valid(config: KioskConfig) -> InUse | None:
    """The version this kiosk used last, from its status file, if it still loads."""
    from questionnaires.loading import QuestionnaireError, load_questionnaire

    status = read_status(status_file(config))
    kept = status.get("path") if status else None
    if not isinstance(kept, str):
        return None
    try:
        questionnaire = load_questionnaire(Path(kept), cache_dir=config.cache_dir)
    except QuestionnaireError:
        return None
    return InUse(questionnaire, Path(kept), fingerprint(config))


# -- the status file staff screens read ---------------------------------------------------


def status_file(config: KioskConfig, host: str | None = None) -> Path:
    name = host or socket.gethostname() or "kiosk"
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:64]
    return config.data_dir / "questionnaires" / STATUS_FOLDER / f"{safe}.json"


def write_status(config: KioskConfig, in_use: InUse, now: datetime) -> None:
    """Say which version this kiosk uses, and what it refused; never fails the kiosk."""
    from storage import StorageError
    from storage.atomic import atomic_write

    questionnaire = in_use.questionnaire
    status: dict[str, Any] = {
        "host": socket.gethostname(),
        "id": questionnaire.id,
        "version": questionnaire.version,
        "path": str(in_use.path),
        "since": now.isoformat(timespec="seconds"),
    }
    refusal = in_use.refusal
    if refusal is not None:
        status["refused"] = {
            "path": str(refusal.path),
            "problems": [p.fr for p in refusal.problems],
            "problems_en": [p.en for p in refusal.problems],
        }
    target = status_file(config)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(
            target, json.dumps(status, ensure_ascii=False).encode(), action="say what is used"
        )
    except (StorageError, OSError) as error:
        log.warning("the kiosk's status could not be written: %s", error)


def read_status(path: Path) -> dict[str, Any] | None:
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return status if isinstance(status, dict) else None


def kiosk_statuses(config: KioskConfig) -> list[dict[str, Any]]:
    """What every kiosk sharing this data dir says it uses and refused."""
    folder = config.data_dir / "questionnaires" / STATUS_FOLDER
    try:
        files = sorted(folder.glob("*.json"))
    except OSError:
        return []
    return [status for path in files if (status := read_status(path)) is not None]
