"""Scoring on hand-checked profiles: the levels, channels and next steps an adviser
expects, worked out by hand from the rules in the default questionnaire."""

from __future__ import annotations

from questionnaires.answers import Answer, AnswerSheet
from questionnaires.flow import visible_questions
from questionnaires.model import Questionnaire
from questionnaires.scoring import Reason, ReasonKind, Scores, score

Given = dict[str, list[str] | str]


def sheet(questionnaire: Questionnaire, given: Given) -> AnswerSheet:
    """Answers for the questions shown, as a person would give them in order;
    "?" (or a question left out) is "I don't know"."""
    answers: AnswerSheet = {}
    for _ in range(3):  # skip logic settles once earlier answers are in
        for question in visible_questions(questionnaire, answers):
            value = given.get(question.id, "?")
            answers[question.id] = (
                Answer.dont_know() if value == "?" else Answer(choices=tuple(value))
            )
    shown = {q.id for q in visible_questions(questionnaire, answers)}
    return {k: v for k, v in answers.items() if k in shown}


def scored(questionnaire: Questionnaire, given: Given) -> Scores:
    return score(questionnaire, sheet(questionnaire, given))


def reasons_of(scores: Scores, outcome: str) -> tuple[Reason, ...]:
    offers = {o.id: o for o in (*scores.channel_offers, *scores.step_offers)}
    return offers[outcome].reasons


def cant(*questions: str) -> Given:
    return {q: ["cant"] for q in questions}


def with_help(*questions: str) -> Given:
    return {q: ["with_help"] for q in questions}


def alone(*questions: str) -> Given:
    return {q: ["alone"] for q in questions}


SKILLS = (
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
)


def test_no_phone_at_all(questionnaire: Questionnaire) -> None:
    given: Given = {
        "smartphone": ["none"],
        "devices": ["nothing"],
        "internet_home": ["none"],
        "email": ["none"],
        **cant(*SKILLS),
        "barriers": ["fear"],
        "wishes": ["phone"],
        "mandate": ["accepts"],
        "contact": ["call", "in_person"],
    }
    scores = scored(questionnaire, given)
    # A call was chosen, but there is no phone to call.
    assert scores.channels == ("in_person",)
    # Each level rests on the questions asked: no phone, so no smartphone question.
    assert scores.levels == dict.fromkeys(scores.levels, 0)
    assert scores.areas["devices"].answered == 1
    assert scores.areas["communicate"].answered == 1  # no e-mail: only the video call
    assert scores.all_next_steps == (
        "get_equipped",
        "cheaper_data",  # no internet at home, and no phone to have it on
        "aidant_does_it",
        "procedures_together",
        "email_address",
        "gentle_start",  # the fear of making a mistake
        "basics_workshop",
        "communication_workshop",
        "safety_workshop",
        "job_workshop",
        "talk_to_adviser",
    )
    assert scores.next_steps == ("get_equipped", "cheaper_data", "aidant_does_it")


def test_a_shared_phone_only(questionnaire: Questionnaire) -> None:
    given: Given = {
        "smartphone": ["shared"],
        "devices": ["nothing"],
        "internet_home": ["phone_only"],
        "mobile_data": ["enough"],
        "email": ["someone_else"],
        **cant(*SKILLS),
        **with_help("use_smartphone", "photo_document", "video_call", "web_search", "spot_scams"),
        "barriers": ["nothing"],
        "wishes": ["email"],
        "mandate": ["together"],
        "contact": ["whatsapp", "call"],
    }
    scores = scored(questionnaire, given)
    assert scores.channels == ("whatsapp", "phone_call")
    assert scores.levels == {
        "devices": 1,  # with help, twice: "with help", not "does nothing"
        "communicate": 0,
        "procedures": 0,
        "safety": 0,
        "jobs": 0,
    }
    assert scores.all_next_steps == (
        "get_equipped",  # a shared phone and no computer or tablet
        "procedures_together",  # rather together: no mandate step
        "email_address",  # someone else opens the e-mails
        "basics_workshop",
        "communication_workshop",
        "safety_workshop",
        "job_workshop",
        "talk_to_adviser",
    )


def test_a_phone_whose_data_runs_out(questionnaire: Questionnaire) -> None:
    given: Given = {
        "smartphone": ["own"],
        "devices": ["nothing"],
        "internet_home": ["none"],
        "mobile_data": ["runs_out"],
        "email": ["opens_it"],
        **alone("use_smartphone", "photo_document", "video_call", "read_send_email"),
        **alone("web_search", "passwords"),
        **with_help("attach_document", "online_form", "online_procedures", "spot_scams"),
        **with_help("write_cv", "apply_online"),
        "online_training": ["cant"],
        "barriers": ["cost"],
        "wishes": ["job_search"],
        "mandate": ["refuses"],
        "contact": ["whatsapp", "email", "video"],
    }
    scores = scored(questionnaire, given)
    # A video call would use up the data that already runs out: a call instead.
    assert scores.channels == ("whatsapp", "email", "phone_call")
    assert Reason(ReasonKind.NO_CHANNEL, "video") in reasons_of(scores, "phone_call")
    assert scores.levels == {
        "devices": 3,
        "communicate": 2,
        "procedures": 1,
        "safety": 2,
        "jobs": 0,
    }
    assert scores.all_next_steps == (
        "cheaper_data",
        "money_help",
        "procedures_together",  # no mandate: the person refused it
        "job_workshop",
        "talk_to_adviser",
    )


def test_autonomous_person(questionnaire: Questionnaire) -> None:
    given: Given = {s: ["can_show"] for s in SKILLS}
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
    scores = scored(questionnaire, given)
    assert set(scores.levels.values()) == {3}
    assert scores.channels == ("video", "email", "phone_call")
    assert scores.all_next_steps == ("online_course", "talk_to_adviser")


def test_i_dont_know_everywhere_gets_steps_that_find_out(questionnaire: Questionnaire) -> None:
    scores = scored(questionnaire, {})
    assert set(scores.levels.values()) == {None}
    assert scores.channels == ("in_person",)
    assert scores.all_next_steps == (
        "check_equipment",
        "procedures_together",  # the procedures themselves are unknown
        "email_address",
        "try_together",
        "talk_to_adviser",
    )
    # Nothing was chosen: "none of the chosen means can work" would be untrue.
    assert reasons_of(scores, "in_person") == (
        Reason(ReasonKind.ANSWER, "contact", Answer.dont_know()),
    )


def test_does_not_read_french(questionnaire: Questionnaire) -> None:
    given: Given = {
        "smartphone": ["own"],
        "devices": ["nothing"],
        "internet_home": ["phone_only"],
        "mobile_data": ["enough"],
        "email": ["none"],
        **alone("use_smartphone", "photo_document"),
        "video_call": ["can_show"],
        **with_help("web_search", "passwords", "online_training"),
        **cant("online_form", "online_procedures", "spot_scams", "write_cv", "apply_online"),
        "barriers": ["language", "reading"],
        "wishes": ["procedures"],
        "mandate": ["accepts"],
        "contact": ["whatsapp", "video", "sms"],
    }
    scores = scored(questionnaire, given)
    # An SMS has to be read: with reading hard, a call instead, though not chosen.
    assert scores.channels == ("whatsapp", "video", "phone_call")
    assert Reason(ReasonKind.NO_CHANNEL, "sms") in reasons_of(scores, "phone_call")
    assert scores.levels["communicate"] == 3
    assert scores.areas["communicate"].answered == 1  # no e-mail: the video call only
    assert scores.all_next_steps == (
        "read_and_speak_french",  # both: speaking, reading and writing
        "aidant_does_it",
        "procedures_together",
        "email_address",
        "safety_workshop",
        "job_workshop",
        "talk_to_adviser",
    )


def test_reading_alone_is_a_literacy_workshop_not_a_french_course(
    questionnaire: Questionnaire,
) -> None:
    scores = scored(questionnaire, {"barriers": ["reading", "cost"]})
    assert "literacy" in scores.all_next_steps
    assert "learn_french" not in scores.all_next_steps
    assert "read_and_speak_french" not in scores.all_next_steps
    # The reason names reading, not the other difficulties ticked beside it.
    assert reasons_of(scores, "literacy") == (
        Reason(ReasonKind.ANSWER, "barriers", Answer(("reading",))),
    )


def test_a_simple_phone_and_whatsapp_gets_a_call_and_an_sms(questionnaire: Questionnaire) -> None:
    scores = scored(questionnaire, {"smartphone": ["basic"], "contact": ["whatsapp"]})
    assert scores.channels == ("sms", "phone_call")
    assert Reason(ReasonKind.NO_CHANNEL, "whatsapp") in reasons_of(scores, "phone_call")
    assert Reason(ReasonKind.ANSWER, "smartphone", Answer(("basic",))) in reasons_of(
        scores, "phone_call"
    )


def test_email_needs_the_skill_not_only_the_address(questionnaire: Questionnaire) -> None:
    given: Given = {
        "smartphone": ["own"],
        "mobile_data": ["enough"],
        "email": ["opens_it"],
        "read_send_email": ["cant"],
        "contact": ["email"],
    }
    assert scored(questionnaire, given).channels == ("in_person",)


def test_video_needs_a_device_and_a_connection(questionnaire: Questionnaire) -> None:
    given: Given = {
        "smartphone": ["none"],
        "devices": ["nothing"],
        "internet_home": ["none"],
        "video_call": ["can_show"],
        "contact": ["video"],
    }
    assert scored(questionnaire, given).channels == ("in_person",)


def test_a_level_counts_real_answers_only(questionnaire: Questionnaire) -> None:
    given: Given = {s: ["alone"] for s in SKILLS}
    given |= {"smartphone": ["own"], "email": ["opens_it"], "passwords": "?"}
    safety = scored(questionnaire, given).areas["safety"]
    # passwords unknown: the level is that of the one real answer, and says so.
    assert (safety.level, safety.answered, safety.unknown, safety.asked) == (3, 1, 1, 2)
    assert safety.mean == 2.0


def test_mandate_refused_never_gives_the_mandate_step(questionnaire: Questionnaire) -> None:
    given: Given = {**cant(*SKILLS), "mandate": ["refuses"]}
    steps = scored(questionnaire, given).all_next_steps
    assert "aidant_does_it" not in steps
    assert "procedures_together" in steps
