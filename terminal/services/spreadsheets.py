"""Workbooks on disk: read (.xlsx, .ods, .csv) and written (.xlsx) for the XLSForm way.

The mapping between sheets and a questionnaire is `questionnaires.xlsform`; this
module only turns files into sheets of text cells and back. python-calamine reads
xlsx and ods quickly and safely (a damaged file is an error, never a crash);
openpyxl writes xlsx. A CSV holds every sheet the way pyxform reads one: a row with
a sheet's name alone in the first column, then that sheet's rows with the first
column empty; its separator may be "," or ";" (what a French spreadsheet writes), its
encoding UTF-8 (with or without a mark) or Windows-1252.

Every file is read with bounds, so a wrong file is refused at once with a clear reason.
No Textual here.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from questionnaires.problems import Words
from questionnaires.xlsform import Sheet, sheet_of

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 200
WORKBOOKS = (".xlsx", ".xlsm", ".ods", ".xls")


class SpreadsheetError(Exception):
    """A file that cannot be read or written as a workbook; one line, in two languages."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


def read_sheets(path: Path) -> dict[str, Sheet]:
    """Every sheet of a workbook, as text."""
    suffix = path.suffix.lower()
    if suffix not in (*WORKBOOKS, ".csv"):
        raise SpreadsheetError(
            Words(
                f"« {path.name} » n'est pas un classeur : .xlsx, .ods ou .csv",
                f"'{path.name}' is not a workbook: .xlsx, .ods or .csv",
            )
        )
    _check_file(path)
    if suffix == ".csv":
        return _read_csv(path)
    return _read_workbook(path)


def _check_file(path: Path) -> None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise SpreadsheetError(Words(f"{path} n'existe pas", f"{path} does not exist")) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    if not stat.S_ISREG(status.st_mode):
        raise SpreadsheetError(
            Words(f"{path} n'est pas un fichier ordinaire", f"{path} is not an ordinary file")
        )
    if status.st_size > MAX_WORKBOOK_BYTES:
        most = MAX_WORKBOOK_BYTES // 1024 // 1024
        raise SpreadsheetError(
            Words(
                f"{path.name} dépasse {most} Mo, bien plus qu'un questionnaire : est-ce le bon "
                "fichier ?",
                f"{path.name} is larger than {most} MB, far more than a questionnaire: is it "
                "the right file?",
            )
        )


def _unreadable(path: Path, error: OSError) -> SpreadsheetError:
    why = error.strerror or type(error).__name__
    return SpreadsheetError(
        Words(f"{path} ne peut pas être lu ({why})", f"{path} cannot be read ({why})")
    )


def _read_workbook(path: Path) -> dict[str, Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = {}
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            # Bounds first: one cell far away would make millions of empty ones.
            end = sheet.end or (0, 0)  # the last cell used, from 0
            _within_bounds(name, end[0] + 1, end[1] + 1)
            rows = sheet.to_python(skip_empty_area=False)
            sheets[name] = _sheet(name, [[_text(cell) for cell in row] for row in rows])
        return sheets
    except PasswordError:
        raise SpreadsheetError(
            Words(
                f"{path.name} est protégé par un mot de passe : enregistrez-en une copie sans",
                f"{path.name} is protected by a password: save a copy without one",
            )
        ) from None
    except (CalamineError, ValueError, OSError) as error:
        raise SpreadsheetError(
            Words(
                f"{path.name} n'est pas un classeur lisible (abîmé, ou d'un autre format) : "
                f"{error}",
                f"{path.name} is not a readable workbook (damaged, or another format): {error}",
            )
        ) from None


def _text(cell: Any) -> str:
    """A cell as its text: 2.0 is "2", a date its ISO form, True "yes"."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date | time):
        return cell.isoformat()
    return str(cell)


def _within_bounds(name: str, height: int, width: int) -> None:
    if height > MAX_ROWS + 1 or width > MAX_COLUMNS:
        raise SpreadsheetError(
            Words(
                f"la feuille {name} a plus de {MAX_ROWS} lignes ou {MAX_COLUMNS} colonnes : "
                "est-ce le bon fichier ?",
                f"sheet {name} has more than {MAX_ROWS} rows or {MAX_COLUMNS} columns: is it "
                "the right file?",
            )
        )


def _sheet(name: str, rows: list[list[str]]) -> Sheet:
    _within_bounds(name, len(rows), max((len(row) for row in rows), default=0))
    return sheet_of(name, rows)


def _read_csv(path: Path) -> dict[str, Sheet]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise SpreadsheetError(
            Words(
                f"{path.name} n'est pas un CSV lisible ({error})",
                f"{path.name} is not a readable CSV ({error})",
            )
        ) from None
    sheets: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if row[0].strip():
            current = row[0].strip()
            sheets.setdefault(current, [])
            row = row[1:]  # the sheet's name may share its row with the header
            if not any(cell.strip() for cell in row):
                continue
        elif row:
            row = row[1:]
        if current is None:
            raise SpreadsheetError(
                Words(
                    f"{path.name}, ligne {number} : le CSV commence par le nom d'une feuille "
                    "(survey) seul dans la première colonne",
                    f"{path.name}, line {number}: the CSV starts with a sheet's name (survey) "
                    "alone in the first column",
                )
            )
        sheets[current].append((number, row))
    return {name: _csv_sheet(name, lines) for name, lines in sheets.items()}


def _delimiter(text: str) -> str:
    """ ";" or ",": the layout's rows start with an empty first cell, so with the
    separator itself (texts are full of commas, a count would be fooled)."""
    starts = [line[:1] for line in text.splitlines()[:50] if line[:1] in ";,"]
    return ";" if starts.count(";") > starts.count(",") else ","


def _csv_sheet(name: str, lines: list[tuple[int, list[str]]]) -> Sheet:
    if not lines:
        return Sheet(name, [], [])
    (_, header), *body = lines
    _within_bounds(name, len(lines), max(len(row) for _, row in lines))
    return Sheet(name, header, body)


# Columns whose cells are numbers in a spreadsheet; every other cell is text.
_NUMBER_COLUMNS = {"version", "max_next_steps", "min_known_share"}


def _cells(header: list[str], row: list[str]) -> list[str | int | float]:
    cells: list[str | int | float] = []
    for name, cell in zip(header + [""] * len(row), row, strict=False):
        if name in _NUMBER_COLUMNS and cell:
            try:
                cells.append(int(cell) if cell.isdigit() else float(cell))
                continue
            except ValueError:
                pass
        cells.append(cell)
    return cells


def write_xlsx(sheets: dict[str, list[list[str]]], path: Path) -> None:
    """A workbook, every cell as text (so "2.1" stays "2.1") but the numbers of the
    settings, headers bold and frozen; written whole or not at all."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from storage import StorageError
    from storage.atomic import atomic_write

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for number, row in enumerate(rows, start=1):
            try:
                sheet.append(_cells(rows[0], row) if number > 1 else row)
            except ValueError:  # openpyxl refuses the control characters xlsx cannot hold
                raise SpreadsheetError(
                    Words(
                        f"feuille {name}, ligne {number} : un caractère invisible qu'un "
                        "classeur ne peut pas garder : effacez-le du questionnaire",
                        f"sheet {name}, row {number}: an invisible character a workbook "
                        "cannot hold: delete it from the questionnaire",
                    )
                ) from None
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            longest = max((len(str(c.value or "")) for c in column), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(longest, 8), 50) + 2
    content = io.BytesIO()
    workbook.save(content)
    try:
        atomic_write(path, content.getvalue(), action="write the workbook")
    except StorageError as error:
        raise SpreadsheetError(Words.same(str(error))) from None
