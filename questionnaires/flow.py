"""The path through a questionnaire: which question comes next, given the answers so far.

Skip logic lives in the questionnaire file (``show_if``); this module only applies it.
`Diagnosis` is one person's session: the kiosk keeps one and throws it away at the end.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from questionnaires.answers import Answer, AnswerSheet, check_answer
from questionnaires.conditions import holds
from questionnaires.model import Question, QuestionKind, Questionnaire


def is_shown(questionnaire: Questionnaire, question: Question, answers: AnswerSheet) -> bool:
    return question.show_if is None or holds(question.show_if, questionnaire, answers)


def visible_questions(questionnaire: Questionnaire, answers: AnswerSheet) -> list[Question]:
    """The questions a person with these answers is asked, in order.

    A hidden question's answer is ignored when later questions are decided, so an
    answer left over from a path the person went back on cannot steer the flow.
    """
    shown: list[Question] = []
    effective: AnswerSheet = {}
    for question in questionnaire.questions:
        if is_shown(questionnaire, question, effective):
            shown.append(question)
            if question.id in answers:
                effective[question.id] = answers[question.id]
    return shown


def effective_answers(questionnaire: Questionnaire, answers: AnswerSheet) -> AnswerSheet:
    """Only the answers to questions that are shown: what is kept and scored."""
    return {
        q.id: answers[q.id] for q in visible_questions(questionnaire, answers) if q.id in answers
    }


def fullest_answers(questionnaire: Questionnaire) -> AnswerSheet:
    """The most a person can answer: every multi-choice ticked (but "none of these"),
    the first choice elsewhere. Used to check the QR code's worst-case size."""
    answers: AnswerSheet = {}
    for question in questionnaire.questions:
        choices = questionnaire.choices_of(question)
        if question.kind is QuestionKind.MULTI:
            answers[question.id] = Answer(tuple(c.id for c in choices if not c.exclusive))
        else:
            answers[question.id] = Answer((choices[0].id,))
    return effective_answers(questionnaire, answers)


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> AnswerSheet:
    """A path a person could take, drawn at random: each question shown is answered in
    order, one time in ten with "I don't know". For the code tests and benchmarks."""
    answers: AnswerSheet = {}
    for question in questionnaire.questions:
        if question not in visible_questions(questionnaire, answers):
            continue
        choices = questionnaire.choices_of(question)
        if rng.random() < 0.1:
            answers[question.id] = Answer.dont_know()
        elif question.kind is QuestionKind.MULTI:
            plain = [c.id for c in choices if not c.exclusive]
            picked = set(rng.sample(plain, rng.randint(1, len(plain))))
            answers[question.id] = Answer(tuple(c for c in plain if c in picked))
        else:
            answers[question.id] = Answer((rng.choice(choices).id,))
    return answers


@dataclass
class Diagnosis:
    """One person's self-diagnosis in progress."""

    questionnaire: Questionnaire
    language: str = "fr"
    consent: bool | None = None
    answers: AnswerSheet = field(default_factory=dict)

    def answer(self, question_id: str, answer: Answer) -> None:
        check_answer(self.questionnaire, self.questionnaire.question(question_id), answer)
        self.answers[question_id] = answer

    def first_question(self) -> Question | None:
        return self.next_question(None)

    def next_question(self, after: str | None) -> Question | None:
        """The question shown after ``after`` (None: the first), or None at the end."""
        shown = visible_questions(self.questionnaire, self.answers)
        if after is None:
            return shown[0] if shown else None
        ids = [q.id for q in shown]
        if after not in ids:
            raise ValueError(f"question '{after}' is not on this person's path")
        index = ids.index(after) + 1
        return shown[index] if index < len(shown) else None

    def previous_question(self, before: str) -> Question | None:
        """The question shown before ``before`` on this person's path, or None."""
        ids = [q.id for q in visible_questions(self.questionnaire, self.answers)]
        index = ids.index(before)
        return self.questionnaire.question(ids[index - 1]) if index > 0 else None

    def position(self, question_id: str) -> tuple[int, int]:
        """(number, total) for "question 4 of 18".

        Questions that depend on answers not given yet are counted, so the total only
        ever shrinks as the person goes on: it never jumps up under their eyes.
        """
        ids = [q.id for q in visible_questions(self.questionnaire, self.answers)]
        undecided = [
            q
            for q in self.questionnaire.questions
            if q.id not in ids
            and q.show_if is not None
            and not q.show_if.questions() <= set(self.answers)
        ]
        return ids.index(question_id) + 1, len(ids) + len(undecided)

    def kept_answers(self) -> AnswerSheet:
        return effective_answers(self.questionnaire, self.answers)
