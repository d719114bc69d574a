"""The media files of a questionnaire: pictures (PNG) and recorded voices.

Paths are written from the questionnaire file's folder, so a questionnaire and its
media move together (and are published together, see `questionnaires.library`). A
file is checked the way the kiosk will use it: it must be an ordinary file, not too
large, and really a PNG picture or a WAV, OGG or MP3 recording (its first bytes say so,
whatever its name). Nothing here decodes a whole file.
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from questionnaires.model import Illustrated, Media, Questionnaire
from questionnaires.problems import Words

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_AUDIO_BYTES = 8 * 1024 * 1024
AUDIO_SUFFIXES = (".wav", ".ogg", ".mp3")
_PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class MediaUse:
    """One media file named by the questionnaire, and where."""

    loc: tuple[str | int, ...]  # the place of the path in the file
    path: str
    kind: str  # "image" or "audio"


def media_uses(questionnaire: Questionnaire) -> Iterator[MediaUse]:
    """Every picture and recording the questionnaire names, with its place."""
    for loc, owner in illustrated(questionnaire):
        yield from _uses_of(owner.media, (*loc, "media"))


def _uses_of(media: Media, loc: tuple[str | int, ...]) -> Iterator[MediaUse]:
    if media.image is not None:
        yield MediaUse((*loc, "image"), media.image, "image")
    for language, path in (media.audio or {}).items():
        yield MediaUse((*loc, "audio", language), path, "audio")


def illustrated(
    questionnaire: Questionnaire,
) -> Iterator[tuple[tuple[str | int, ...], Illustrated]]:
    """Everything with media (sections, questions, choices, scale, scoring), with its place."""
    for i, section in enumerate(questionnaire.sections):
        yield ("sections", i), section
    for i, step in enumerate(questionnaire.scale):
        yield ("scale", i), step
    for i, question in enumerate(questionnaire.questions):
        yield ("questions", i), question
        for j, choice in enumerate(question.choices):
            yield ("questions", i, "choices", j), choice
    scoring = questionnaire.scoring
    for i, level in enumerate(scoring.levels):
        yield ("scoring", "levels", i), level
    if scoring.undetermined is not None:
        yield ("scoring", "undetermined"), scoring.undetermined
    for name, outcomes in (
        ("areas", scoring.areas),
        ("channels", scoring.channels),
        ("next_steps", scoring.next_steps),
    ):
        for i, owner in enumerate(outcomes):
            yield ("scoring", name, i), owner


def path_problem(path: str, kind: str) -> Words | None:
    """What is wrong with how a path is written, before looking at the disk."""
    if "\\" in path:
        fixed = path.replace("\\", "/")
        return Words(
            f"écrivez « {fixed} » avec des « / » entre les dossiers, pas des « \\ »",
            f"write '{fixed}' with '/' between folders, not '\\'",
        )
    pure = PurePosixPath(path)
    if pure.is_absolute() or (len(path) > 1 and path[1] == ":"):
        return Words(
            f"« {path} » est un chemin complet : écrivez-le depuis le dossier du "
            f"questionnaire, par exemple images/{pure.name}, et gardez le fichier à côté",
            f"'{path}' is a full path: write it from the questionnaire's folder, e.g. "
            f"images/{pure.name}, and keep the file beside the questionnaire",
        )
    if ".." in pure.parts:
        return Words(
            f"« {path} » sort du dossier du questionnaire : gardez ses images et ses sons "
            "dans le même dossier ou en dessous, pour qu'ils soient publiés avec lui",
            f"'{path}' leaves the questionnaire's folder: keep its media in the same folder "
            "or below, so they are published with it",
        )
    suffixes = (".png",) if kind == "image" else AUDIO_SUFFIXES
    if pure.suffix.lower() not in suffixes:
        if kind == "image":
            return Words(
                f"« {path} » devrait être une image PNG (.png)",
                f"'{path}' should be a PNG picture (.png)",
            )
        return Words(
            f"« {path} » devrait être un fichier WAV, OGG ou MP3",
            f"'{path}' should be a WAV, OGG or MP3 file",
        )
    return None


def resolve(folder: Path, path: str) -> Path:
    return folder.joinpath(*PurePosixPath(path).parts)


def file_problem(folder: Path, path: str, kind: str) -> Words | None:
    """What keeps the kiosk from using this media file, or None if it can."""
    written = path_problem(path, kind)
    if written is not None:
        return written
    target = resolve(folder, path)
    limit = MAX_IMAGE_BYTES if kind == "image" else MAX_AUDIO_BYTES
    try:
        # O_NONBLOCK: a named pipe put there by mistake must not block the check.
        descriptor = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return Words(
            f"le fichier « {path} » est introuvable (cherché dans {target.parent})",
            f"the file '{path}' cannot be found (looked in {target.parent})",
        )
    except OSError as error:
        return _unreadable(path, error)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return Words(
                f"« {path} » n'est pas un fichier ordinaire", f"'{path}' is not an ordinary file"
            )
        if status.st_size > limit:
            size, most = status.st_size / 1024 / 1024, limit // 1024 // 1024
            return Words(
                f"« {path} » fait {size:.1f} Mo, plus que {most} Mo : réduisez-le",
                f"'{path}' is {size:.1f} MB, more than {most} MB: make it smaller",
            )
        head = os.read(descriptor, 32)
    except OSError as error:
        return _unreadable(path, error)
    finally:
        os.close(descriptor)
    return _content_problem(path, kind, head)


def _unreadable(path: str, error: OSError) -> Words:
    return Words(
        f"le fichier « {path} » ne peut pas être lu ({error.strerror})",
        f"the file '{path}' cannot be read ({error.strerror})",
    )


def _content_problem(path: str, kind: str, head: bytes) -> Words | None:
    if kind == "image":
        if len(head) < 24 or not head.startswith(_PNG) or head[12:16] != b"IHDR":
            return Words(
                f"« {path} » n'est pas une image PNG (enregistrez-la en PNG)",
                f"'{path}' is not a PNG picture (save it as PNG)",
            )
        width, height = struct.unpack(">II", head[16:24])
        if width == 0 or height == 0:
            return Words(f"« {path} » est une image vide", f"'{path}' is an empty picture")
        return None
    if audio_format(head) is None:
        return Words(
            f"« {path} » n'est pas un enregistrement WAV, OGG ou MP3",
            f"'{path}' is not a WAV, OGG or MP3 recording",
        )
    return None


def audio_format(head: bytes) -> str | None:
    """ "wav", "ogg" or "mp3" from a file's first bytes, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None
