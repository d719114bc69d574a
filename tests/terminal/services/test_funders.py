"""The funders' report on a period of 17 hand-written records, every figure counted by
hand (see the comments), then the CSV: internal, and public with small counts hidden."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime
from typing import Any

import pytest

from questionnaires.flow import random_answers
from questionnaires.model import Questionnaire
from questionnaires.result import Result
from terminal.services.funders import (
    FundersReport,
    Hidden,
    ReportSection,
    build_funders_report,
    hidden_cells,
    shown_rows,
    write_csv,
)

SINCE, UNTIL = date(2026, 1, 1), date(2026, 3, 31)
AREAS = ("devices", "communicate", "procedures", "safety", "jobs")
N = None  # no level: "to look at together"


def record(
    code: str,
    day: str,
    *,
    phone: str = "own",
    devices: Any = ("computer",),
    internet: str = "box",
    data: str | None = "enough",  # None: not asked (no smartphone)
    email: str = "opens_it",
    levels: tuple[int | None, ...] = (2, 2, 2, 2, 2),
    steps: tuple[str, ...] = (),
    person: str | None = None,
    orientation: str | None = None,
    at: str = "10:00",
) -> dict[str, Any]:
    """A stored record as `Result.to_record` writes it; "?" is "I don't know"."""

    def given(value: Any) -> Any:
        return "unknown" if value == "?" else [value] if isinstance(value, str) else list(value)

    answers = {"smartphone": given(phone), "devices": given(devices)}
    answers["internet_home"] = given(internet)
    if data is not None:
        answers["mobile_data"] = given(data)
    answers["email"] = given(email)
    out: dict[str, Any] = {
        "code": code,
        "date": day,
        "created_at": f"{day}T{at}:00",
        "questionnaire": "diagnum_default",
        "questionnaire_version": 1,
        "language": "fr",
        "answers": answers,
        "levels": dict(zip(AREAS, levels, strict=True)),
        "channels": ["in_person"],
        "next_steps": list(steps),
        "payload": "X",
    }
    if person:
        out["person"] = person
    if orientation:
        out["orientation"] = {"kind": orientation, "date": day}
    return out


EQUIP = ("get_equipped", "cheaper_data", "email_address")
NO_PHONE: dict[str, Any] = {"devices": "nothing", "internet": "none", "data": None, "email": "none"}

RECORDS = [
    record("R01", "2026-01-05", levels=(3, 3, 2, 2, 3), steps=("online_course", "old_step"),
           orientation="workshop"),
    record("R02", "2026-01-12", phone="basic", **NO_PHONE, levels=(0, 0, N, 0, 0), steps=EQUIP),
    record("R03", "2026-01-20", phone="shared", devices="nothing", internet="phone_only",
           data="runs_out", email="forgot", levels=(1, 0, 0, N, 0), steps=EQUIP, person="P-1",
           orientation="equipment"),
    record("R04", "2026-02-03", devices=("computer", "printer", "smartwatch"),
           steps=("talk_to_adviser",), orientation="training"),
    record("R05", "2026-02-10", devices="?", internet="?", email="someone_else",
           levels=(1, 1, 1, 1, 1), person="P-2"),
    record("R06", "2026-02-14", devices="tablet", internet="phone_only", levels=(2, 1, 0, 1, 1),
           person="P-1"),
    record("R07", "2026-02-20", phone="none", **NO_PHONE, levels=(N, 0, 0, 0, 0), steps=EQUIP),
    record("R08", "2026-02-27", phone="?", data=None, levels=(N, 2, 2, 1, 2),
           steps=("check_equipment", "safety_workshop")),
    record("R09", "2026-03-02", levels=(3, 2, 2, 2, 2), steps=("online_course",), person="P-3",
           orientation="training"),
    record("R10", "2026-03-09", devices=("tablet", "computer"), levels=(2, 2, 1, 1, 0),
           steps=("procedures_together", "safety_workshop", "job_workshop"), person="P-1",
           orientation="workshop"),
    record("R11", "2026-03-15", levels=(1, 2, N, 0, 1),
           steps=("procedures_together", "safety_workshop", "job_workshop"), person="P-2"),
    record("R12", "2026-03-15", phone="shared", devices="nothing", internet="none", data="none",
           email="none", levels=(0, 0, 0, 0, 0), steps=EQUIP, orientation="together"),
    record("R13", "2026-03-28", data="runs_out", steps=("cheaper_data",), orientation="none"),
    # Outside the period: never counted.
    record("R14", "2025-12-31", person="P-9"),
    record("R15", "2026-04-01", person="P-1", levels=(0, 0, 0, 0, 0)),
    # Two on one day, given latest first: created_at decides which is first.
    record("R17", "2026-03-30", devices="nothing", internet="none", email="none",
           levels=(1, 0, 0, 0, 0), steps=("get_equipped", "email_address", "basics_workshop"),
           person="P-4", orientation="mandate", at="15:00"),
    record("R16", "2026-03-30", phone="basic", **NO_PHONE, levels=(0, 0, 0, 0, 0), steps=EQUIP,
           person="P-4", at="09:00"),
]  # fmt: skip

# Who is counted (each person once, through their latest diagnosis in the period):
#   anonymous R01 R02 R04 R07 R08 R12 R13 (7), P-1 by R10, P-2 by R11, P-3 by R09,
#   P-4 by R17: 11 people. Results in the period: all but R14, R15: 15.


@pytest.fixture(scope="module")
def report(questionnaire: Questionnaire) -> FundersReport:
    return build_funders_report(RECORDS, questionnaire, since=SINCE, until=UNTIL)


def counts(section: ReportSection) -> dict[str, int]:
    return {row.key: row.count for row in section.rows}


def test_summary_counts_results_people_and_followed(report: FundersReport) -> None:
    # 15 results; 11 people; followed P-1..P-4; compared: P-1, P-2, P-4 (P-3 came once).
    summary = counts(report.section("summary"))
    assert summary == {"results": 15, "people": 11, "followed": 4, "compared": 3}
    assert report.counts.outside == 2


def test_results_and_followed_people_per_month(report: FundersReport) -> None:
    # January R01 R02 R03; February R04-R08; March R09-R13, R16, R17.
    assert counts(report.section("months")) == {"2026-01": 3, "2026-02": 5, "2026-03": 7}
    # January P-1; February P-2, P-1 (R05, R06); March P-3, P-1, P-2, P-4.
    followed = counts(report.section("followed_months"))
    assert followed == {"2026-01": 1, "2026-02": 2, "2026-03": 4}


def test_smartphone_unknown_is_its_own_row(report: FundersReport) -> None:
    # own: R01 R04 R13 R10 R11 R09 R17; shared R12; basic R02; none R07; "?" R08.
    section = report.section("equipment.smartphone")
    assert counts(section) == {
        "own": 7,
        "shared": 1,
        "basic": 1,
        "none": 1,
        "unknown": 1,
        "not_asked": 0,
    }
    assert section.row("own").label == "Smartphone personnel"
    assert section.row("own").share == pytest.approx(7 / 11)
    assert section.partition


def test_devices_keep_an_id_the_file_does_not_know(report: FundersReport) -> None:
    # computer: R01 R04 R08 R13 R10 R11 R09; tablet R10; printer R04;
    # nothing: R02 R07 R12 R17; "smartwatch" (R04) is in no version: shown by its id.
    # P-2's "?" was on R05, not on their latest diagnosis R11.
    section = report.section("equipment.devices")
    assert counts(section) == {
        "computer": 7,
        "tablet": 1,
        "printer": 1,
        "nothing": 4,
        "smartwatch": 1,
        "unknown": 0,
        "not_asked": 0,
    }
    assert section.row("smartwatch").label == "smartwatch"
    assert not section.partition  # several ticks per person


def test_connection_and_email(report: FundersReport) -> None:
    # mobile data: enough R01 R04 R10 R11 R09 R17; runs out R13; none R12;
    # not asked (no smartphone, or "?"): R02 R07 R08.
    assert counts(report.section("equipment.mobile_data")) == {
        "enough": 6,
        "runs_out": 1,
        "none": 1,
        "unknown": 0,
        "not_asked": 3,
    }
    internet = counts(report.section("equipment.internet_home"))
    assert (internet["box"], internet["phone_only"], internet["none"]) == (7, 0, 4)
    email = counts(report.section("equipment.email"))
    assert (email["opens_it"], email["none"], email["forgot"]) == (7, 4, 0)


def test_levels_per_area_with_to_look_at_together(report: FundersReport) -> None:
    # devices: 0 R02 R12; 1 R11 R17; 2 R04 R13 R10; 3 R01 R09; none R07 R08.
    devices = report.section("levels.devices")
    assert counts(devices) == {"0": 2, "1": 2, "2": 3, "3": 2, "undetermined": 2}
    assert devices.row("undetermined").label == "À voir ensemble"
    assert devices.row("0").label == "Je découvre"
    # procedures: 0 R07 R12 R17; 1 R10; 2 R01 R04 R08 R13 R09; none R02 R11.
    assert counts(report.section("levels.procedures")) == {
        "0": 3,
        "1": 1,
        "2": 5,
        "3": 0,
        "undetermined": 2,
    }


def test_an_area_the_file_does_not_know_is_shown_by_id(
    questionnaire: Questionnaire,
) -> None:
    records = [dict(RECORDS[0], levels={**RECORDS[0]["levels"], "creation": 2}), RECORDS[1]]
    report = build_funders_report(records, questionnaire, since=SINCE, until=UNTIL)
    section = report.section("levels.creation")
    assert section.title == "Niveau\u00a0: creation"
    assert counts(section)["2"] == 1
    assert counts(section)["not_in_version"] == 1  # R02's version has no such area


def test_next_steps_most_frequent_first(report: FundersReport) -> None:
    # get_equipped R02 R07 R12 R17; cheaper_data R02 R07 R12 R13; email_address R02 R07
    # R12 R17; safety_workshop R08 R10 R11; then 2 each, then 1 each; ties in file order,
    # and "old_step" (R01), unknown to the file, last.
    steps = report.section("next_steps")
    assert [(r.key, r.count) for r in steps.rows] == [
        ("get_equipped", 4),
        ("cheaper_data", 4),
        ("email_address", 4),
        ("safety_workshop", 3),
        ("procedures_together", 2),
        ("job_workshop", 2),
        ("online_course", 2),
        ("check_equipment", 1),
        ("basics_workshop", 1),
        ("talk_to_adviser", 1),
        ("old_step", 1),
    ]
    assert steps.row("old_step").label == "old_step"


def test_orientations_latest_decision_per_person(report: FundersReport) -> None:
    # workshop R01, P-1 (R10's beats R03's "equipment"); training R04, P-3; together R12;
    # mandate P-4; none R13; not recorded: R02 R07 R08, P-2.
    assert counts(report.section("orientations")) == {
        "workshop": 2,
        "equipment": 0,
        "together": 1,
        "mandate": 1,
        "training": 2,
        "none": 1,
        "not_recorded": 4,
    }
    assert report.section("orientations").row("workshop").label == "Atelier numérique"


def test_progress_first_to_latest(report: FundersReport) -> None:
    # P-1 R03 (1,0,0,?,0) -> R10 (2,2,1,1,0); P-2 R05 (1,1,1,1,1) -> R11 (1,2,?,0,1);
    # P-4 R16 (0,0,0,0,0) -> R17 (1,0,0,0,0). R15 (P-1, April) is outside the period.
    def progress(area: str) -> tuple[int, ...]:
        c = counts(report.section(f"progress.{area}"))
        return c["progressed"], c["regressed"], c["unchanged"], c["cannot_compare"]

    assert progress("devices") == (2, 0, 1, 0)  # P-1, P-4 up; P-2 same
    assert progress("communicate") == (2, 0, 1, 0)  # P-1, P-2 up
    assert progress("procedures") == (1, 0, 1, 1)  # P-2's latest has no level
    assert progress("safety") == (0, 1, 1, 1)  # P-1's first has no level; P-2 down
    assert progress("jobs") == (0, 0, 3, 0)


def test_every_partition_adds_up_to_its_base(report: FundersReport) -> None:
    for section in report.sections:
        if section.partition:
            assert sum(r.count for r in section.rows) == section.base, section.key


def test_english_words(report: FundersReport) -> None:
    english = report.in_language("en")
    assert english.section("levels.devices").title == "Level: Using a device"
    assert english.section("equipment.smartphone").row("unknown").label == "Doesn’t know"
    assert english.section("summary").title == "Summary, 2026-01-01 to 2026-03-31"


# -- the CSV ----------------------------------------------------------------------------


def exported(report: FundersReport, *, public: bool, lang: str | None = None) -> list[list[str]]:
    out = io.StringIO()
    write_csv(report, out, public=public, lang=lang)
    return list(csv.reader(io.StringIO(out.getvalue()), delimiter=";" if lang != "en" else ","))


def line(rows: list[list[str]], identifier: str) -> list[str]:
    return next(r for r in rows if r[-1] == identifier)


def test_internal_csv_shows_every_count(report: FundersReport) -> None:
    rows = exported(report, public=False)
    assert rows[0] == ["Rubrique", "Ligne", "Nombre", "Part (%)", "Identifiant"]
    own = line(rows, "equipment.smartphone/own")
    assert own == ["Matériel et connexion\u00a0: Smartphone", "Smartphone personnel", "7", "63,6",
                   "equipment.smartphone/own"]  # fmt: skip
    assert line(rows, "equipment.smartphone/shared")[2:4] == ["1", "9,1"]
    assert line(rows, "summary/followed")[2:4] == ["4", ""]


def test_public_csv_hides_small_counts_and_keeps_zero(report: FundersReport) -> None:
    rows = exported(report, public=True)
    assert line(rows, "equipment.devices/tablet")[2:4] == ["< 5", ""]
    assert line(rows, "equipment.devices/nothing")[2:4] == ["< 5", ""]  # 4 is still small
    assert line(rows, "equipment.devices/computer")[2:4] == ["7", "63,6"]  # no total to undo
    assert line(rows, "equipment.smartphone/not_asked")[2:4] == ["0", "0,0"]
    assert line(rows, "summary/followed")[2] == "< 5"
    assert line(rows, "summary/people")[2] == "11"


def test_public_csv_hides_a_complement_that_would_give_a_small_count_away(
    report: FundersReport,
) -> None:
    rows = exported(report, public=True)
    # Months: 3 + 5 + 7 = 15, the published total. Hiding January's 3 alone, 15 - 5 - 7
    # gives it back: February's 5 (the smallest other) is hidden too.
    assert [line(rows, f"months/2026-0{m}")[2] for m in (1, 2, 3)] == ["< 5", "masqué", "7"]
    # Smartphone: four cells of 1 add up to 11 - 7 = 4, so each is 1: "own" is hidden.
    smartphone = hidden_cells(report.section("equipment.smartphone"))
    assert smartphone == {
        "own": Hidden.COMPLEMENT,
        "shared": Hidden.SMALL,
        "basic": Hidden.SMALL,
        "none": Hidden.SMALL,
        "unknown": Hidden.SMALL,
    }
    # Mobile data: 1, 1 and 3 add up to 5; none of them can be told apart: 6 stays.
    mobile = shown_rows(report.section("equipment.mobile_data"), public=True)
    assert [r.count for r in mobile] == ["6", "< 5", "< 5", "0", "< 5"]


def test_csv_in_english(report: FundersReport) -> None:
    rows = exported(report, public=True, lang="en")
    assert rows[0] == ["Section", "Row", "Count", "Share (%)", "Identifier"]
    assert line(rows, "months/2026-02")[2] == "hidden"
    assert line(rows, "equipment.devices/computer")[3] == "63.6"


# -- real results -------------------------------------------------------------------------


def test_real_records_from_the_kiosk_add_up(questionnaire: Questionnaire) -> None:
    rng = random.Random(5)
    made = datetime(2026, 2, 1, 9, 0)
    records = [
        Result.finish(
            questionnaire, random_answers(questionnaire, rng), "fr", date(2026, 2, 1)
        ).to_record("payload", made)
        for _ in range(40)
    ]
    report = build_funders_report(records, questionnaire, since=SINCE, until=UNTIL)
    assert counts(report.section("summary"))["people"] == 40
    for section in report.sections:
        if section.partition:
            assert sum(r.count for r in section.rows) == section.base, section.key
    phones = sum(1 for r in records if r["answers"]["smartphone"] == ["own"])
    assert report.section("equipment.smartphone").row("own").count == phones
