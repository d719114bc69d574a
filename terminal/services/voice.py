"""The kiosk's voice: reads a screen aloud, from the facilitators' recordings or espeak-ng.

The kiosk builds the parts of a screen (`Spoken`: the question, then each choice as
"1, Smartphone", …) and hands them to `Voice.say`. Each part plays its recording when
it has a usable one and a player that reads its format; otherwise espeak-ng reads its
text in the part's language. Everything runs in a background thread, in processes of
their own session, so the interface never waits and never sees their output;
`Voice.stop` kills them at once. Failures never raise: they go to the log
`diagnum.voice`, each kind once. No Textual here.

espeak-ng writes its speech to a temporary WAV that the player then plays: the same
player serves recordings and speech. With no player installed, espeak-ng speaks
through its own audio output instead.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import unicodedata
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from questionnaires.media import MAX_AUDIO_BYTES, audio_format, resolve
from questionnaires.model import Choice, Illustrated, Question
from questionnaires.problems import WordsError

log = logging.getLogger("diagnum.voice")

#: Words per minute: a little slower than espeak-ng's 175, for people who listen hard.
RATE = 150
# The longest a step may take before it is taken for hung: speech is written in well
# under this, a recording of 8 MB plays in less.
_WRITE_LIMIT = 30.0
_PLAY_LIMIT = 600.0
# Symbols kept in the text: they are words in a form ("n° de téléphone").
_KEPT_SYMBOLS = frozenset("°")
# What joins or dresses an emoji: zero-width joiner, variation selectors, keycap,
# skin tones. Each is silent alone, but makes no sense without its emoji.
_EMOJI_PARTS = frozenset("\u200d\ufe0e\ufe0f\u20e3") | {chr(c) for c in range(0x1F3FB, 0x1F400)}


@dataclass(frozen=True)
class Spoken:
    """One part of a screen read aloud: a text in a language, maybe recorded.

    The text is in logical order (as the questionnaire writes it, never reordered for
    display), and `recording` is a full path (see `recording_of`).
    """

    text: str
    language: str
    recording: Path | None = None


@dataclass(frozen=True)
class Player:
    """A program that plays an audio file named last on its command line."""

    command: tuple[str, ...]
    formats: frozenset[str]  # "wav", "ogg", "mp3": what it can read


_ALL = frozenset({"wav", "ogg", "mp3"})
# In order of preference; paplay and pw-play read through libsndfile (WAV, OGG).
_KNOWN_PLAYERS = (
    ("paplay", (), frozenset({"wav", "ogg"})),
    ("pw-play", (), frozenset({"wav", "ogg"})),
    ("aplay", ("-q",), frozenset({"wav"})),
    ("ffplay", ("-nodisp", "-autoexit", "-loglevel", "error"), _ALL),
)


def speakable(text: str) -> str:
    """The text without emoji and pictograms, which espeak-ng would read as words
    ("📱" is "téléphone portable"); spaces squeezed."""
    kept = (
        c
        for c in text
        if c not in _EMOJI_PARTS and (unicodedata.category(c) != "So" or c in _KEPT_SYMBOLS)
    )
    return " ".join("".join(kept).split())


def recording_of(owner: Illustrated, language: str, folder: Path | None) -> Path | None:
    """The full path of the owner's recording in this language, or None.

    `folder` is the questionnaire file's folder, which its media paths start from.
    """
    path = (owner.media.audio or {}).get(language)
    if path is None or folder is None:
        return None
    return resolve(folder, path)


def question_parts(
    question: Question, choices: Sequence[Choice], language: str, folder: Path | None
) -> list[Spoken]:
    """A question screen read aloud: the question (and its hint), then each choice
    numbered as its tile ("1, Smartphone"). A recording replaces its part's words."""
    text = question.text.in_language(language)
    if question.hint is not None:
        text = f"{text} {question.hint.in_language(language)}"
    parts = [Spoken(text, language, recording_of(question, language, folder))]
    for number, choice in enumerate(choices, start=1):
        label = choice.label.in_language(language)
        parts.append(Spoken(f"{number}, {label}", language, recording_of(choice, language, folder)))
    return parts


def sound_output() -> bool:
    """Whether this machine seems to have somewhere to send sound: a sound server
    (PulseAudio or PipeWire) or an ALSA playback device."""
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and any((Path(runtime) / name).exists() for name in ("pulse/native", "pipewire-0")):
        return True
    try:
        devices = os.listdir("/dev/snd")
    except OSError:
        return False
    return any(name.startswith("pcm") and name.endswith("p") for name in devices)


def _find_players() -> tuple[Player, ...]:
    found = []
    for name, options, formats in _KNOWN_PLAYERS:
        program = shutil.which(name)
        if program is not None:
            found.append(Player((program, *options), formats))
    return tuple(found)


def wav_seconds(path: Path) -> float:
    """How long a WAV file plays, from its header."""
    with wave.open(str(path), "rb") as sound:
        return sound.getnframes() / sound.getframerate()


def _recording_format(path: Path) -> str | None:
    """ "wav", "ogg" or "mp3" if the file is one the kiosk may play, else None."""
    try:
        # O_NONBLOCK: a named pipe left there must not block the kiosk.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_AUDIO_BYTES:
            return None
        return audio_format(os.read(descriptor, 32))
    except OSError:
        return None
    finally:
        os.close(descriptor)


class Voice:
    """Reads parts aloud in the background; one reading at a time."""

    def __init__(
        self,
        espeak: Path | str | None = None,
        players: Sequence[Player] = (),
        sound: bool = True,
    ) -> None:
        """`espeak` is the espeak-ng program (None: no speech), `players` the audio
        players in order of preference, `sound` False when the machine has no audio
        output (then nothing can be voiced)."""
        self.espeak = str(espeak) if espeak is not None else None
        self.players = tuple(players)
        self.sound = sound
        self._lock = threading.Lock()
        self._generation = 0  # bumped by every stop: a reading of an older one ends
        self._reading: int | None = None  # the generation being read, if any
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._languages: frozenset[str] | None = None
        self._told: set[str] = set()
        atexit.register(self.stop)  # a player must not talk on after the kiosk

    @classmethod
    def detect(cls, sound: bool | None = None) -> Voice:
        """The voice this machine has: espeak-ng and the players found on the PATH.
        `sound` None: look for an audio output (`sound_output`)."""
        espeak = shutil.which("espeak-ng")
        players = _find_players()
        if sound is None:
            sound = sound_output()
        if not sound:
            log.info("no audio output found: the kiosk will not read aloud")
        elif espeak is None:
            log.info("espeak-ng not found: only recorded parts can be read aloud")
        voice = cls(espeak, players, sound)
        if sound and espeak is not None:
            voice._voices()  # asked here, in the background: not when a question is drawn
        return voice

    # What can be voiced

    def can_speak(self, parts: Sequence[Spoken]) -> bool:
        """True when every part can be voiced and there is something to say: the kiosk
        shows its speaker tile only then."""
        if not self.sound:
            return False
        said = [part for part in parts if part.recording is not None or speakable(part.text)]
        return bool(said) and all(self._recorded(p) or self._has_voice(p.language) for p in said)

    def _recorded(self, part: Spoken) -> bool:
        return part.recording is not None and self._player_for(part.recording) is not None

    def _player_for(self, recording: Path) -> Player | None:
        kind = _recording_format(recording)
        return next((p for p in self.players if kind in p.formats), None)

    def _has_voice(self, language: str) -> bool:
        return self.espeak is not None and language in self._voices()

    def _voices(self) -> frozenset[str]:
        """The languages espeak-ng speaks, asked once."""
        if self._languages is None:
            self._languages = self._list_voices()
        return self._languages

    def _list_voices(self) -> frozenset[str]:
        assert self.espeak is not None
        try:
            listed = subprocess.run(
                [self.espeak, "--voices"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=_WRITE_LIMIT,
                check=True,
            ).stdout.decode("utf-8", "replace")
        except (OSError, subprocess.SubprocessError) as error:
            self._tell("voices", "espeak-ng cannot list its voices: %s", _why(error))
            return frozenset()
        return _languages_in(listed)

    # Reading

    @property
    def speaking(self) -> bool:
        """True while a reading started by `say` is under way."""
        with self._lock:
            return self._reading is not None and self._reading == self._generation

    def say(self, parts: Sequence[Spoken]) -> None:
        """Stop what is playing, then read the parts one after another, in the
        background. Returns at once and never raises."""
        if not self.sound:
            return
        try:
            with self._lock:
                self._stop_locked()
                generation = self._generation
                self._reading = generation
                thread = threading.Thread(
                    target=self._read, args=(generation, tuple(parts)), daemon=True
                )
                self._thread = thread
            thread.start()
        except Exception as error:  # the kiosk never dies for its voice
            self._tell("say", "the reading could not start: %s", _why(error))

    def stop(self) -> None:
        """Kill what is playing and forget the rest of the reading. Safe at any time."""
        with self._lock:
            self._stop_locked()

    def wait(self, timeout: float) -> bool:
        """Wait for the current reading to end; False if it still runs after `timeout`."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def _stop_locked(self) -> None:
        self._generation += 1
        self._reading = None
        process, self._process = self._process, None
        if process is not None and process.returncode is None:
            # Its own session: the group is the player and anything it started.
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)

    def _read(self, generation: int, parts: tuple[Spoken, ...]) -> None:
        try:
            with tempfile.TemporaryDirectory(prefix="diagnum-voice-") as scratch:
                for number, part in enumerate(parts):
                    if not self._current(generation):
                        return
                    self._voice(generation, part, Path(scratch) / f"{number}.wav")
        except Exception as error:  # a background thread must not die loudly
            self._tell("read", "the reading failed: %s", _why(error))
        finally:
            with self._lock:
                if self._reading == generation:
                    self._reading = None

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation

    def _voice(self, generation: int, part: Spoken, scratch: Path) -> None:
        if part.recording is not None:
            if self._play_recording(generation, part.recording):
                return
            if not self._current(generation):
                return
        text = speakable(part.text)
        if text and self._has_voice(part.language):
            self._speak(generation, text, part.language, scratch)

    def _play_recording(self, generation: int, recording: Path) -> bool:
        """Play the recording; False when it cannot be played (the text is read instead)."""
        player = self._player_for(recording)
        if player is None:
            self._tell(
                f"file:{recording}",
                "recording not played (missing, unreadable, "
                "not WAV/OGG/MP3, or no player for it): %s",
                recording,
            )
            return False
        limit = _play_limit(recording)
        return self._run(generation, [*player.command, str(recording)], limit, player.command[0])

    def _speak(self, generation: int, text: str, language: str, scratch: Path) -> None:
        assert self.espeak is not None
        player = next((p for p in self.players if "wav" in p.formats), None)
        if player is None:  # espeak-ng's own audio output
            limit = _WRITE_LIMIT + len(text) / 4
            self._run(generation, _espeak_command(self.espeak, text, language), limit, "espeak-ng")
            return
        written = _espeak_command(self.espeak, text, language, scratch)
        if self._run(generation, written, _WRITE_LIMIT, "espeak-ng"):
            wav = [*player.command, str(scratch)]
            self._run(generation, wav, _play_limit(scratch), player.command[0])

    def _run(self, generation: int, command: list[str], limit: float, name: str) -> bool:
        """Run one step of the reading unless it was stopped; True if it succeeded."""
        with self._lock:
            if generation != self._generation:
                return False
            try:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,  # never onto the kiosk's screen
                    start_new_session=True,
                )
            except OSError as error:
                self._tell(f"start:{name}", "%s cannot start: %s", name, _why(error))
                return False
            self._process = process
        try:
            _, errors = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            self._tell(f"hung:{name}", "%s took more than %.0f s: stopped", name, limit)
            with self._lock:
                if self._process is process:
                    self._stop_locked()
            process.communicate()
            return False
        with self._lock:
            if self._process is process:
                self._process = None
            stopped = generation != self._generation
        if process.returncode != 0 and not stopped:
            self._tell(
                f"failed:{name}:{process.returncode}",
                "%s failed (exit %s): %s",
                name,
                process.returncode,
                _last_line(errors),
            )
        elif errors.strip() and not stopped:
            # espeak-ng without a sound card says so on stderr and still exits 0.
            self._tell(f"said:{name}", "%s: %s", name, _last_line(errors))
        return process.returncode == 0 and not stopped

    def _tell(self, key: str, message: str, *args: object) -> None:
        """Log a failure once: a kiosk without sound must not fill its log."""
        if key not in self._told:
            self._told.add(key)
            log.warning(message, *args)

    # For tests and facilitators

    def to_wav(self, text: str, language: str, path: Path) -> float:
        """Write espeak-ng's reading of the text to a WAV file; its length in seconds.
        Raises WordsError (French and English) when it cannot."""
        if self.espeak is None:
            raise WordsError(
                "espeak-ng n'est pas installé (apt-get install espeak-ng)",
                "espeak-ng is not installed (apt-get install espeak-ng)",
            )
        if not self._has_voice(language):
            raise WordsError(
                f"espeak-ng n'a pas de voix pour la langue « {language} »",
                f"espeak-ng has no voice for the language '{language}'",
            )
        try:
            subprocess.run(
                _espeak_command(self.espeak, speakable(text), language, path),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=_WRITE_LIMIT + len(text) / 4,
                check=True,
            )
            return wav_seconds(path)
        except (OSError, subprocess.SubprocessError, wave.Error, EOFError) as error:
            raise WordsError(
                f"espeak-ng n'a pas pu écrire {path} : {_why(error)}",
                f"espeak-ng could not write {path}: {_why(error)}",
            ) from None


def _espeak_command(espeak: str, text: str, language: str, wav: Path | None = None) -> list[str]:
    """espeak-ng reading UTF-8 text aloud, or into the file ``wav``; the text comes
    after "--", so it is never an option."""
    # espeak-ng's voices are named by the same language codes as the kiosk's.
    written = [] if wav is None else ["-w", str(wav)]
    return [espeak, "-v", language, "-s", str(RATE), "-b", "1", *written, "--", text]


def _languages_in(listed: str) -> frozenset[str]:
    """The languages in `espeak-ng --voices`: each voice's language, its base
    ("fr" for "fr-fr") and its other languages ("(en 2)")."""
    found: set[str] = set()
    for line in listed.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 2:
            continue
        found.update({fields[1], fields[1].split("-")[0]})
        found.update(f.lstrip("(") for f in fields if f.startswith("("))
    return frozenset(found)


def _play_limit(path: Path) -> float:
    try:
        return wav_seconds(path) * 2 + _WRITE_LIMIT
    except (OSError, wave.Error, EOFError):
        return _PLAY_LIMIT


def _last_line(output: bytes) -> str:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


def _why(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return type(error).__name__
