"""One person's walk as a plain object: the kiosk's order of screens without a terminal."""

from __future__ import annotations

from datetime import date

from questionnaires.answers import Answer
from questionnaires.model import Questionnaire
from questionnaires.session import Session, ToConsent, ToQuestion, ToResult


def test_language_consent_questions_then_the_result(questionnaire: Questionnaire) -> None:
    session = Session()
    session.choose_language("en")
    session.give_consent(False)
    step = session.begin(questionnaire)  # the questionnaire may come after the language
    assert step == ToQuestion(questionnaire.questions[0])
    asked = []
    while isinstance(step, ToQuestion):
        question = step.question
        asked.append(question.id)
        assert session.position(question.id)[0] == len(asked)
        step = session.answer(question.id, Answer.dont_know())
    assert step == ToResult()
    result = session.finish(date(2026, 11, 23), "K7M4Q0")
    assert (result.language, result.consent, result.code) == ("en", False, "K7M4Q0")
    assert set(result.answers) == set(asked)


def test_back_keeps_every_answer_and_leads_to_consent(questionnaire: Questionnaire) -> None:
    session = Session()
    session.give_consent(True)
    first = session.begin(questionnaire)
    assert isinstance(first, ToQuestion)
    second = session.answer(first.question.id, Answer(("own",)))
    assert isinstance(second, ToQuestion)
    assert session.back(second.question.id) == first
    assert session.back(first.question.id) == ToConsent()
    session.give_consent(False)  # changed their mind on the consent screen
    assert session.begin(questionnaire) == first
    assert session.answer_to(first.question.id) == Answer(("own",))
    assert session.advance(first.question.id) == second
    assert session.diagnosis.consent is False
