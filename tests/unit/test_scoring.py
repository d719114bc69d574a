"""Scoring on hand-checked cases: the levels, channels and next steps an adviser expects."""

from __future__ import annotations

from questionnaires.answers import Answer, AnswerSheet
from questionnaires.flow import visible_questions
from questionnaires.model import Questionnaire
from questionnaires.scoring import score


def sheet(questionnaire: Questionnaire, given: dict[str, list[str] | str]) -> AnswerSheet:
    """Answers for the questions shown, as a person would give them in order."""
    answers: AnswerSheet = {}
    for _ in range(3):  # skip logic settles once earlier answers are in
        for question in visible_questions(questionnaire, answers):
            value = given.get(question.id, "?")
            answers[question.id] = (
                Answer.dont_know() if value == "?" else Answer(choices=tuple(value))
            )
    shown = {q.id for q in visible_questions(questionnaire, answers)}
    return {k: v for k, v in answers.items() if k in shown}


SKILLS = [
    "use_smartphone",
    "photo_document",
    "video_call",
    "read_send_email",
    "attach_document",
    "web_search",
    "online_form",
    "online_procedures",
    "passwords",
    "spot_scams",
    "write_cv",
    "apply_online",
    "online_training",
]


def test_autonomous_person(questionnaire: Questionnaire) -> None:
    given: dict[str, list[str] | str] = {s: ["can_show"] for s in SKILLS}
    given |= {
        "smartphone": ["own"],
        "devices": ["computer"],
        "internet_home": ["box"],
        "mobile_data": ["enough"],
        "email": ["opens_it"],
        "barriers": ["nothing"],
        "wishes": ["nothing_now"],
        "mandate": ["refuses"],
        "contact": ["call", "email", "video"],
    }
    scores = score(questionnaire, sheet(questionnaire, given))
    assert set(scores.levels.values()) == {3}
    assert scores.channels == ("phone_call", "email", "video")
    assert scores.next_steps == ("online_course", "talk_to_adviser")


def test_person_with_nothing_who_does_not_know(questionnaire: Questionnaire) -> None:
    given: dict[str, list[str] | str] = {
        "smartphone": ["none"],
        "devices": ["nothing"],
        "internet_home": ["none"],
        "email": ["none"],
        "barriers": ["language"],
        "mandate": ["accepts"],
        "contact": [],  # nothing ticked: the fallback channel is offered
    }
    answers = sheet(questionnaire, given)
    assert "use_smartphone" not in answers and "mobile_data" not in answers
    scores = score(questionnaire, answers)
    # Questions skipped for want of a phone or an e-mail are known zeros; areas where
    # most answers are "I don't know" get no level rather than a verdict.
    assert scores.levels == {
        "devices": 0,  # use_smartphone skipped (0), photo_document unknown: 1 of 2 known
        "communicate": 0,  # two e-mail questions skipped, video unknown: 2 of 3 known
        "procedures": None,
        "safety": None,
        "jobs": None,
    }
    assert scores.unknown == {
        "devices": 1,
        "communicate": 1,
        "procedures": 3,
        "safety": 2,
        "jobs": 3,
    }
    assert scores.channels == ("in_person",)
    # No verdict on procedures, so no "a helper does it for you" yet.
    assert scores.next_steps == ("get_equipped", "learn_french", "email_address")
    assert scores.all_next_steps[-1] == "talk_to_adviser"


def test_mixed_levels_at_the_thresholds(questionnaire: Questionnaire) -> None:
    given: dict[str, list[str] | str] = {
        "smartphone": ["own"],
        "devices": ["tablet"],
        "internet_home": ["phone_only"],
        "mobile_data": ["runs_out"],
        "email": ["opens_it"],
        "use_smartphone": ["alone"],  # devices: (2 + 1) / 2 = 1.5 -> level 2
        "photo_document": ["with_help"],
        "video_call": ["can_show"],  # communicate: (3 + 2 + 1) / 3 = 2.0 -> level 3
        "read_send_email": ["alone"],
        "attach_document": ["with_help"],
        "web_search": ["with_help"],  # procedures: (1 + 0 + 1) / 3 = 0.67 -> level 0
        "online_form": ["cant"],
        "online_procedures": ["with_help"],
        "passwords": ["with_help"],  # safety: 0.5 -> level 0
        "spot_scams": ["cant"],
        "write_cv": ["with_help"],  # jobs: (1 + 1 + 0) / 3 = 0.67 -> level 0
        "apply_online": ["with_help"],
        "online_training": ["cant"],
        "barriers": ["nothing"],
        "wishes": ["job_search"],
        "mandate": ["together"],
        "contact": ["sms", "whatsapp"],
    }
    scores = score(questionnaire, sheet(questionnaire, given))
    assert scores.levels == {
        "devices": 2,
        "communicate": 3,
        "procedures": 0,
        "safety": 0,
        "jobs": 0,
    }
    assert scores.means["procedures"] == 0.67
    assert scores.channels == ("sms", "whatsapp")
    assert scores.next_steps == ("cheaper_data", "procedures_together", "safety_workshop")


def test_i_dont_know_everywhere_gives_no_verdict(questionnaire: Questionnaire) -> None:
    given: dict[str, list[str] | str] = {"smartphone": ["own"], "email": ["opens_it"]}
    given |= {s: "?" for s in SKILLS}
    scores = score(questionnaire, sheet(questionnaire, given))
    assert set(scores.levels.values()) == {None}
    assert "procedures_together" not in scores.all_next_steps


def test_half_known_still_gets_a_level(questionnaire: Questionnaire) -> None:
    given: dict[str, list[str] | str] = {s: ["alone"] for s in SKILLS}
    given |= {"smartphone": ["own"], "email": ["opens_it"], "passwords": "?"}
    scores = score(questionnaire, sheet(questionnaire, given))
    # safety: passwords unknown (counts 0), spot_scams alone (2): mean 1.0, 1 of 2 known
    assert scores.levels["safety"] == 1
    assert scores.means["safety"] == 1.0


def test_a_channel_needs_the_means_to_work(questionnaire: Questionnaire) -> None:
    # Chose e-mail and WhatsApp, but has no e-mail address and only a simple phone.
    given: dict[str, list[str] | str] = {
        "smartphone": ["basic"],
        "email": ["none"],
        "contact": ["email", "whatsapp", "sms"],
    }
    scores = score(questionnaire, sheet(questionnaire, given))
    assert scores.channels == ("sms",)
