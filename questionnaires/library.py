"""Every version of every questionnaire: the published ones on disk, and finding one.

Old QR codes and old results must decode and display after a facilitator's edit, so
a version that was used is never changed nor deleted. Publishing copies a checked
file, with its media, into the data directory::

    <data dir>/questionnaires/
        published/<id>/v0003/questionnaire.yaml   the file as published
        published/<id>/v0003/images/…              its media, at the same paths
        published/<id>/v0003/published.json        its content hash and date
        current.json                               the version the kiosk uses

and the kiosk keeps there any version it uses that is not yet published (a file set
in its settings, or the one shipped with Diagnum). A version is known by its content
hash (`content_hash`): changing a published version in place is detected, and
validation asks for a new version number. Each write goes to a temporary file or
folder, is flushed, then renamed: a power cut leaves the old state or the new one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from questionnaires.loading import (
    BUILTIN_DIR,
    Checked,
    QuestionnaireError,
    check_bytes,
    load_questionnaire,
)
from questionnaires.media import media_uses, resolve
from questionnaires.model import Questionnaire
from questionnaires.problems import Problem, Words

logger = logging.getLogger(__name__)

PUBLISHED = "published"
CURRENT = "current.json"
QUESTIONNAIRE_FILE = "questionnaire.yaml"
_MANIFEST = "published.json"


_UNREADABLE = Words("le fichier ne peut pas être lu", "the file cannot be read")


class PublishError(Exception):
    """A questionnaire that cannot be published; the message is one line, in French
    and in English."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


# The way content is hashed. Fields added with a default leave the hash as it was
# (defaults are left out); a change of the model that writes an old file's content
# differently must raise this. Each manifest says its scheme: a version kept under an
# older one gets its hash again from its own kept copy (read-only), never refused.
HASH_SCHEME = b"diagnum-content-1"


def content_hash(questionnaire: Questionnaire, folder: Path | None = None) -> str:
    """What a version says, as a hash: its texts, rules and media files, not its
    comments, layout or test cases. ``folder``: where its media files are."""
    data = questionnaire.model_dump(
        mode="json", by_alias=True, exclude={"cases"}, exclude_defaults=True
    )
    digest = hashlib.sha256(HASH_SCHEME)
    digest.update(
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    )
    for path in sorted({use.path for use in media_uses(questionnaire)}):
        digest.update(f"\0{path}\0".encode())
        digest.update(_file_digest(resolve(folder, path)) if folder else b"?")
    return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    try:
        status = path.stat()
    except OSError:
        return b"missing"
    return _digest_of(path, status.st_size, status.st_mtime_ns, status.st_ino)


@functools.lru_cache(maxsize=512)
def _digest_of(path: Path, size: int, mtime: int, inode: int) -> bytes:
    """A media file's digest, read once while it stays the same (the editor checks the
    file at every pause in typing; a recording may weigh megabytes)."""
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"missing"


@dataclass(frozen=True)
class Version:
    """One version of a questionnaire that results may have been made with."""

    id: str
    code: str
    version: int
    path: Path
    hash: str
    published_at: str | None  # None: shipped with Diagnum, or an older file kept by hand
    builtin: bool = False

    @property
    def folder(self) -> Path:
        return self.path.parent


class Library:
    """The published versions in one data directory, and the ones shipped with Diagnum."""

    def __init__(self, folder: Path, builtin: Path | None = BUILTIN_DIR) -> None:
        self.folder = folder  # <data dir>/questionnaires
        self.builtin = builtin

    @property
    def published_dir(self) -> Path:
        return self.folder / PUBLISHED

    # -- reading ----------------------------------------------------------------------

    def published(self) -> list[Version]:
        """Every published version, newest first for each questionnaire."""
        versions = [v for path in _published_files(self.folder) if (v := _read_version(path))]
        return sorted(versions, key=lambda v: (v.id, -v.version))

    def shipped(self) -> list[Version]:
        return [] if self.builtin is None else list(_shipped(self.builtin))

    def known(self) -> list[Version]:
        return [*self.published(), *self.shipped()]

    def choosable(self) -> list[Version]:
        """The versions the kiosk can be set to: the published ones, and those shipped
        with Diagnum that were not published, newest first for each questionnaire."""
        published = self.published()
        taken = {(v.id, v.version) for v in published}
        shipped = [v for v in self.shipped() if (v.id, v.version) not in taken]
        return sorted([*published, *shipped], key=lambda v: (v.id, -v.version))

    def find(self, questionnaire_id: str, version: int) -> Version | None:
        return next(
            (v for v in self.known() if v.id == questionnaire_id and v.version == version),
            None,
        )

    def current(self) -> Version | None:
        """The published version the kiosk uses, if one was published or chosen."""
        try:
            chosen = json.loads((self.folder / CURRENT).read_text(encoding="utf-8"))
            questionnaire_id, version = chosen["id"], chosen["version"]
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if not isinstance(questionnaire_id, str) or not isinstance(version, int):
            return None
        return self.published_version(questionnaire_id, version)

    def published_version(self, questionnaire_id: str, version: int) -> Version | None:
        """One published version, read from its own folder (no scan of the others)."""
        if not _SAFE_ID.match(questionnaire_id) or not 0 < version < 10_000:
            return None
        path = self.published_dir / questionnaire_id / f"v{version:04d}" / QUESTIONNAIRE_FILE
        found = _read_version(path) if path.is_file() else None
        if found is None or (found.id, found.version) != (questionnaire_id, version):
            return None
        return found

    def intact(self, version: Version, cache_dir: Path | None = None) -> bool:
        """Whether a kept version's file still says what it said when it was kept (a
        published file edited by hand would not)."""
        questionnaire = _load(version.path, cache_dir)
        return questionnaire is not None and content_hash(questionnaire, version.folder) == (
            version.hash
        )

    # -- what a new version must respect ------------------------------------------------

    def check(self, checked: Checked) -> list[Problem]:
        """What the versions already known say of a checked file, each at its line:
        a version changed in place, a code taken, a question continuing nothing."""
        questionnaire = checked.questionnaire
        if questionnaire is None:
            return []
        folder = checked.path.parent
        problems = [
            checked.problem_at((field,), words)
            for field, words in self.version_problems(questionnaire, folder)
        ]
        for index, words in self.continued_problems(questionnaire):
            problems.append(checked.problem_at(("questions", index, "continues"), words, True))
        return problems

    def version_problems(
        self, questionnaire: Questionnaire, folder: Path
    ) -> list[tuple[str, Words]]:
        """Why this file cannot be (or become) a version, with the field it is about:
        a version changed in place, or a code another questionnaire has."""
        problems: list[tuple[str, Words]] = []
        same = [v for v in self.known() if v.id == questionnaire.id]
        highest = max((v.version for v in same), default=0)
        taken = next((v for v in same if v.version == questionnaire.version), None)
        if taken is not None and taken.hash != content_hash(questionnaire, folder):
            number, name, raised = questionnaire.version, questionnaire.id, highest + 1
            where = (
                Words("livrée avec Diagnum", "shipped with Diagnum")
                if taken.builtin
                else _published_on(taken)
            )
            problems.append(
                (
                    "version",
                    Words(
                        f"la version {number} de « {name} » a déjà été {where.fr}, avec un autre "
                        "contenu ; une version publiée ne change plus, pour que ses résultats "
                        f"gardent leur sens. Passez la version à {raised}.",
                        f"version {number} of '{name}' was already {where.en} with other "
                        "content; a published version never changes, so its results keep "
                        f"their meaning. Raise the version to {raised}.",
                    ),
                )
            )
        other = next(
            (v for v in self.known() if v.code == questionnaire.code and v.id != questionnaire.id),
            None,
        )
        if other is not None:
            code = questionnaire.code
            problems.append(
                (
                    "code",
                    Words(
                        f"le code {code} est déjà celui du questionnaire « {other.id} » : "
                        "choisissez un autre code, pour qu'un QR code ne soit jamais lu avec le "
                        "mauvais questionnaire",
                        f"the code {code} is already the code of questionnaire '{other.id}': "
                        "choose another code, so QR codes are never read with the wrong "
                        "questionnaire",
                    ),
                )
            )
        return problems

    def continued_problems(self, questionnaire: Questionnaire) -> list[tuple[int, Words]]:
        """(question index, warning) for each `continues` no earlier version has."""
        if all(q.continues is None for q in questionnaire.questions):
            return []  # most files: nothing to look up, no earlier version read
        earlier: set[str] = set()
        for version in self.known():
            if version.id == questionnaire.id and version.version < questionnaire.version:
                loaded = _load(version.path)
                if loaded is not None:
                    earlier.update(q.id for q in loaded.questions)
        if not earlier:
            return []
        name = questionnaire.id
        return [
            (
                i,
                Words(
                    f"aucune version précédente de « {name} » n'a de question « {q.continues} »",
                    f"no earlier version of '{name}' has a question '{q.continues}'",
                ),
            )
            for i, q in enumerate(questionnaire.questions)
            if q.continues is not None and q.continues not in earlier
        ]

    # -- writing ------------------------------------------------------------------------

    def publish(self, path: Path, now: datetime | None = None) -> Version:
        """Check a file, keep it with its media as a new version, make it current.

        Refuses (`PublishError`) a file with an error, a version changed in place, or
        a version number below one already published. Publishing the same content
        again only makes it current."""
        try:
            content = path.read_bytes()  # checked and copied: the very same bytes
        except OSError as error:
            raise PublishError(_NOT_PUBLISHED + _unreadable(path, error)) from None
        checked = check_bytes(content, path)
        if checked.questionnaire is None or checked.errors:
            count = len(checked.errors)
            first = checked.errors[0] if checked.errors else Problem(_UNREADABLE)
            more = Words(f" (et {count - 1} de plus)", f" (and {count - 1} more)")
            raise PublishError(
                _NOT_PUBLISHED
                + Words(first.in_file(path, "fr"), first.in_file(path, "en"))
                + (more if count > 1 else Words("", ""))
            )
        questionnaire = checked.questionnaire
        problems = self.version_problems(questionnaire, path.parent)
        if problems:
            raise PublishError(_NOT_PUBLISHED + problems[0][1])
        existing = self.find(questionnaire.id, questionnaire.version)
        if existing is None or existing.builtin:
            highest = max(
                (v.version for v in self.published() if v.id == questionnaire.id), default=0
            )
            if questionnaire.version < highest:
                number = questionnaire.version
                raise PublishError(
                    _NOT_PUBLISHED
                    + Words(
                        f"la version {number} est plus petite que la version {highest}, déjà "
                        f"publiée : passez la version à {highest + 1}",
                        f"version {number} is below version {highest}, already published: "
                        f"raise the version to {highest + 1}",
                    )
                )
            existing = self._copy(questionnaire, path, now or datetime.now(), content=content)
        self.use(existing.id, existing.version)
        return existing

    def keep(
        self, questionnaire: Questionnaire, path: Path, now: datetime | None = None
    ) -> Version:
        """Keep a version the kiosk uses, if it is not kept yet; the kept copy wins over
        a file changed in place (`VersionChanged`)."""
        kept = self.find(questionnaire.id, questionnaire.version)  # shipped ones too
        digest = content_hash(questionnaire, path.parent)
        if kept is not None and kept.hash != digest:
            raise VersionChanged(kept)
        if kept is None or kept.builtin:
            return self._copy(questionnaire, path, now or datetime.now(), digest)
        return kept

    def use(self, questionnaire_id: str, version: int, now: datetime | None = None) -> Version:
        """Make a version the one the kiosk uses (e.g. back to the previous, or to the
        one shipped with Diagnum, which is then kept as published)."""
        versions = [v for v in self.choosable() if v.id == questionnaire_id]
        chosen = next((v for v in versions if v.version == version), None)
        if chosen is None:
            known = ", ".join(str(v.version) for v in versions)
            raise PublishError(
                Words(
                    f"la version {version} de « {questionnaire_id} » n'existe pas",
                    f"there is no version {version} of '{questionnaire_id}'",
                )
                + (
                    Words(f" (il y a : {known})", f" (there are: {known})")
                    if known
                    else Words("", "")
                )
            )
        if chosen.builtin:
            questionnaire = _load(chosen.path)
            if questionnaire is None:  # the shipped file is checked by the tests
                raise PublishError(Words(f"{chosen.path} est abîmé", f"{chosen.path} is damaged"))
            chosen = self._copy(questionnaire, chosen.path, now or datetime.now(), chosen.hash)
        data = {"id": chosen.id, "version": chosen.version}
        try:
            write_durably(self.folder / CURRENT, json.dumps(data).encode())
        except OSError as error:
            raise PublishError(_cannot_write(self.folder / CURRENT, error)) from None
        return chosen

    def _copy(
        self,
        questionnaire: Questionnaire,
        path: Path,
        now: datetime,
        digest: str | None = None,
        *,
        content: bytes | None = None,
    ) -> Version:
        """A new version folder, written whole in a temporary folder, then renamed; its
        files read-only, so that no editor changes a version people used."""
        parent = self.published_dir / questionnaire.id
        target = parent / f"v{questionnaire.version:04d}"
        temporary = parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            parent.mkdir(parents=True, exist_ok=True)
            temporary.mkdir()
            copied = content if content is not None else path.read_bytes()
            write_durably(temporary / QUESTIONNAIRE_FILE, copied, atomic=False)
            for name in sorted({use.path for use in media_uses(questionnaire)}):
                source = resolve(path.parent, name)
                if source.is_file():  # a missing one is said by validation, not here
                    _copy_file(source, resolve(temporary, name))
            # The hash of what was copied, media included: what this version holds.
            digest = content_hash(questionnaire, temporary) if digest is None else digest
            manifest = {
                "id": questionnaire.id,
                "code": questionnaire.code,
                "version": questionnaire.version,
                "hash": digest,
                "hash_scheme": HASH_SCHEME.decode(),
                "published_at": now.isoformat(timespec="seconds"),
            }
            write_durably(temporary / _MANIFEST, json.dumps(manifest).encode())
            _read_only(temporary)
            _sync_folder(temporary)
            try:
                os.rename(temporary, target)
            except OSError:
                if not target.is_dir():
                    raise
                _remove(temporary)  # another kiosk was first
            _sync_folder(parent)
        except OSError as error:
            _remove(temporary)
            raise PublishError(_NOT_PUBLISHED + _cannot_write(target, error)) from None
        version = _read_version(target / QUESTIONNAIRE_FILE)
        if version is None:
            raise PublishError(
                _NOT_PUBLISHED + Words(f"{target} est abîmé", f"{target} is damaged")
            )
        if version.hash != digest:
            raise VersionChanged(version)
        return version


class VersionChanged(PublishError):
    """A file says a version that was kept with other content."""

    def __init__(self, kept: Version) -> None:
        self.kept = kept
        super().__init__(
            Words(
                f"la version {kept.version} de « {kept.id} » a servi avec un autre contenu : "
                "changez le numéro de version pour garder celui-ci ; la version gardée dans "
                f"{kept.folder} sert à la place",
                f"version {kept.version} of '{kept.id}' was used with other content: raise "
                f"version to keep this one; the version kept in {kept.folder} is used instead",
            )
        )


_NOT_PUBLISHED = Words("non publié : ", "not published: ")
_SAFE_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _cannot_write(target: Path, error: OSError) -> Words:
    why = error.strerror or type(error).__name__
    return Words(f"{target} ne peut pas être écrit ({why})", f"{target} cannot be written ({why})")


def _unreadable(path: Path, error: OSError) -> Words:
    why = error.strerror or type(error).__name__
    return Words(f"{path} ne peut pas être lu ({why})", f"{path} cannot be read ({why})")


def _read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o444)


def _remove(folder: Path) -> None:
    """A folder made read-only, removed whole (a failed or doubled copy)."""
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    shutil.rmtree(folder, ignore_errors=True)


def _published_on(version: Version) -> Words:
    if not version.published_at:
        return Words("publiée", "published")
    day = version.published_at[:10]
    return Words(f"publiée le {day}", f"published on {day}")


def _published_files(folder: Path) -> Iterator[Path]:
    root = folder / PUBLISHED
    try:
        questionnaires = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        return
    for questionnaire in questionnaires:
        try:
            versions = sorted(
                (p for p in questionnaire.iterdir() if p.name.startswith("v") and p.is_dir()),
                reverse=True,
            )
        except OSError:
            continue
        for version in versions:
            yield version / QUESTIONNAIRE_FILE


def _read_version(path: Path) -> Version | None:
    """A published version from its manifest (fast); from its file if the manifest is
    missing or damaged."""
    try:
        manifest = json.loads((path.parent / _MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("hash_scheme", "diagnum-content-1") != HASH_SCHEME.decode():
            logger.info("%s was hashed another way: its hash comes from its copy", path)
            return _describe_file(path, published_at=str(manifest["published_at"]))
        return Version(
            id=str(manifest["id"]),
            code=str(manifest["code"]),
            version=int(manifest["version"]),
            path=path,
            hash=str(manifest["hash"]),
            published_at=str(manifest["published_at"]),
        )
    except (OSError, ValueError, TypeError, KeyError):
        return _describe_file(path, published_at=None)


@functools.cache
def _shipped(folder: Path) -> tuple[Version, ...]:
    """The versions shipped with Diagnum: read once, they never change while it runs."""
    versions = (_describe_file(p, None, builtin=True) for p in sorted(folder.glob("*.yaml")))
    return tuple(v for v in versions if v is not None)


def _describe_file(path: Path, published_at: str | None, builtin: bool = False) -> Version | None:
    questionnaire = _load(path)
    if questionnaire is None:
        return None
    return Version(
        id=questionnaire.id,
        code=questionnaire.code,
        version=questionnaire.version,
        path=path,
        hash=content_hash(questionnaire, path.parent),
        published_at=published_at,
        builtin=builtin,
    )


def _load(path: Path, cache_dir: Path | None = None) -> Questionnaire | None:
    try:
        return load_questionnaire(path, cache_dir)
    except QuestionnaireError as error:
        logger.info("questionnaire library: %s", error)
        return None


def _copy_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    write_durably(target, source.read_bytes(), atomic=False)


def write_durably(target: Path, content: bytes, *, atomic: bool = True) -> None:
    """Write, flush to disk, and (``atomic``) rename over the old file, so that a
    power cut leaves the old content or the new one, never half of it."""
    # Two threads or processes may write the same file: each its own temporary name.
    unique = f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    temporary = target.with_name(unique) if atomic else target
    try:
        with open(temporary, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        if atomic:
            os.replace(temporary, target)
    except OSError:
        if atomic:
            temporary.unlink(missing_ok=True)  # a full disk leaves no half-written file
        raise
    if atomic:
        _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# -- every questionnaire, to decode old codes -------------------------------------------


class QuestionnaireLibrary:
    """Every questionnaire this copy of Diagnum knows, to decode any QR code it meets.

    A questionnaire that was edited keeps its old versions (published, see `Library`),
    so codes printed months ago still decode. Files are read only as far as `find`
    needs, in order of preference, so a broken file further down costs nothing when
    a match comes first.
    """

    def __init__(
        self,
        questionnaires: Iterable[Questionnaire] = (),
        problems: Iterable[str] = (),
        *,
        pending: Iterable[Path] = (),
        cache_dir: Path | None = None,
    ) -> None:
        self._found = list(questionnaires)
        self._problems = list(problems)
        self._refused: list[QuestionnaireError] = []
        self._pending = iter(pending)
        self._cache_dir = cache_dir

    @classmethod
    def load(
        cls, places: Iterable[Path] = (BUILTIN_DIR,), *, cache_dir: Path | None = None
    ) -> QuestionnaireLibrary:
        """Files or folders, in order of preference: the first match of a code wins. A
        folder gives its published versions (newest first), then its YAML files.

        With ``cache_dir``, each file's verdict is cached (see `load_questionnaire`),
        so a broken file is not parsed again at every decode.
        """
        return cls(pending=_yaml_files(places), cache_dir=cache_dir)

    @property
    def questionnaires(self) -> list[Questionnaire]:
        """Every questionnaire that loads (this reads every file)."""
        self._read_all()
        return list(self._found)

    @property
    def problems(self) -> list[str]:
        """One note per file that does not load, naming it and its first problem."""
        return self.notes("fr")

    def notes(self, language: str) -> list[str]:
        """`problems`, in a language (this reads every file)."""
        self._read_all()
        return [*self._problems, *(_note(error, language) for error in self._refused)]

    def find(self, code: str, version: int) -> Questionnaire | None:
        for questionnaire in [*self._found]:
            if questionnaire.code == code and questionnaire.version == version:
                return questionnaire
        for questionnaire in self._read_more():
            if questionnaire.code == code and questionnaire.version == version:
                return questionnaire
        return None

    def _read_more(self) -> Iterator[Questionnaire]:
        """The questionnaires of the files not read yet, one file at a time."""
        for path in self._pending:
            try:
                questionnaire = load_questionnaire(path, self._cache_dir)
            except QuestionnaireError as error:
                self._refused.append(error)
                continue
            self._found.append(questionnaire)
            yield questionnaire

    def _read_all(self) -> None:
        for _ in self._read_more():
            pass


def _note(error: QuestionnaireError, language: str) -> str:
    more = len(error.problems) - 1
    first = error.problems[0].text(language) if error.problems else "?"
    if more <= 0:
        return f"{error.path}: {first}"
    return f"{error.path}: {first}" + (
        f" (et {more} de plus)" if language == "fr" else f" (and {more} more)"
    )


def _yaml_files(places: Iterable[Path]) -> Iterator[Path]:
    """Questionnaire files, each once: a file as given; a library's `published` folder,
    its versions newest first; any other folder, its published versions, then its YAML
    files."""
    seen: set[Path] = set()
    for path in _places(places):
        if path not in seen:
            seen.add(path)
            yield path


def _places(places: Iterable[Path]) -> Iterator[Path]:
    for place in places:
        if place.name == PUBLISHED and place.is_dir():
            yield from _published_files(place.parent)
        elif place.is_dir():
            yield from _published_files(place)
            try:
                yield from sorted(p for p in place.iterdir() if p.suffix in {".yaml", ".yml"})
            except OSError:
                continue  # an unreadable folder holds nothing we can use
        elif place.exists():
            yield place  # even a pipe or a device: refused with a note, never read


def version_summary(version: Version) -> dict[str, Any]:
    """A version for machines (`diagnum questionnaire versions --json`)."""
    return {
        "id": version.id,
        "code": version.code,
        "version": version.version,
        "path": str(version.path),
        "hash": version.hash,
        "published_at": version.published_at,
        "builtin": version.builtin,
    }
