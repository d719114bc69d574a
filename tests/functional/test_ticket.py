"""The printed ticket: a real PDF, rendered to pixels by PDFium, its QR code read by zxing-cpp.

And the print queue: a fake `lp` on the PATH (a real subprocess) takes the place of CUPS.
"""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest

from questionnaires.answers import Answer
from questionnaires.library import QuestionnaireLibrary
from questionnaires.model import Questionnaire
from questionnaires.payload import decode_payload, encode_payload
from questionnaires.report import next_step_lines
from questionnaires.result import UNKNOWN_DAY, Result
from terminal.services.printing import PrintError, print_ticket
from terminal.services.ticket import FONTS, grouped, ticket_pdf, write_ticket
from tests.functional.test_cli import diagnum

pdfium = pytest.importorskip("pypdfium2")


def a_result(
    questionnaire: Questionnaire, day: date = date(2026, 11, 23), language: str = "fr"
) -> Result:
    """No phone, no e-mail, reads little: "I don't know" everywhere else."""
    answers = {
        "smartphone": Answer(("none",)),
        "devices": Answer(("nothing",)),
        "email": Answer(("none",)),
        "barriers": Answer(("reading",)),
    }
    for question in questionnaire.questions:
        answers.setdefault(question.id, Answer.dont_know())
    return Result.finish(questionnaire, answers, language, day, code="K7M4QX")


def read_pdf(data: bytes) -> tuple[str, str | None]:
    """The page's text, and what zxing-cpp reads in the page rendered at 150 dpi."""
    import zxingcpp

    assert data.startswith(b"%PDF-")
    document = pdfium.PdfDocument(data)
    try:
        assert len(document) == 1
        page = document[0]
        text = page.get_textpage().get_text_range()
        image = page.render(scale=150 / 72, grayscale=True).to_pil()
    finally:
        document.close()
    found = zxingcpp.read_barcodes(image)
    return text, (str(found[0].text) if found else None)


def test_the_ticket_s_qr_code_scans_to_the_full_result(questionnaire: Questionnaire) -> None:
    result = a_result(questionnaire)
    payload = encode_payload(result)
    text, scanned = read_pdf(ticket_pdf(result, payload, "fr", saved=True))
    assert scanned == payload
    decoded = decode_payload(scanned, QuestionnaireLibrary.load().find)
    assert decoded.code == "K7M4QX" and decoded.answers == result.answers
    # Easy words, with their accents, the short code that finds the saved result,
    # the full code to copy, and the first next steps with their pictograms.
    assert "Montrez ce papier à votre conseiller." in " ".join(text.split())
    assert "Mon bilan numérique" in text
    assert "Date : 23/11/2026" in text.replace("\u00a0", " ")
    assert "K7M-4QX" in text
    assert grouped(payload) in text
    steps = next_step_lines(result, "fr")
    assert steps
    flat = " ".join(text.split())
    for step in steps:
        assert step.pictogram in text
        assert " ".join(step.text.split()) in flat


def test_a_result_not_kept_has_no_short_code_and_says_the_paper_is_the_only_way(
    questionnaire: Questionnaire,
) -> None:
    result = a_result(questionnaire)
    payload = encode_payload(result)
    text, scanned = read_pdf(ticket_pdf(result, payload, "fr", saved=False))
    assert scanned == payload
    assert "K7M-4QX" not in text
    assert "seul moyen de retrouver votre résultat" in " ".join(text.split())


def test_an_english_ticket_keeps_the_french_words_for_the_desk(
    questionnaire: Questionnaire,
) -> None:
    result = a_result(questionnaire)
    payload = encode_payload(result)
    text, scanned = read_pdf(ticket_pdf(result, payload, "en", saved=True))
    flat = " ".join(text.split())
    assert scanned == payload
    assert "Show this paper to your adviser." in flat
    assert "Montrez ce papier à votre conseiller." in flat
    for step in next_step_lines(result, "en"):
        assert " ".join(step.text.split()) in flat


def test_a_wrong_clock_prints_an_unknown_date(questionnaire: Questionnaire) -> None:
    result = a_result(questionnaire, day=UNKNOWN_DAY)
    payload = encode_payload(result)
    text, scanned = read_pdf(ticket_pdf(result, payload, "fr", saved=False))
    assert scanned == payload
    assert "Date : inconnue" in text.replace("\u00a0", " ")
    assert "2020" not in text


def test_every_pictogram_of_the_questionnaire_can_be_printed(
    questionnaire: Questionnaire,
) -> None:
    from fontTools.ttLib import TTFont

    drawn = set(TTFont(FONTS / "NotoEmoji-Regular.ttf").getBestCmap())
    drawn |= set(TTFont(FONTS / "DejaVuSans.ttf").getBestCmap())
    scoring = questionnaire.scoring
    pictograms = [s.pictogram for s in scoring.next_steps]
    pictograms += [q.pictogram for q in questionnaire.questions]
    pictograms += [
        c.pictogram for q in questionnaire.questions for c in questionnaire.choices_of(q)
    ]
    for pictogram in pictograms:
        for char in pictogram.replace("\ufe0f", ""):
            assert ord(char) in drawn, f"{pictogram!r} would print as an empty box"
    for licence in ("LICENSE-DejaVu.txt", "OFL-NotoEmoji.txt"):
        assert (FONTS / licence).stat().st_size > 1000


def test_write_ticket_writes_the_whole_pdf_or_nothing(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    result = a_result(questionnaire)
    payload = encode_payload(result)
    target = tmp_path / "ticket.pdf"
    write_ticket(result, payload, target, "fr", saved=True)
    _, scanned = read_pdf(target.read_bytes())
    assert scanned == payload
    assert [p.name for p in tmp_path.iterdir()] == ["ticket.pdf"]  # no temporary left


def fake_lp(folder: Path, body: str) -> Path:
    """An `lp` command first on the PATH: a real program, run as CUPS's would be."""
    folder.mkdir(exist_ok=True)
    lp = folder / "lp"
    lp.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def test_the_ticket_goes_to_the_queue_on_standard_input(
    questionnaire: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed, arguments = tmp_path / "printed.pdf", tmp_path / "arguments"
    folder = fake_lp(tmp_path / "bin", f'cat > "{printed}"\necho "$@" > "{arguments}"\n')
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    result = a_result(questionnaire)
    payload = encode_payload(result)
    print_ticket(ticket_pdf(result, payload, "fr", saved=True), "Accueil_HP")
    assert read_pdf(printed.read_bytes())[1] == payload
    words = arguments.read_text().split()
    assert words[words.index("-d") + 1] == "Accueil_HP"
    assert payload not in arguments.read_text()  # the job's title names nobody


@pytest.mark.parametrize(
    ("body", "timeout", "expected"),
    [
        (
            'cat >/dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n',
            10,
            "lp failed (exit 1): lp: The printer or class does not exist.",
        ),
        # A shell that waits on a child: the child must not keep the kiosk waiting.
        ("sleep 5\n", 0.5, "lp did not answer within 0.5 s"),
    ],
)
def test_a_queue_that_refuses_or_hangs_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, timeout: float, expected: str
) -> None:
    folder = fake_lp(tmp_path / "bin", body)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(PrintError) as caught:
        print_ticket(b"%PDF-1.4 not much", "Accueil", timeout=timeout)
    assert str(caught.value) == expected


def test_no_lp_on_the_machine_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrintError, match=r"lp command .* is not installed"):
        print_ticket(b"%PDF-1.4", "Accueil")


def ticket_command(
    *args: str, data_dir: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`diagnum [--config FILE] ticket ...` in a real subprocess."""
    settings = list(args[:2]) if args[:1] == ("--config",) else []
    return diagnum(*settings, "ticket", *args[len(settings) :], data_dir=data_dir, env=env)


def test_the_ticket_command_writes_a_pdf_whose_qr_scans(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    payload = encode_payload(a_result(questionnaire))
    out = tmp_path / "ticket.pdf"
    done = ticket_command(grouped(payload), "--pdf", str(out), data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    text, scanned = read_pdf(out.read_bytes())
    assert scanned == payload
    assert "Montrez ce papier" in text
    assert "K7M" not in text.replace(grouped(payload), "")  # not kept here: no short code


def test_the_ticket_command_prints_on_the_configured_queue(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    printed = tmp_path / "printed.pdf"
    folder = fake_lp(tmp_path / "bin", f'cat > "{printed}"\n')
    config = tmp_path / "kiosk.toml"
    config.write_text('printer = "Accueil"\n', encoding="utf-8")
    payload = encode_payload(a_result(questionnaire))
    env = {"PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = ticket_command(payload, data_dir=tmp_path / "data", env=env)
    assert done.returncode == 2 and "no printer is set" in done.stderr  # no --config yet
    done = ticket_command("--config", str(config), payload, data_dir=tmp_path / "data", env=env)
    assert done.returncode == 0, done.stderr
    assert read_pdf(printed.read_bytes())[1] == payload


def test_the_ticket_command_refuses_a_bad_code_in_one_line(tmp_path: Path) -> None:
    done = ticket_command("2DG01XXXX", "--pdf", str(tmp_path / "t.pdf"), data_dir=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "t.pdf").exists()
