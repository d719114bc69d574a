"""Media files are checked as the kiosk will use them: real pictures and recordings pass,
anything else is told plainly, and nothing can make the check hang."""

from __future__ import annotations

import os
import wave
from pathlib import Path

import pytest
from PIL import Image

from questionnaires.media import MAX_IMAGE_BYTES, audio_format, file_problem, path_problem


def test_a_real_picture_and_a_real_recording_pass(tmp_path: Path) -> None:
    Image.new("RGBA", (120, 120), (0, 0, 0, 0)).save(tmp_path / "phone.png")
    with wave.open(str(tmp_path / "voice.wav"), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(22050)
        sound.writeframes(b"\0\0" * 2205)
    assert file_problem(tmp_path, "phone.png", "image") is None
    assert file_problem(tmp_path, "voice.wav", "audio") is None
    assert audio_format(b"OggS\0\2" + b"\0" * 20) == "ogg"
    assert audio_format(b"ID3\4\0" + b"\0" * 20) == "mp3"


@pytest.mark.parametrize(
    ("name", "content", "kind", "expected"),
    [
        ("photo.png", b"\xff\xd8\xff\xe0 a JPEG named .png", "image", "is not a PNG picture"),
        ("voice.wav", b"just words", "audio", "is not a WAV, OGG or MP3 recording"),
        ("big.png", None, "image", "more than 2 MB: make it smaller"),
        ("cut.png", b"\x89PNG\r\n\x1a\n", "image", "is not a PNG picture"),
    ],
)
def test_a_wrong_file_is_told_plainly(
    tmp_path: Path, name: str, content: bytes | None, kind: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content if content is not None else b"\x89PNG" + b"\0" * MAX_IMAGE_BYTES)
    problem = file_problem(tmp_path, name, kind)
    assert problem is not None and expected in problem.en and problem.fr


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("images\\phone.png", "with '/' between folders"),
        ("/home/me/phone.png", "is a full path"),
        ("C:/Users/me/phone.png", "is a full path"),
        ("../phone.png", "leaves the questionnaire's folder"),
        ("phone.jpg", "should be a PNG picture"),
    ],
)
def test_how_a_path_is_written(written: str, expected: str) -> None:
    problem = path_problem(written, "image")
    assert problem is not None and expected in problem.en


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_as_a_picture_never_blocks(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "phone.png")
    problem = file_problem(tmp_path, "phone.png", "image")
    assert problem is not None and "is not an ordinary file" in problem.en
