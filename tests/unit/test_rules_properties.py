"""The orientation rules as properties, over random answer sheets that follow the skip
logic of the default questionnaire.

Each property restates, in Python, what the rules promise the adviser: a channel that
is offered can work; "I don't know" leads somewhere and never removes help; every
difficulty and wish leads to a step; a level rests on real answers; every channel and
step carries true reasons; the report's summary fits one screen.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires.answers import Answer, AnswerSheet
from questionnaires.conditions import scale_value
from questionnaires.flow import effective_answers, visible_questions
from questionnaires.loading import DEFAULT_FILE, load_questionnaire
from questionnaires.model import Question, QuestionKind, Questionnaire
from questionnaires.report import adviser_report, summary
from questionnaires.result import Result
from questionnaires.scoring import Reason, ReasonKind, Scores, score
from questionnaires.typography import cell_width

QUESTIONNAIRE = load_questionnaire(DEFAULT_FILE)
EXAMPLES = settings(max_examples=150, deadline=None)


def _answer(draw: st.DrawFn, questionnaire: Questionnaire, question: Question) -> Answer:
    if draw(st.integers(0, 4)) == 0:
        return Answer.dont_know()
    choices = questionnaire.choices_of(question)
    if question.kind is not QuestionKind.MULTI:
        return Answer((draw(st.sampled_from(choices)).id,))
    exclusive = [c.id for c in choices if c.exclusive]
    if exclusive and draw(st.integers(0, 5)) == 0:
        return Answer((draw(st.sampled_from(exclusive)),))
    ticked = draw(st.sets(st.sampled_from([c.id for c in choices if not c.exclusive]), min_size=1))
    return Answer(tuple(c.id for c in choices if c.id in ticked))


@st.composite
def sheets(draw: st.DrawFn, questionnaire: Questionnaire = QUESTIONNAIRE) -> AnswerSheet:
    """A sheet as a person fills it in: each question shown, in order, is answered."""
    answers: AnswerSheet = {}
    for question in questionnaire.questions:
        if question in visible_questions(questionnaire, answers):
            answers[question.id] = _answer(draw, questionnaire, question)
    return effective_answers(questionnaire, answers)


def chosen(answers: AnswerSheet, question: str) -> set[str]:
    answer = answers.get(question)
    return set(answer.choices) if answer is not None else set()


def value(answers: AnswerSheet, question: str) -> int:
    found = scale_value(QUESTIONNAIRE, answers.get(question))
    return -1 if found is None else found


def cites_as_unknown(scores: Scores, question: str) -> bool:
    unsure = Reason(ReasonKind.ANSWER, question, Answer.dont_know())
    return any(unsure in offer.reasons for offer in scores.step_offers)


@EXAMPLES
@given(sheets())
def test_a_channel_is_offered_only_when_it_can_work(answers: AnswerSheet) -> None:
    scores = score(QUESTIONNAIRE, answers)
    phone = chosen(answers, "smartphone")
    devices = chosen(answers, "devices")
    contact = chosen(answers, "contact")
    has_screen = bool(phone & {"own", "shared"} or devices & {"computer", "tablet"})
    has_phone = bool(phone & {"own", "shared", "basic"})
    data = chosen(answers, "mobile_data")
    home = chosen(answers, "internet_home")
    needs = {
        "whatsapp": "whatsapp" in contact
        and bool(phone & {"own", "shared"})
        and bool(data & {"enough", "runs_out"} or "box" in home)
        and value(answers, "use_smartphone") >= 1,
        "video": "video" in contact
        and has_screen
        and bool("enough" in data or "box" in home)
        and value(answers, "video_call") >= 1,
        "email": "email" in contact
        and chosen(answers, "email") == {"opens_it"}
        and value(answers, "read_send_email") >= 2
        and has_screen
        and bool(data & {"enough", "runs_out"} or home & {"box", "phone_only"}),
        "sms": has_phone
        and "reading" not in chosen(answers, "barriers")
        and bool(contact & {"sms", "whatsapp"}),
        "phone_call": has_phone and bool(contact & {"call", "whatsapp", "video", "sms"}),
        "in_person": True,
    }
    assert scores.channels, "there is always a way to keep in touch"
    for channel in scores.channels:
        assert needs[channel], f"{channel} offered without what it needs"
    if "in_person" in scores.channels and "in_person" not in contact:
        assert scores.channels == ("in_person",), "the fallback comes alone"


@EXAMPLES
@given(sheets())
def test_every_i_dont_know_leads_to_a_step_that_finds_out(answers: AnswerSheet) -> None:
    scores = score(QUESTIONNAIRE, answers)
    for question, answer in answers.items():
        if answer.unknown:
            assert cites_as_unknown(scores, question), f"'{question}: I don't know' leads nowhere"


@EXAMPLES
@given(sheets(), st.data())
def test_i_dont_know_never_removes_help(answers: AnswerSheet, data: st.DataObject) -> None:
    real = sorted(q for q, a in answers.items() if not a.unknown)
    if not real:
        return
    question = data.draw(st.sampled_from(real))
    unsure = effective_answers(QUESTIONNAIRE, {**answers, question: Answer.dont_know()})
    before, after = score(QUESTIONNAIRE, answers), score(QUESTIONNAIRE, unsure)
    lost = set(before.all_next_steps) - set(after.all_next_steps)
    if lost:
        assert cites_as_unknown(after, question), f"{lost} gone, and nothing finds out instead"


@EXAMPLES
@given(sheets())
def test_every_difficulty_and_wish_leads_to_a_step(answers: AnswerSheet) -> None:
    scores = score(QUESTIONNAIRE, answers)
    for question_id in ("barriers", "wishes"):
        question = QUESTIONNAIRE.question(question_id)
        exclusive = {c.id for c in question.choices if c.exclusive}
        for choice in chosen(answers, question_id) - exclusive:
            assert any(
                r.kind is ReasonKind.ANSWER
                and r.subject == question_id
                and r.answer is not None
                and choice in r.answer.choices
                for offer in scores.step_offers
                for r in offer.reasons
            ), f"{question_id}: '{choice}' leads to no step"


@EXAMPLES
@given(sheets())
def test_a_level_rests_on_real_answers(answers: AnswerSheet) -> None:
    scores = score(QUESTIONNAIRE, answers)
    for area in QUESTIONNAIRE.scoring.areas:
        asked = [q for q in QUESTIONNAIRE.questions if q.area == area.id and q.id in answers]
        real = [value(answers, q.id) for q in asked if value(answers, q.id) >= 0]
        tally = scores.areas[area.id]
        assert (tally.answered, tally.asked) == (len(real), len(asked))
        assert tally.unknown == len(asked) - len(real)
        if not real or len(real) < len(asked) / 2:
            assert tally.level is None, "a level without enough real answers"
        else:
            mean = sum(real) / len(real)
            expected = sum(mean >= lv.min_mean - 1e-9 for lv in QUESTIONNAIRE.scoring.levels) - 1
            assert tally.level == expected


@EXAMPLES
@given(sheets())
def test_every_channel_and_step_has_true_reasons(answers: AnswerSheet) -> None:
    scores = score(QUESTIONNAIRE, answers)
    for offer in (*scores.channel_offers, *scores.step_offers):
        assert offer.reasons, f"{offer.id} has no reason"
        for reason in offer.reasons:
            if reason.kind is ReasonKind.ANSWER:
                given = answers.get(reason.subject or "")
                if reason.answer is None or given is None:
                    assert reason.answer is None and given is None
                elif reason.answer.unknown:
                    assert given.unknown
                else:
                    assert set(reason.answer.choices) <= set(given.choices)
                    assert not set(reason.excluded) & set(given.choices)
            if reason.kind is ReasonKind.LEVEL:
                assert scores.areas[reason.subject or ""].level is not None


@EXAMPLES
@given(sheets())
def test_a_refused_mandate_is_never_proposed(answers: AnswerSheet) -> None:
    if chosen(answers, "mandate") != {"accepts"}:
        assert "aidant_does_it" not in score(QUESTIONNAIRE, answers).all_next_steps


@settings(max_examples=60, deadline=None)
@given(sheets(), st.sampled_from(["fr", "en"]), st.sampled_from([True, False, None]))
def test_the_summary_fits_one_screen(answers: AnswerSheet, lang: str, consent: bool | None) -> None:
    result = Result(QUESTIONNAIRE, "K7M4QX", date(2026, 11, 23), answers, "fr", consent)
    lines = summary(result, lang)
    assert len(lines) <= 24
    assert max(cell_width(line) for line in lines) <= 80
    # Nothing that matters is cut away: the first steps, each with its reasons.
    shown = len(result.scores.next_steps)
    for number in range(1, shown + 1):
        at = next(i for i, line in enumerate(lines) if line.startswith(f"  {number}. "))
        assert lines[at + 1].lstrip().startswith(("parce que", "because"))
    report = adviser_report(result, lang)
    assert report.startswith("\n".join(lines))
    assert max(cell_width(line) for line in report.splitlines()) <= 80


def test_area_codes_come_from_the_questions() -> None:
    for area in QUESTIONNAIRE.scoring.areas:
        questions = [q for q in QUESTIONNAIRE.questions if q.area == area.id]
        digcomp, pix = QUESTIONNAIRE.area_codes(area.id)
        assert set(digcomp) == {q.digcomp for q in questions}
        assert set(pix) == {q.pix for q in questions}
    assert QUESTIONNAIRE.area_codes("procedures") == (("1.1", "2.3"), ("1.1", "2.4"))


def test_level_words_are_kind_and_accurate() -> None:
    """ "With help" is never "needs things done for them"."""
    scoring = QUESTIONNAIRE.scoring
    for level in (*scoring.levels, scoring.undetermined):
        for text in (level.label.in_language("fr"), level.detail.in_language("fr")):
            assert "à sa place" not in text and "besoin qu'on" not in text
        assert "done for them" not in level.detail.in_language("en")


def test_a_result_not_kept_shows_no_short_code_to_write_down() -> None:
    answers = {q.id: Answer.dont_know() for q in QUESTIONNAIRE.questions}
    answers = effective_answers(QUESTIONNAIRE, answers)
    kept = Result(QUESTIONNAIRE, "K7M4Q0", date(2026, 11, 23), answers, "fr", True)
    refused = Result(QUESTIONNAIRE, "K7M4Q0", date(2026, 11, 23), answers, "fr", False)
    assert summary(kept)[0] == "Bilan numérique — code K7M-4Q0"
    assert summary(refused)[0] == "Bilan numérique — pas gardé : seul le code complet le retrouve"
    assert "n'a pas voulu que le résultat soit gardé" in summary(refused)[1]


def test_cell_width_counts_what_a_terminal_draws() -> None:
    assert cell_width("📱 a") == 4  # a wide emoji
    assert cell_width("☎️ a") == 4  # a narrow symbol in emoji style
    assert cell_width("é à") == 3  # accents: one column each
    assert cell_width("e\u0301") == 1  # a combining accent takes none
