"""The `diagnum` command in real subprocesses: reports, refusals, and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from questionnaires.answers import Answer
from questionnaires.model import Questionnaire
from questionnaires.payload import encode_payload
from questionnaires.result import Result, complete_result_code
from questionnaires.typography import cell_width
from terminal.cli import REPORT_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]


def diagnum(
    *args: str, data_dir: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command, as staff run it from a script (no terminal to answer questions)."""
    return subprocess.run(
        [sys.executable, "-m", "terminal", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def test_decode_prints_the_adviser_report(payload: str, tmp_path: Path) -> None:
    done = diagnum("decode", payload, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    summary = lines[: lines.index("─" * 80) - 1]  # a blank line, then the details
    # The summary is one screen, read in ten seconds: what they have, including what
    # they did not know, how to reach them, levels, the first steps and why.
    assert len(summary) <= 24
    assert max(cell_width(line) for line in lines) <= 80
    text = "\n".join(summary)
    assert text.startswith("Bilan numérique — code K7M-4QX")
    assert "Répondu en français" in text
    assert "Téléphone\u00a0simple" in text and "Pas\u00a0d'adresse\u00a0e-mail" in text
    assert "Internet\u00a0à\u00a0la\u00a0maison\u00a0:\u00a0ne\u00a0sait\u00a0pas" in text
    assert "1. 🔌 Trouver un téléphone ou un ordinateur à petit prix" in text
    assert "parce que\u00a0: Smartphone\u00a0: Téléphone simple" in text
    # Then every detail: each answer, the DigComp and Pix codes.
    details = "\n".join(lines[len(summary) :])
    assert "→ ne sait pas   [DigComp 3.1 · Pix 3.2]" in details


def test_the_report_in_english(payload: str, tmp_path: Path) -> None:
    done = diagnum("decode", payload, "--lang", "en", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Answered in French" in done.stdout
    assert "because: Smartphone: Simple phone" in done.stdout


def test_decode_json_for_machines(payload: str, tmp_path: Path) -> None:
    done = diagnum("decode", payload.lower(), "--json", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["code"] == "K7M4QX"
    assert report["answers"]["smartphone"] == ["basic"]
    assert report["answers"]["internet_home"] == "unknown"
    # "I don't know" to every skill asked: no level rests on a real answer.
    assert report["levels"] == dict.fromkeys(report["levels"])
    assert report["areas"]["devices"] == {
        "level": None,
        "answered": 0,
        "unknown": 1,  # photo_document; no smartphone, so its question was not asked
        "asked": 1,
        "mean": None,
        "digcomp": ["3.1", "5.2"],
        "pix": ["3.2", "5.2"],
    }
    assert report["language"] == "fr"
    # Every channel and next step says why, with the answer behind it and its words.
    steps = {step["id"]: step["reasons"] for step in report["next_steps"]}
    assert steps["get_equipped"] == [
        {
            "kind": "answer",
            "question": "smartphone",
            "answer": ["basic"],
            "text": "Smartphone\u00a0: Téléphone simple",
        }
    ]
    assert {"kind": "answer", "question": "internet_home", "answer": "unknown"}.items() <= (
        steps["check_equipment"][0].items()
    )
    assert [c["id"] for c in report["channels"]] == ["in_person"]
    # Nothing chosen ("I don't know"): the reason says so, not "nothing chosen can work".
    assert [r["kind"] for r in report["channels"][0]["reasons"]] == ["answer"]


@pytest.mark.parametrize("bad", ["", "hello", "1DG01XXXXXXXXXXXXXXXXXXXXXXXXXX", "???"])
def test_bad_codes_exit_2_with_one_line(bad: str, tmp_path: Path) -> None:
    done = diagnum("decode", bad, data_dir=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_a_code_pasted_in_groups_is_read(payload: str, tmp_path: Path) -> None:
    groups = [payload[i : i + 4] for i in range(0, len(payload), 4)]
    done = diagnum("decode", *groups, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "K7M-4QX" in done.stdout


def test_the_short_code_finds_a_saved_result(questionnaire: Questionnaire, tmp_path: Path) -> None:
    from storage import ResultStore

    code = complete_result_code("K7M4Q")  # five random symbols and a check symbol
    answers = {q.id: Answer.dont_know() for q in questionnaire.questions}
    answers |= {"smartphone": Answer(("basic",)), "contact": Answer(("call",))}
    result = Result.finish(questionnaire, answers, "fr", date(2026, 11, 23), code=code)
    ResultStore(tmp_path).save(
        {
            "code": code,
            "date": "2026-11-23",
            "created_at": "2026-11-23T10:00:00",
            "payload": encode_payload(result),
        }
    )
    typed = f"{code[:3]}-{code[3:]}".lower()
    done = diagnum("decode", typed, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Téléphone simple" in done.stdout
    # One letter wrong is a typo, never another person's result.
    typo = code[:2] + ("A" if code[2] != "A" else "B") + code[3:]
    wrong = diagnum("decode", typo, data_dir=tmp_path)
    assert wrong.returncode == 2 and "mal recopié" in wrong.stderr
    swapped = diagnum("decode", code[1] + code[0] + code[2:], data_dir=tmp_path)
    assert swapped.returncode == 2 and "mal recopié" in swapped.stderr
    missing = diagnum("decode", complete_result_code("ZZZZZ"), "--json", data_dir=tmp_path)
    assert missing.returncode == 2
    assert "code complet" in json.loads(missing.stdout)["error"]


def test_a_damaged_real_code_is_refused(payload: str, tmp_path: Path) -> None:
    damaged = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    done = diagnum("decode", damaged, data_dir=tmp_path)
    assert done.returncode == 2
    assert "abîmé ou mal recopié" in done.stderr


def test_bad_configuration_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("retention_months = -3\n")
    done = diagnum("--config", str(config), "decode", "X", data_dir=tmp_path)
    assert done.returncode == 2
    assert "retention_months" in done.stderr
    assert "Traceback" not in done.stderr


def saved(tmp_path: Path, code: str, day: str, payload: str = "") -> None:
    from storage import ResultStore

    ResultStore(tmp_path).save(
        {"code": code, "date": day, "created_at": f"{day}T09:00:00", "payload": payload}
    )


def test_results_export_csv_and_json_since_a_date(tmp_path: Path) -> None:
    saved(tmp_path, "AAAAAA", "2025-01-10")
    saved(tmp_path, "BBBBBB", "2026-11-02")
    done = diagnum(
        "results", "export", "--format", "json", "--since", "2026-01-01", data_dir=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert [r["code"] for r in json.loads(done.stdout)] == ["BBBBBB"]
    out = tmp_path / "all.csv"
    done = diagnum("results", "export", "--output", str(out), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("code,date")
    assert len(lines) == 3


def test_results_purge_by_age(tmp_path: Path) -> None:
    saved(tmp_path, "AAAAAA", "2020-03-01")
    saved(tmp_path, "BBBBBB", date.today().isoformat())
    done = diagnum("results", "purge", "--older-than", "12m", "--yes", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 of 2" in done.stdout
    assert "1 result(s) from before" in done.stdout
    from storage import ResultStore

    assert [r["code"] for r in ResultStore(tmp_path).records()] == ["BBBBBB"]


@pytest.mark.parametrize(
    "args",
    [
        ["results", "purge", "--older-than", "soon"],
        ["results", "export", "--since", "yesterday"],
        ["results", "export", "--output", "/nonexistent-dir/x.csv"],
    ],
)
def test_results_bad_input_exits_2_with_one_line(args: list[str], tmp_path: Path) -> None:
    done = diagnum(*args, data_dir=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip()


def test_results_with_an_unusable_data_dir_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = diagnum("results", "export", data_dir=blocker)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_decode_reads_the_configured_questionnaire_first(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    from questionnaires.loading import DEFAULT_FILE

    ours = tmp_path / "ours.yaml"
    ours.write_text(
        DEFAULT_FILE.read_text(encoding="utf-8").replace("code: DG", "code: ZZ"),
        encoding="utf-8",
    )
    from questionnaires.loading import load_questionnaire

    custom = load_questionnaire(ours)
    from questionnaires.flow import fullest_answers

    answers = fullest_answers(custom)
    payload = encode_payload(Result(custom, "K7M4QX", date(2026, 11, 23), answers))
    done = diagnum("--questionnaire", str(ours), "decode", payload, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "K7M-4QX" in done.stdout
    missing = diagnum("decode", payload, data_dir=tmp_path)
    assert missing.returncode == 2
    assert "ZZ" in missing.stderr


def test_decode_never_prints_control_characters(tmp_path: Path) -> None:
    done = diagnum("decode", "\x1b[2J\x1b]0;owned\x07ABC", "--json", data_dir=tmp_path)
    assert done.returncode == 2
    assert "\x1b" not in done.stderr + done.stdout and "\x07" not in done.stderr
    assert "\\x1b" in done.stderr


def test_a_failed_export_leaves_no_file_behind(tmp_path: Path) -> None:
    saved(tmp_path, "AAAAAA", "2026-11-02")
    target = tmp_path / "out"
    target.mkdir()  # a folder where the file should go: the rename fails
    done = diagnum("results", "export", "--output", str(target), data_dir=tmp_path)
    assert done.returncode == 2
    assert "write the export" in done.stderr
    assert list(target.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_backup_then_restore_puts_every_result_back(tmp_path: Path) -> None:
    from storage import ResultStore

    data, copy = tmp_path / "data", tmp_path / "usb"
    day = date.today().isoformat()
    saved(data, "AAAAAA", day)
    saved(data, "BBBBBB", day)
    done = diagnum("results", "backup", str(copy), data_dir=data)
    assert done.returncode == 0, done.stderr
    assert "2 result(s)" in done.stdout
    (backup,) = copy.iterdir()

    fresh = tmp_path / "new-kiosk"
    done = diagnum("results", "restore", str(backup), data_dir=fresh)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 result(s) restored")
    assert {r["code"] for r in ResultStore(fresh).records()} == {"AAAAAA", "BBBBBB"}

    # A result changed since the backup is newer: restore refuses to overwrite it...
    ResultStore(fresh).update("AAAAAA", {"note": "seen by the adviser"})
    done = diagnum("results", "restore", str(backup), data_dir=fresh)
    assert done.returncode == 2
    assert "AAAAAA" in done.stderr and "--force" in done.stderr
    assert ResultStore(fresh).find("AAAAAA")["note"] == "seen by the adviser"  # type: ignore[index]
    # ...unless told to.
    done = diagnum("results", "restore", str(backup), "--force", data_dir=fresh)
    assert done.returncode == 0, done.stderr
    assert "note" not in ResultStore(fresh).find("AAAAAA")  # type: ignore[operator]


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    done = diagnum("results", "restore", str(tmp_path), data_dir=tmp_path / "data")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def with_input(text: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command with ``text`` on its standard input (a scanner, a file)."""
    return subprocess.run(
        [sys.executable, "-m", "terminal", *args],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )


def decode_batch(lines: str, data_dir: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return with_input(lines, "--data-dir", str(data_dir), "decode", "-", *flags)


def test_decode_reads_a_batch_and_a_bad_line_never_stops_it(payload: str, tmp_path: Path) -> None:
    lines = f"{payload}\nhello\n\n{payload[:-1]}X\n{payload.lower()}\n"
    done = decode_batch(lines, tmp_path)
    assert done.returncode == 2  # some lines were refused
    out = done.stdout.splitlines()
    assert [line.split(":")[0] for line in out] == ["1", "2", "4", "5"]  # the blank is skipped
    assert out[0].startswith("1: K7M-4QX  2026-11-23") and out[3].startswith("5: K7M-4QX")
    assert "trop court" in out[1] and "abîmé ou mal recopié" in out[2]
    done = decode_batch(lines, tmp_path, "--json")
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["line"] for o in objects] == [1, 2, 4, 5]
    assert objects[0]["code"] == "K7M4QX" and objects[0]["areas"]["devices"]["unknown"] == 1
    assert "error" in objects[1] and "error" in objects[2]


def test_a_reader_that_stops_early_ends_the_report_quietly(payload: str, tmp_path: Path) -> None:
    codes = tmp_path / "codes.txt"  # more than a pipe holds: the writer must block
    codes.write_text((payload + "\n") * 20_000, encoding="ascii")
    with codes.open("rb") as lines:
        reader = subprocess.Popen(
            [sys.executable, "-m", "terminal", "--data-dir", str(tmp_path), "decode", "-"],
            stdin=lines,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
    assert reader.stdout is not None
    assert reader.stdout.readline().startswith(b"1: K7M-4QX")
    reader.stdout.close()  # like `| head -1`
    assert reader.wait(timeout=60) == 0
    assert reader.stderr is not None and reader.stderr.read() == b""


def score_sheets(
    sheets: str, *flags: str, file: Path = ROOT / "questionnaires" / "files" / "default.yaml"
) -> subprocess.CompletedProcess[str]:
    return with_input(sheets, "questionnaire", "score", str(file), *flags)


SHEETS = "\n".join(
    [
        '{"smartphone": ["basic"], "mobile_data": ["enough"], "contact": ["whatsapp"]}',
        "not json",
        '{"smartphone": ["bsic"]}',
        "",
        '{"barriers": ["reading", "nothing"]}',
        '{"smartfone": "dont_know"}',
        '{"smartphone": "dont_know", "barriers": ["reading"]}',
        '{"\\ud800": ["own"]}',  # a lone surrogate: not printable as it is
    ]
)


def test_score_reads_sheets_and_a_bad_one_never_stops_the_others() -> None:
    done = score_sheets(SHEETS)
    assert done.returncode == 2  # some sheets were refused
    assert "Traceback" not in done.stderr
    out = done.stdout
    assert "── 1\n" in out and "── 7\n" in out
    # A simple phone and WhatsApp: a call and an SMS, and the reason why.
    first = out[out.index("── 1") : out.index("2: ")]
    assert "1. 📨 SMS" in first and "2. 🤙 Appel téléphonique" in first
    assert "ne peut pas marcher\u00a0: WhatsApp" in first
    assert "ignored (not asked on this path): mobile_data" in first
    assert "2: not a JSON object on one line" in out
    assert "3: question 'smartphone' has no choice 'bsic' (did you mean 'basic'?)" in out
    assert "5: question 'barriers': 'nothing' cannot go with other choices" in out
    assert "6: unknown question 'smartfone' (did you mean 'smartphone'?)" in out
    assert "8: unknown question '" in out
    last = out[out.index("── 7") :]
    assert "Un atelier pour lire et écrire" in last
    assert "ne sait pas\u00a0: Smartphone" in last


def test_score_as_json_lines() -> None:
    done = score_sheets(SHEETS, "--json", "--lang", "en")
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["sheet"] for o in objects] == [1, 2, 3, 5, 6, 7, 8]
    assert "error" in objects[6]
    assert [c["id"] for c in objects[0]["channels"]] == ["sms", "phone_call"]
    assert objects[0]["ignored"] == ["mobile_data"]
    assert {"kind": "no_channel", "channel": "whatsapp", "text": "cannot work: WhatsApp"} in (
        objects[0]["channels"][1]["reasons"]
    )
    assert all("error" in o for o in objects[1:5])
    steps = [s["id"] for s in objects[5]["next_steps"]]
    assert steps[:2] == ["check_equipment", "literacy"]


def test_score_refuses_a_broken_questionnaire(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [\n", encoding="utf-8")
    done = score_sheets("{}", file=broken)
    assert done.returncode == 2 and done.stdout == ""
    assert "broken.yaml" in done.stderr and "Traceback" not in done.stderr


def test_results_move_from_the_kiosk_to_the_advisers_pc(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    """Export on the kiosk, import on the adviser's PC, twice; a damaged line is named."""
    from tests.terminal.adviser.console_driver import fill_demo_store

    kiosk, adviser = tmp_path / "kiosk", tmp_path / "adviser"
    fill_demo_store(kiosk, questionnaire, count=12)
    export = tmp_path / "usb" / "results.json"
    export.parent.mkdir()
    done = diagnum("results", "export", "--format", "json", "--output", str(export), data_dir=kiosk)
    assert done.returncode == 0, done.stderr
    assert "12 result(s) written" in done.stderr
    first = diagnum("results", "import", str(export), data_dir=adviser)
    assert (first.returncode, first.stdout) == (0, "12 result(s) imported, 0 already here.\n")
    again = diagnum("results", "import", str(export), data_dir=adviser)
    assert again.stdout == "0 result(s) imported, 12 already here.\n"
    lines = export.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4][:40]  # a USB key pulled out too early cut this record
    export.write_text("\n".join(lines), encoding="utf-8")
    damaged = diagnum("results", "import", str(export), data_dir=tmp_path / "other")
    assert damaged.returncode == 2
    assert damaged.stderr == "diagnum: note: line 5: damaged JSON; skipped.\n"
    assert damaged.stdout.startswith("11 result(s) imported")
    # Each imported result opens from its short code on the adviser's PC.
    shown = diagnum("decode", json.loads(lines[2].rstrip(","))["code"], data_dir=adviser)
    assert shown.returncode == 0, shown.stderr


def test_every_language_of_the_interface_is_offered_by_the_commands() -> None:
    """No command keeps its own list of languages: a new one is offered everywhere."""
    from terminal.cli import build_parser
    from terminal.i18n import UI_LANGUAGES
    from terminal.i18n.reports import MESSAGES

    assert tuple(MESSAGES) == REPORT_LANGUAGES
    parser = build_parser()
    for language in UI_LANGUAGES:
        for tool in (["validate", "f.yaml"], ["preview", "f.yaml"], ["test", "f.yaml"]):
            args = parser.parse_args(["questionnaire", *tool, "--lang", language])
            assert args.lang == language
    for language in REPORT_LANGUAGES:
        assert parser.parse_args(["decode", "X", "--lang", language]).lang == language
        assert parser.parse_args(["ticket", "X", "--lang", language]).lang == language


@pytest.mark.parametrize("language", REPORT_LANGUAGES)
def test_the_report_in_each_language(payload: str, tmp_path: Path, language: str) -> None:
    done = diagnum("decode", payload, "--lang", language, "--json", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["code"] == "K7M4QX"


def test_a_language_no_report_has_is_refused_in_one_line(payload: str, tmp_path: Path) -> None:
    done = diagnum("decode", payload, "--lang", "xx", data_dir=tmp_path)
    assert done.returncode == 2
    assert "invalid choice: 'xx'" in done.stderr and "Traceback" not in done.stderr
