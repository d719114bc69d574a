"""Skip logic and position, from the file's show_if rules."""

from __future__ import annotations

import pytest

from questionnaires.answers import Answer
from questionnaires.flow import Diagnosis, visible_questions
from questionnaires.model import Questionnaire


def test_no_smartphone_skips_the_smartphone_questions(questionnaire: Questionnaire) -> None:
    diagnosis = Diagnosis(questionnaire)
    diagnosis.answer("smartphone", Answer(("none",)))
    shown = [q.id for q in visible_questions(questionnaire, diagnosis.answers)]
    assert "use_smartphone" not in shown and "mobile_data" not in shown
    diagnosis.answer("smartphone", Answer(("shared",)))
    shown = [q.id for q in visible_questions(questionnaire, diagnosis.answers)]
    assert "use_smartphone" in shown and "mobile_data" in shown


def test_an_answer_left_on_a_hidden_question_is_not_kept(questionnaire: Questionnaire) -> None:
    diagnosis = Diagnosis(questionnaire)
    diagnosis.answer("smartphone", Answer(("own",)))
    diagnosis.answer("mobile_data", Answer(("enough",)))
    diagnosis.answer("smartphone", Answer(("none",)))  # went back and changed
    assert "mobile_data" in diagnosis.answers  # not lost if they change back again
    assert "mobile_data" not in diagnosis.kept_answers()


def test_progress_total_never_grows(questionnaire: Questionnaire) -> None:
    diagnosis = Diagnosis(questionnaire)
    first = diagnosis.first_question()
    assert first is not None
    _, total_before = diagnosis.position(first.id)
    assert total_before == len(questionnaire.questions)
    diagnosis.answer("smartphone", Answer(("none",)))
    _, total_after = diagnosis.position("smartphone")
    assert total_after == total_before - 2


def test_dont_know_is_always_accepted_and_bad_answers_are_not(
    questionnaire: Questionnaire,
) -> None:
    diagnosis = Diagnosis(questionnaire)
    diagnosis.answer("devices", Answer.dont_know())
    with pytest.raises(ValueError, match="no choice"):
        diagnosis.answer("devices", Answer(("spaceship",)))
    with pytest.raises(ValueError, match="exactly one"):
        diagnosis.answer("smartphone", Answer(("own", "shared")))


def test_next_question_walks_to_the_end(questionnaire: Questionnaire) -> None:
    diagnosis = Diagnosis(questionnaire)
    question = diagnosis.first_question()
    seen = []
    while question is not None:
        seen.append(question.id)
        diagnosis.answer(question.id, Answer.dont_know())
        question = diagnosis.next_question(question.id)
    # "I don't know" to the smartphone: its follow-up questions are not asked.
    assert "use_smartphone" not in seen
    assert seen[-1] == "contact"
