"""The kiosk's voice with real processes: espeak-ng writing real WAV files, and a
player that is a real script, so that starting, order and killing can be observed."""

from __future__ import annotations

import json
import logging
import shutil
import sys
import time
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from questionnaires.model import Question
from questionnaires.problems import WordsError
from terminal.services.voice import (
    Player,
    Spoken,
    Voice,
    question_parts,
    speakable,
    wav_seconds,
)

ESPEAK = shutil.which("espeak-ng")
needs_espeak = pytest.mark.skipif(
    ESPEAK is None, reason="espeak-ng is not installed (apt-get install espeak-ng)"
)
ALL_FORMATS = frozenset({"wav", "ogg", "mp3"})

# A player: notes what it plays (a copy of the file, its pid and its child's), refuses
# a WAV it cannot decode like a real player, then stays or leaves.
PLAYER = """
import json, os, shutil, subprocess, sys, time, wave
folder, mode, played = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    with wave.open(played, "rb") as sound:
        seconds = sound.getnframes() / sound.getframerate()
except Exception:
    sys.exit(1)
number = len([n for n in os.listdir(folder) if n.endswith(".json")])
shutil.copyfile(played, os.path.join(folder, f"{number}.wav"))
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
note = {"pid": os.getpid(), "child": child.pid, "played": played, "seconds": seconds}
with open(os.path.join(folder, "note.tmp"), "w") as out:
    json.dump(note, out)
os.replace(os.path.join(folder, "note.tmp"), os.path.join(folder, f"{number}.json"))
if mode == "slow":
    time.sleep(120)
child.kill()
"""


def eventually(check: Callable[[], bool], what: str, deadline: float = 30.0) -> None:
    """Poll until `check` holds; the deadline is generous, the machine is shared."""
    end = time.monotonic() + deadline
    while not check():
        if time.monotonic() > end:
            pytest.fail(f"still not {what} after {deadline:.0f} s")
        time.sleep(0.05)


def gone(pid: int) -> bool:
    """The process has ended (a zombie waiting for its parent counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def notes(folder: Path) -> list[dict[str, object]]:
    found = sorted(folder.glob("*.json"), key=lambda p: int(p.stem))
    return [json.loads(p.read_text()) for p in found]


def write_wav(path: Path, seconds: float = 0.2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\0\0" * int(8000 * seconds))
    return path


@pytest.fixture
def seen(tmp_path: Path) -> Path:
    folder = tmp_path / "seen"
    folder.mkdir()
    return folder


def player(tmp_path: Path, seen: Path, mode: str) -> Player:
    script = tmp_path / "player.py"
    script.write_text(PLAYER, encoding="utf-8")
    return Player((sys.executable, str(script), str(seen), mode), ALL_FORMATS)


# espeak-ng writing real WAV files


@needs_espeak
@pytest.mark.parametrize(
    ("language", "short", "long"),
    [
        (
            "fr",
            "Avez-vous un smartphone ?",
            "Avez-vous un smartphone, un ordinateur ou une tablette que vous utilisez "
            "vous-même, chez vous ou ailleurs, chaque semaine ?",
        ),
        (
            "en",
            "Do you have a smartphone?",
            "Do you have a smartphone, a computer or a tablet that you use yourself, at "
            "home or somewhere else, every week?",
        ),
        (
            "ar",
            "هل لديك هاتف ذكي؟",
            "هل لديك هاتف ذكي أو حاسوب أو جهاز لوحي تستعمله بنفسك في البيت أو في مكان "
            "آخر كل أسبوع؟",
        ),
    ],
)
def test_espeak_writes_a_wav_as_long_as_the_text(
    tmp_path: Path, language: str, short: str, long: str
) -> None:
    voice = Voice.detect(sound=True)
    short_seconds = voice.to_wav(short, language, tmp_path / "short.wav")
    long_seconds = voice.to_wav(long, language, tmp_path / "long.wav")
    assert wav_seconds(tmp_path / "long.wav") == long_seconds
    assert long_seconds > short_seconds * 2
    for text, seconds in ((short, short_seconds), (long, long_seconds)):
        per_word = seconds / len(text.split())
        assert 0.15 < per_word < 1.5, (language, text, seconds)


@needs_espeak
def test_text_is_words_never_options_and_emoji_are_not_read(tmp_path: Path) -> None:
    voice = Voice.detect(sound=True)
    elsewhere = tmp_path / "elsewhere.wav"
    options = voice.to_wav(f"-w {elsewhere} --help", "en", tmp_path / "options.wav")
    assert options > 0.5
    assert not elsewhere.exists()
    plain = voice.to_wav("Smartphone", "fr", tmp_path / "plain.wav")
    dressed = voice.to_wav("📱 Smartphone 👍🏽", "fr", tmp_path / "dressed.wav")
    # "📱" alone is "téléphone portable" to espeak-ng: same length means not read.
    assert dressed == plain


def test_emoji_and_pictograms_are_stripped_and_words_kept() -> None:
    assert speakable("📱  Smartphone 👍🏽") == "Smartphone"
    assert speakable("1, Imprimante 🖨️") == "1, Imprimante"
    assert speakable("👨‍👩‍👧 Famille") == "Famille"
    assert speakable("n° de téléphone : 10 €") == "n° de téléphone : 10 €"
    assert speakable("هل لديك هاتف ذكي؟") == "هل لديك هاتف ذكي؟"


def test_to_wav_without_espeak_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(WordsError) as raised:
        Voice(espeak=None).to_wav("Bonjour", "fr", tmp_path / "out.wav")
    assert "apt-get install espeak-ng" in raised.value.words.fr
    assert not (tmp_path / "out.wav").exists()


@needs_espeak
def test_to_wav_in_a_language_espeak_lacks_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WordsError) as raised:
        Voice.detect(sound=True).to_wav("Bonjour", "qq", tmp_path / "out.wav")
    assert "« qq »" in raised.value.words.fr


# Reading in the background, stopping


def test_say_returns_while_playing_and_stop_kills_the_player_and_its_children(
    tmp_path: Path, seen: Path
) -> None:
    voice = Voice(espeak=None, players=[player(tmp_path, seen, "slow")])
    recording = write_wav(tmp_path / "voix" / "question.wav")
    voice.say([Spoken("Avez-vous un smartphone ?", "fr", recording)])
    # The player sleeps two minutes: say came back long before it ended.
    assert voice.speaking
    eventually(lambda: len(notes(seen)) == 1, "playing")
    note = notes(seen)[0]
    assert note["played"] == str(recording)
    pids = [int(str(note["pid"])), int(str(note["child"]))]
    assert not any(gone(pid) for pid in pids)

    voice.stop()
    assert not voice.speaking
    eventually(lambda: all(gone(pid) for pid in pids), "killed")
    assert voice.wait(30)
    voice.stop()  # again, with nothing playing: nothing happens
    assert len(notes(seen)) == 1


def test_stop_is_safe_before_anything_was_said() -> None:
    voice = Voice(espeak=None)
    for _ in range(3):
        voice.stop()
    assert not voice.speaking
    assert voice.wait(1)


def test_a_new_reading_stops_the_previous_one(tmp_path: Path, seen: Path) -> None:
    voice = Voice(espeak=None, players=[player(tmp_path, seen, "slow")])
    first = write_wav(tmp_path / "first.wav")
    second = write_wav(tmp_path / "second.wav")
    voice.say([Spoken("Première", "fr", first), Spoken("Suite", "fr", first)])
    eventually(lambda: len(notes(seen)) == 1, "playing the first")
    voice.say([Spoken("Deuxième", "fr", second)])
    eventually(lambda: len(notes(seen)) == 2, "playing the second")
    old, new = notes(seen)
    assert new["played"] == str(second)
    eventually(lambda: gone(int(str(old["pid"]))), "stopped the first")
    assert voice.speaking
    assert not gone(int(str(new["pid"])))
    voice.stop()
    eventually(lambda: gone(int(str(new["pid"]))), "stopped the second")
    assert len(notes(seen)) == 2  # the rest of the first reading never played


def test_parts_play_one_after_another_in_order(tmp_path: Path, seen: Path) -> None:
    voice = Voice(espeak=None, players=[player(tmp_path, seen, "quick")])
    files = [write_wav(tmp_path / f"{name}.wav") for name in ("question", "one", "two")]
    voice.say([Spoken(name, "fr", path) for name, path in zip("abc", files, strict=True)])
    assert voice.wait(60)
    assert not voice.speaking
    assert [note["played"] for note in notes(seen)] == [str(path) for path in files]


@needs_espeak
def test_text_without_recording_is_spoken_by_espeak_through_the_player(
    tmp_path: Path, seen: Path
) -> None:
    voice = Voice(espeak=ESPEAK, players=[player(tmp_path, seen, "quick")])
    voice.say([Spoken("Avez-vous un ordinateur ?", "fr"), Spoken("Yes", "en")])
    assert voice.wait(60)
    first, second = notes(seen)
    assert 0.5 < float(str(first["seconds"])) < 10
    assert float(str(first["seconds"])) > float(str(second["seconds"]))


# What can be voiced


def test_can_speak_needs_a_voice_for_every_part(tmp_path: Path, seen: Path) -> None:
    recording = write_wav(tmp_path / "voix" / "oui.wav")
    nothing = Voice(espeak=None, players=[])
    assert not nothing.can_speak([Spoken("Oui", "fr")])
    assert not nothing.can_speak([Spoken("Oui", "fr", recording)])  # no player

    played = Voice(espeak=None, players=[player(tmp_path, seen, "quick")])
    assert played.can_speak([Spoken("Oui", "fr", recording)])
    assert not played.can_speak([Spoken("Oui", "fr", recording), Spoken("Non", "fr")])
    assert not played.can_speak([Spoken("Oui", "fr", tmp_path / "missing.wav")])
    assert not played.can_speak([])
    wav_only = Voice(espeak=None, players=[Player(("aplay",), frozenset({"wav"}))])
    ogg = tmp_path / "oui.ogg"
    ogg.write_bytes(b"OggS" + bytes(60))
    assert not wav_only.can_speak([Spoken("Oui", "fr", ogg)])

    silent = Voice(espeak=None, players=[player(tmp_path, seen, "quick")], sound=False)
    assert not silent.can_speak([Spoken("Oui", "fr", recording)])
    silent.say([Spoken("Oui", "fr", recording)])
    assert not silent.speaking
    assert notes(seen) == []


@needs_espeak
def test_can_speak_with_espeak_in_each_language() -> None:
    voice = Voice(espeak=ESPEAK, players=[])
    for text, language in (("Oui", "fr"), ("Yes", "en"), ("نعم", "ar")):
        assert voice.can_speak([Spoken(text, language)]), language
    assert not voice.can_speak([Spoken("Oui", "qq")])
    assert not voice.can_speak([Spoken("📱", "fr")])  # nothing left to say
    assert voice.can_speak([Spoken("📱", "fr"), Spoken("Oui", "fr")])


# Bad recordings, failing programs


@needs_espeak
@pytest.mark.parametrize("fault", ["missing", "not audio", "broken wav"])
def test_a_bad_recording_is_replaced_by_espeak(
    tmp_path: Path, seen: Path, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    recording = tmp_path / "voix" / "question.wav"
    recording.parent.mkdir()
    if fault == "not audio":
        recording.write_text("pas un son", encoding="utf-8")
    elif fault == "broken wav":  # the right first bytes, then nothing a player can read
        recording.write_bytes(b"RIFF\xff\xff\xff\xffWAVEfmt " + b"\x07" * 40)
    voice = Voice(espeak=ESPEAK, players=[player(tmp_path, seen, "quick")])
    part = Spoken("Avez-vous un smartphone ?", "fr", recording)
    assert voice.can_speak([part])
    with caplog.at_level(logging.WARNING, logger="diagnum.voice"):
        voice.say([part])
        assert voice.wait(60)
    (note,) = notes(seen)
    assert note["played"] != str(recording)
    assert float(str(note["seconds"])) > 0.5  # espeak-ng's reading of the question
    assert any(r.name == "diagnum.voice" for r in caplog.records)


def test_a_missing_recording_without_espeak_is_logged_once_and_never_raises(
    tmp_path: Path, seen: Path, caplog: pytest.LogCaptureFixture
) -> None:
    voice = Voice(espeak=None, players=[player(tmp_path, seen, "quick")])
    missing = Spoken("Oui", "fr", tmp_path / "voix" / "oui.wav")
    with caplog.at_level(logging.WARNING, logger="diagnum.voice"):
        for _ in range(3):
            voice.say([missing])
            assert voice.wait(30)
    assert notes(seen) == []
    told = [r for r in caplog.records if r.name == "diagnum.voice"]
    assert len(told) == 1
    assert "oui.wav" in told[0].getMessage()


@needs_espeak
def test_a_player_that_fails_every_time_is_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    failing = shutil.which("false")
    assert failing is not None
    voice = Voice(espeak=ESPEAK, players=[Player((failing,), ALL_FORMATS)])
    with caplog.at_level(logging.WARNING, logger="diagnum.voice"):
        for _ in range(3):
            voice.say([Spoken("Bonjour", "fr"), Spoken("Hello", "en")])
            assert voice.wait(60)
    told = [r.getMessage() for r in caplog.records if r.name == "diagnum.voice"]
    assert len(told) == 1
    assert "failed" in told[0]


def test_a_player_that_cannot_start_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    recording = write_wav(tmp_path / "oui.wav")
    voice = Voice(espeak=None, players=[Player((str(tmp_path / "no-player"),), ALL_FORMATS)])
    with caplog.at_level(logging.WARNING, logger="diagnum.voice"):
        voice.say([Spoken("Oui", "fr", recording)])
        assert voice.wait(30)
    assert any("cannot start" in r.getMessage() for r in caplog.records)


# What the kiosk reads on a question screen


def test_a_question_screen_reads_the_question_then_numbered_choices(tmp_path: Path) -> None:
    question = Question.model_validate(
        {
            "id": "phone",
            "kind": "single",
            "section": "equipment",
            "text": {"fr": "Avez-vous un smartphone ?", "en": "Do you have a smartphone?"},
            "hint": {"fr": "Un seul choix.", "en": "One choice."},
            "media": {"emoji": "📱", "audio": {"fr": "voix/fr/phone.wav"}},
            "choices": [
                {"id": "yes", "label": {"fr": "Oui", "en": "Yes"}, "media": {"emoji": "✅"}},
                {
                    "id": "no",
                    "label": {"fr": "Non", "en": "No"},
                    "media": {"emoji": "❌", "audio": {"en": "voix/en/no.wav"}},
                },
            ],
        }
    )
    assert question_parts(question, question.choices, "en", tmp_path) == [
        Spoken("Do you have a smartphone? One choice.", "en"),
        Spoken("1, Yes", "en"),
        Spoken("2, No", "en", tmp_path / "voix" / "en" / "no.wav"),
    ]
    french = question_parts(question, question.choices, "fr", tmp_path)
    assert french[0].recording == tmp_path / "voix" / "fr" / "phone.wav"
    assert [p.text for p in french[1:]] == ["1, Oui", "2, Non"]
    assert question_parts(question, question.choices, "fr", None)[0].recording is None
