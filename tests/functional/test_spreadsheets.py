"""Questionnaires from spreadsheets (the XLSForm habit of ODK and KoboToolbox), and back.

A workbook made here with openpyxl is imported, checked, walked in the kiosk with Pilot,
and its QR code, read from the screen by zxing-cpp, decodes to the answers given.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from questionnaires.answers import Answer
from questionnaires.library import QuestionnaireLibrary
from questionnaires.loading import DEFAULT_FILE, check_file, load_questionnaire
from questionnaires.payload import decode_payload
from terminal.kiosk.app import KioskApp
from terminal.kiosk.screens.result import ResultScreen
from terminal.settings.model import KioskConfig
from terminal.ui.qr_code import QRCodeView
from tests.conftest import NOW, TODAY
from tests.functional.kiosk_driver import answer_all, hand_over, start
from tests.functional.qr_pixels import decode_qr

ROOT = Path(__file__).resolve().parents[2]

SURVEY = [
    ["type", "name", "label::Français (fr)", "label::English (en)", "hint::fr", "hint::en",
     "emoji", "relevant"],
    ["begin_group", "home", "Chez vous", "At home", "", "", "🏠", ""],
    ["select_one phone", "phone", "Avez-vous un téléphone ?", "Do you have a phone?", "", "",
     "📱", ""],
    ["select_multiple apps", "apps", "Qu'utilisez-vous ?", "What do you use?",
     "Choisissez tout ce qui est vrai.", "Choose all that apply.", "💬",
     "selected(${phone}, 'smart')"],
    ["end_group", "home", "", "", "", "", "", ""],
    ["begin_group", "town", "La mairie", "The town hall", "", "", "🏢", ""],
    ["select_one yes_no", "town_site", "Connaissez-vous le site de la mairie ?",
     "Do you know the town hall's site?", "", "", "🏢", "${phone} != 'none'"],
    ["end_group", "town", "", "", "", "", "", ""],
]  # fmt: skip
CHOICES = [
    ["list_name", "name", "label::fr", "label::en", "emoji", "exclusive"],
    ["phone", "smart", "Un smartphone", "A smartphone", "📱", ""],
    ["phone", "basic", "Un téléphone simple", "A simple phone", "📞", ""],
    ["phone", "none", "Pas de téléphone", "No phone", "📵", ""],
    ["apps", "whatsapp", "WhatsApp", "WhatsApp", "💬", ""],
    ["apps", "sms", "Les SMS", "Text messages", "📨", ""],
    ["apps", "nothing", "Rien de tout ça", "None of these", "🙅", "yes"],
    ["yes_no", "yes", "Oui", "Yes", "✅", ""],
    ["yes_no", "no", "Non", "No", "❌", ""],
]  # fmt: skip
SETTINGS = [
    ["form_id", "version", "default_language", "code", "title::fr", "title::en"],
    ["mairie_locale", 1, "fr", "MA", "Le numérique à la mairie", "Digital at the town hall"],
]


def workbook(path: Path, survey: list[list[object]] = SURVEY) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in (("survey", survey), ("choices", CHOICES), ("settings", SETTINGS)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def diagnum(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "terminal", "--data-dir", str(cwd / "data"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def import_command(source: Path, output: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`diagnum questionnaire import`, run as a facilitator runs it."""
    return diagnum("questionnaire", "import", str(source), "-o", str(output), *options,
                   cwd=output.parent)  # fmt: skip


def imported(tmp_path: Path, source: Path) -> Path:
    output = tmp_path / "mairie.yaml"
    done = import_command(source, output)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "aucune erreur" in done.stderr
    return output


async def test_a_workbook_becomes_a_questionnaire_the_kiosk_walks(tmp_path: Path) -> None:
    output = imported(tmp_path, workbook(tmp_path / "mairie.xlsx"))
    checked = check_file(output)
    assert checked.ok and [p for p in checked.problems if p.warning] == []
    questionnaire = checked.questionnaire
    assert questionnaire is not None
    assert [q.id for q in questionnaire.questions] == ["phone", "apps", "town_site"]
    assert questionnaire.question("apps").choices[2].exclusive
    assert questionnaire.languages == ("fr", "en")
    assert not questionnaire.has_scoring  # the result lists the answers given
    done = diagnum("questionnaire", "validate", str(output), cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == ""
    config = KioskConfig.model_validate(
        {"data_dir": tmp_path / "data", "questionnaire": output, "input_guard_seconds": 0}
    )
    app = KioskApp(config, today=lambda: TODAY, now=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        plan: dict[str, list[str] | str] = {"phone": ["smart"], "apps": ["whatsapp", "sms"]}
        walk = await answer_all(pilot, questionnaire, plan)
        assert walk.seen == ["phone", "apps", "town_site"]
        screen = app.screen
        assert isinstance(screen, ResultScreen) and screen.pages == 1
        shown = "\n".join(str(w.render()) for w in screen.query("Static")).replace("\u00a0", " ")
        assert "Un smartphone" in shown  # the equipment: the first group's answers
        assert "🏢 Connaissez-vous le site de la mairie ? : Oui" in shown
        handover = await hand_over(pilot)
        drawn = decode_qr(handover.query_one(QRCodeView))
    decoded = decode_payload(drawn, QuestionnaireLibrary.load([output]).find)
    assert decoded.answers == walk.answers
    assert decoded.answers["apps"] == Answer(("whatsapp", "sms"))


def test_relevant_outside_the_subset_is_refused_at_its_cell(tmp_path: Path) -> None:
    survey = [list(row) for row in SURVEY]
    survey[3][7] = "selected(${phone}, 'smart') and count-selected(${apps}) > 1"
    source = workbook(tmp_path / "bad.xlsx", survey)
    output = tmp_path / "bad.yaml"
    done = import_command(source, output, "--lang", "en")
    assert done.returncode == 2
    assert (
        f"{source}: sheet survey, row 4, column H (relevant): 'count-selected' is not in what "
        "Diagnum reads" in done.stdout
    )
    assert "(character 33)" in done.stdout
    assert not output.exists()  # nothing half-written
    assert "nothing was written" in done.stderr


def test_a_mistake_in_a_sheet_is_told_at_its_cell(tmp_path: Path) -> None:
    survey = [list(row) for row in SURVEY]
    survey[2][0] = "select_one phones"  # a list that does not exist
    survey[0][2] = "lable::fr"
    source = workbook(tmp_path / "bad.xlsx", survey)
    done = import_command(source, tmp_path / "x.yaml", "--lang", "en")
    assert done.returncode == 2
    assert "sheet survey, row 1, column C (lable::fr): unknown column 'lable::fr'" in done.stdout
    assert "sheet survey, row 3, column A (type): list 'phones' is not in the choices sheet" in (
        done.stdout
    )


def csv_of(rows_by_sheet: Iterable[tuple[str, list[list[object]]]]) -> str:
    """The pyxform CSV layout, as a French spreadsheet writes it: ";" between cells."""
    lines = []
    for name, rows in rows_by_sheet:
        lines.append(name)
        lines += [";" + ";".join(str(cell) for cell in row) for row in rows]
    return "\n".join(lines) + "\n"


def test_a_csv_workbook_gives_the_same_questionnaire(tmp_path: Path) -> None:
    from_xlsx = load_questionnaire(imported(tmp_path, workbook(tmp_path / "mairie.xlsx")))
    source = tmp_path / "mairie.csv"
    sheets = (("survey", SURVEY), ("choices", CHOICES), ("settings", SETTINGS))
    source.write_text(csv_of(sheets), encoding="utf-8-sig")
    assert load_questionnaire(imported(tmp_path, source)) == from_xlsx


def test_the_default_questionnaire_makes_the_round_trip(tmp_path: Path) -> None:
    workbook_path = tmp_path / "default.xlsx"
    done = diagnum(
        "questionnaire", "export", str(DEFAULT_FILE), "--xlsx", str(workbook_path), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    settings = load_workbook(workbook_path)["settings"]
    values = dict(zip([c.value for c in settings[1]], [c.value for c in settings[2]], strict=True))
    assert values["version"] == 3 and values["max_next_steps"] == 3  # numbers, as typed
    assert values["form_id"] == "diagnum_default"
    back = imported(tmp_path, workbook_path)
    assert load_questionnaire(back) == load_questionnaire(DEFAULT_FILE)  # scoring and cases too


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"PK\x03\x04 not really a workbook", "broken.xlsx", "is not a readable workbook"),
        (b"type,name\n", "notes.txt", "is not a workbook: .xlsx, .ods or .csv"),
        (None, "missing.xlsx", "does not exist"),
    ],
)
def test_a_file_that_is_no_workbook_gets_one_clear_line(
    tmp_path: Path, content: bytes | None, name: str, expected: str
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    done = import_command(source, tmp_path / "x.yaml", "--lang", "en")
    assert done.returncode == 2
    assert expected in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def ods(path: Path, sheets: Iterable[tuple[str, list[list[object]]]]) -> Path:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), written by hand."""
    import zipfile
    from xml.sax.saxutils import escape

    tables = []
    for name, rows in sheets:
        cells = (
            "".join(
                f'<table:table-cell office:value-type="string"><text:p>{escape(str(c))}</text:p>'
                "</table:table-cell>"
                if str(c)
                else "<table:table-cell/>"
                for c in row
            )
            for row in rows
        )
        body = "".join(f"<table:table-row>{row}</table:table-row>" for row in cells)
        tables.append(f'<table:table table:name="{name}">{body}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_an_ods_workbook_gives_the_same_questionnaire(tmp_path: Path) -> None:
    from_xlsx = load_questionnaire(imported(tmp_path, workbook(tmp_path / "mairie.xlsx")))
    sheets = (("survey", SURVEY), ("choices", CHOICES), ("settings", SETTINGS))
    source = ods(tmp_path / "mairie.ods", sheets)
    assert load_questionnaire(imported(tmp_path, source)) == from_xlsx


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "expected"),
    [
        ("settings", 1, 1, "inf", "'inf' is not a number"),
        ("settings", 1, 1, "nan", "'nan' is not a number"),
    ],
)
def test_odd_cells_are_told_not_crashed(
    tmp_path: Path, sheet: str, row: int, column: int, value: str, expected: str
) -> None:
    settings = [list(r) for r in SETTINGS]
    settings[row][column] = value
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in (("survey", SURVEY), ("choices", CHOICES), ("settings", settings)):
        target = book.create_sheet(name)
        for line in rows:
            target.append(line)
    source = tmp_path / "odd.xlsx"
    book.save(source)
    done = import_command(source, tmp_path / "x.yaml", "--lang", "en")
    assert done.returncode == 2
    assert expected in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_cell_far_away_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    """One cell at row 300,000: the bounds are checked first, not millions of cells made."""
    book = Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name"])
    book.active.cell(row=300_000, column=1, value="x")
    source = tmp_path / "far.xlsx"
    book.save(source)
    done = import_command(source, tmp_path / "x.yaml", "--lang", "en")
    assert done.returncode == 2
    assert "sheet survey has more than 5000 rows" in done.stderr


def test_a_new_import_keeps_the_file_it_replaces(tmp_path: Path) -> None:
    source = workbook(tmp_path / "mairie.xlsx")
    output = imported(tmp_path, source)
    output.write_text(output.read_text(encoding="utf-8") + "# my note\n", encoding="utf-8")
    imported(tmp_path, source)
    [kept] = tmp_path.glob("mairie.yaml.*.bak")
    assert kept.read_text(encoding="utf-8").endswith("# my note\n")


def test_a_workbook_with_an_error_never_replaces_a_good_file(tmp_path: Path) -> None:
    """A misspelt choice in a rule: the mistake is told at its cell, and the questionnaire
    imported before stays as it was, with no backup to untangle."""
    output = imported(tmp_path, workbook(tmp_path / "mairie.xlsx"))
    good = output.read_bytes()
    survey = [list(row) for row in SURVEY]
    survey[3][7] = "selected(${phone}, 'smat')"
    source = workbook(tmp_path / "mairie.xlsx", survey)
    done = import_command(source, output)
    done.stdout = done.stdout.replace("\u00a0", " ")  # French spacing: « smat », not split
    done.stderr = done.stderr.replace("\u00a0", " ")
    assert done.returncode == 2
    assert f"{source}: feuille survey, ligne 4, colonne H (relevant)" in done.stdout
    assert "« smat »" in done.stdout and "« smart »" in done.stdout  # did you mean
    assert f"rien n'est écrit dans {output}" in done.stderr
    assert output.read_bytes() == good
    assert list(tmp_path.glob("mairie.yaml.*.bak")) == []
