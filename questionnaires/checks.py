"""Checks that read across a questionnaire: ids, skip logic, scoring, translations, media.

The shapes of the file are pydantic's (`questionnaires.model`); what a shape cannot
say is checked here, each mistake a `Finding` at its place in the file, so that
loading can give it its line and column, cross-references included. A finding is an
error unless it says it is a warning: a warning is printed, never fatal. Every message
is in French and in English (`Words`).

"Can never be true" is decided by trying the answers a condition reads: every choice
(every combination of a multi-choice), "I don't know", and "not asked" for a question
that may be skipped. `all` tries its parts together (up to `MAX_TRIALS` combinations;
beyond, it is assumed possible), `any` and `not` part by part.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from questionnaires.answers import Answer
from questionnaires.conditions import holds
from questionnaires.media import file_problem, media_uses, path_problem
from questionnaires.model import (
    DONT_KNOW,
    LEVELS,
    MAX_CHOICES,
    MAX_LABEL,
    MIN_CHOICES,
    SCALE_STEPS,
    Case,
    Choice,
    Condition,
    LevelText,
    Outcome,
    Question,
    QuestionKind,
    Questionnaire,
    Text,
)
from questionnaires.problems import Finding, Loc, Words, did_you_mean, language_names

MAX_TRIALS = 20_000
# The parts of the result that need scoring, and what they need.
_PART_NEEDS = {
    "levels": ("areas", Words("des domaines (areas)", "areas")),
    "channels": ("channels", Words("des moyens de contact (channels)", "channels")),
    "next_steps": ("next_steps", Words("des prochaines étapes (next_steps)", "next steps")),
}


def check(questionnaire: Questionnaire, folder: Path | None = None) -> list[Finding]:
    """Every mistake found; with ``folder`` (the file's), media files are looked at too."""
    return list(_Checker(questionnaire, folder).run())


def _error(loc: Loc, fr: str, en: str) -> Finding:
    return Finding(loc, Words(fr, en))


def _warning(loc: Loc, fr: str, en: str) -> Finding:
    return Finding(loc, Words(fr, en), warning=True)


def _choices_of(question: Question, known: Sequence[str], choice: str) -> Words:
    listed = ", ".join(known)
    words = Words(
        f"la question « {question.id} » n'a pas de choix « {choice} »",
        f"question '{question.id}' has no choice '{choice}'",
    ) + did_you_mean(choice, known)
    return words + Words(f" ; ses choix : {listed}", f"; its choices: {listed}") if known else words


@dataclass
class _Checker:
    q: Questionnaire
    folder: Path | None

    def __post_init__(self) -> None:
        # The first of two questions with one id: the second is told, and only it.
        self.by_id: dict[str, Question] = {}
        for question in self.q.questions:
            self.by_id.setdefault(question.id, question)
        self.channel_ids = [c.id for c in self.q.scoring.channels]
        self.area_ids = [a.id for a in self.q.scoring.areas]
        self.step_ids = [s.id for s in self.q.scoring.next_steps]

    def run(self) -> Iterator[Finding]:
        yield from self.ids()
        yield from self.scale()
        yield from self.questions()
        yield from self.scoring()
        yield from self.result()
        yield from self.translations()
        yield from self.media()
        yield from self.pictograms()
        yield from self.cases()
        yield from self.unread_choices()

    # -- ids ------------------------------------------------------------------------

    def ids(self) -> Iterator[Finding]:
        lists: list[tuple[Loc, Words, Sequence[str]]] = [
            (
                ("sections",),
                Words("deux sections", "two sections"),
                [s.id for s in self.q.sections],
            ),
            (("questions",), Words("deux questions", "two questions"), list(self._question_ids())),
            (
                ("scale",),
                Words("deux marches de l'échelle", "two scale steps"),
                [s.id for s in self.q.scale],
            ),
            (("scoring", "areas"), Words("deux domaines", "two areas"), self.area_ids),
            (
                ("scoring", "channels"),
                Words("deux moyens de contact", "two channels"),
                self.channel_ids,
            ),
            (
                ("scoring", "next_steps"),
                Words("deux prochaines étapes", "two next steps"),
                self.step_ids,
            ),
        ]
        for i, question in enumerate(self.q.questions):
            what = Words(f"deux choix de « {question.id} »", f"two choices of '{question.id}'")
            lists.append((("questions", i, "choices"), what, [c.id for c in question.choices]))
        for loc, what, ids in lists:
            yield from _duplicates(loc, what, ids)
        for i, question in enumerate(self.q.questions):
            for j, choice in enumerate(question.choices):
                if choice.id == DONT_KNOW:
                    yield _error(
                        ("questions", i, "choices", j, "id"),
                        f"« {DONT_KNOW} » est réservé à « Je ne sais pas », que chaque "
                        "question propose déjà : choisissez un autre id",
                        f"'{DONT_KNOW}' is kept for 'I don't know', which every question "
                        "already offers: choose another id",
                    )

    def _question_ids(self) -> Iterator[str]:
        return (q.id for q in self.q.questions)

    # -- the scale and the questions -------------------------------------------------

    def scale(self) -> Iterator[Finding]:
        scale = self.q.scale
        needed = any(q.kind is QuestionKind.SCALE for q in self.q.questions)
        if not scale:
            if needed:
                yield _error(
                    ("questions",),
                    "les questions « scale » ont besoin de l'échelle du questionnaire : "
                    "ajoutez « scale: » avec ses 4 marches (valeurs 0 à 3)",
                    "scale questions need the questionnaire's 4-step scale: add 'scale:' "
                    "with its 4 steps (values 0 to 3)",
                )
            return
        if len(scale) != SCALE_STEPS:
            yield _error(
                ("scale",),
                f"l'échelle a exactement 4 marches, pas {len(scale)}",
                f"the scale needs exactly 4 steps, has {len(scale)}",
            )
            return
        for i, step in enumerate(scale):
            if step.value != i:
                yield _error(
                    ("scale", i, "value"),
                    f"les marches de l'échelle valent 0, 1, 2, 3 dans cet ordre : celle-ci "
                    f"vaut {i}, pas {step.value}",
                    f"the scale steps have the values 0, 1, 2, 3 in that order: this one "
                    f"should be {i}, not {step.value}",
                )

    def questions(self) -> Iterator[Finding]:
        sections = [s.id for s in self.q.sections]
        earlier: list[str] = []
        continued: dict[str, str] = {}
        for i, question in enumerate(self.q.questions):
            loc: Loc = ("questions", i)
            if question.section not in sections:
                yield _unknown((*loc, "section"), _SECTION, question.section, sections)
            yield from self.shape(loc, question)
            if question.show_if is not None:
                yield from self.skip_logic((*loc, "show_if"), question, earlier)
            if question.continues is not None:
                yield from _continues(loc, question, self.by_id, continued)
            earlier.append(question.id)

    def shape(self, loc: Loc, question: Question) -> Iterator[Finding]:
        kind = question.kind
        if kind is QuestionKind.SCALE:
            yield from self.scale_question(loc, question)
            return
        count = len(question.choices)
        if count == 0:
            yield _error(
                loc,
                f"on ne peut pas répondre à la question « {question.id} » : ajoutez "
                f"{MIN_CHOICES} à {MAX_CHOICES} choix (ou faites-en une question kind: scale)",
                f"question '{question.id}' has no way to answer it: add {MIN_CHOICES} to "
                f"{MAX_CHOICES} choices (or make it kind: scale)",
            )
        elif not MIN_CHOICES <= count <= MAX_CHOICES:
            yield _error(
                (*loc, "choices"),
                f"la question « {question.id} » a {count} choix : il en faut "
                f"{MIN_CHOICES} à {MAX_CHOICES}",
                f"question '{question.id}' needs {MIN_CHOICES} to {MAX_CHOICES} choices, "
                f"has {count}",
            )
        for j, choice in enumerate(question.choices):
            if choice.exclusive and kind is QuestionKind.SINGLE:
                yield _error(
                    (*loc, "choices", j, "exclusive"),
                    "« exclusive » ne sert que dans une question à choix multiples (multi)",
                    "'exclusive' only makes sense in a multi-choice question",
                )
        if kind is QuestionKind.MULTI and count and all(c.exclusive for c in question.choices):
            yield _error(
                (*loc, "choices"),
                f"tous les choix de « {question.id} » sont exclusifs : faites-en une "
                "question kind: single",
                f"every choice of '{question.id}' is exclusive: make it kind: single",
            )
        for field in ("area", "digcomp", "pix"):
            if getattr(question, field) is not None:
                yield _warning(
                    (*loc, field),
                    f"seules les questions « scale » ont « {field} »",
                    f"only scale questions have '{field}'",
                )

    def scale_question(self, loc: Loc, question: Question) -> Iterator[Finding]:
        if question.choices:
            yield _error(
                (*loc, "choices"),
                "une question « scale » se répond avec l'échelle du questionnaire : "
                "enlevez ses choix",
                "a scale question uses the questionnaire's scale: remove its choices",
            )
        if question.area is not None:
            if not self.area_ids:
                yield _error(
                    (*loc, "area"),
                    f"domaine « {question.area} » : le calcul (scoring) n'a pas de domaines "
                    "(ajoutez-les dans scoring → areas, ou enlevez « area »)",
                    f"area '{question.area}': the scoring has no areas (add them under "
                    "scoring → areas, or remove 'area')",
                )
            elif question.area not in self.area_ids:
                yield _unknown((*loc, "area"), _AREA, question.area, self.area_ids)
        elif self.area_ids:
            yield _warning(
                loc,
                f"la question « {question.id} » n'a pas de domaine (area) : elle ne compte "
                "dans aucun niveau",
                f"scale question '{question.id}' has no 'area': it counts in no level",
            )
        if question.area is not None and (question.digcomp is None or question.pix is None):
            yield _warning(
                loc,
                f"la question « {question.id} » n'a pas de code « digcomp » ou « pix » : le "
                "compte rendu ne peut pas nommer la compétence évaluée",
                f"scale question '{question.id}' has no 'digcomp' or 'pix' code: the report "
                "cannot name the competence it assesses",
            )

    def skip_logic(self, loc: Loc, question: Question, earlier: list[str]) -> Iterator[Finding]:
        condition = question.show_if
        assert condition is not None
        found = list(self.references(loc, condition, earlier, scoring=False))
        yield from found
        if not found and not self.can_hold(condition):
            yield _error(
                loc,
                f"la condition show_if n'est jamais vraie : la question « {question.id} » ne "
                "serait jamais posée",
                f"show_if can never be true: question '{question.id}' would never be asked",
            )

    # -- conditions -------------------------------------------------------------------

    def references(
        self,
        loc: Loc,
        condition: Condition,
        questions: Sequence[str],
        *,
        scoring: bool,
        channels: Sequence[str] = (),
    ) -> Iterator[Finding]:
        """What a condition names that does not exist, or that it may not read there.

        ``questions``: those it may read (show_if: the earlier ones); ``channels``:
        those it may read (a channel reads the ones above it)."""
        for where, part in _walk(loc, condition):
            if part.question is not None:
                yield from self.question_reference(where, part, questions)
            if part.area is not None:
                if not scoring:
                    yield _not_here((*where, "area"), Words("les niveaux", "area levels"))
                elif part.area not in self.area_ids:
                    yield _unknown((*where, "area"), _AREA, part.area, self.area_ids)
                else:
                    yield from _range(where, part, Words("un niveau", "a level"))
            if part.channel is not None:
                if not scoring:
                    yield _not_here((*where, "channel"), Words("les moyens de contact", "channels"))
                elif part.channel in self.channel_ids and part.channel not in channels:
                    yield _error(
                        (*where, "channel"),
                        f"le moyen « {part.channel} » n'est pas plus haut dans la liste des "
                        "moyens de contact : un moyen ne peut lire que ceux d'avant lui",
                        f"channel '{part.channel}' is not above this one in the list of "
                        "channels: a channel may only read the channels before it",
                    )
                elif part.channel not in channels:
                    yield _unknown((*where, "channel"), _CHANNEL, part.channel, self.channel_ids)

    def question_reference(
        self, where: Loc, part: Condition, questions: Sequence[str]
    ) -> Iterator[Finding]:
        qid = part.question
        assert qid is not None
        question = self.by_id.get(qid)
        if question is None:
            yield _unknown((*where, "question"), _QUESTION, qid, list(self.by_id))
            return
        if qid not in questions:
            yield _error(
                (*where, "question"),
                f"show_if ne peut lire que les questions posées avant : « {qid} » vient "
                "après (ou c'est la question elle-même)",
                f"show_if may only read questions asked before: '{qid}' comes later (or is "
                "this question itself)",
            )
            return
        known = [c.id for c in self.q.choices_of(question)]
        for test in ("any_of", "none_of"):
            for k, choice in enumerate(getattr(part, test) or ()):
                if choice not in known:
                    yield Finding((*where, test, k), _choices_of(question, known, choice))
        if part.at_least is not None or part.at_most is not None:
            if question.kind is not QuestionKind.SCALE:
                test = "at_least" if part.at_least is not None else "at_most"
                yield _error(
                    (*where, test),
                    f"at_least et at_most lisent une question « scale », pas « {qid} » "
                    f"(une question {question.kind.value}) : utilisez any_of ou none_of",
                    f"at_least/at_most need a scale question, not '{qid}' (a "
                    f"{question.kind.value} question): use any_of or none_of",
                )
            else:
                yield from _range(where, part, Words("une réponse de l'échelle", "a scale answer"))

    def can_hold(self, condition: Condition, want: bool = True) -> bool:
        """Whether some answers make ``condition`` true (or false, with ``want=False``)."""
        if condition.not_ is not None:
            return self.can_hold(condition.not_, not want)
        together = condition.all if want else condition.any
        if together is not None and len(together) > 1:
            return self._tried(condition, want)  # every part at once
        apart = condition.any if want else condition.all
        if apart is not None:
            return any(self.can_hold(part, want) for part in apart)
        if together is not None:
            return self.can_hold(together[0], want)
        return self._tried(condition, want)

    def _tried(self, condition: Condition, want: bool) -> bool:
        questions = sorted(condition.questions())
        areas = sorted(condition.areas())
        channels = sorted(condition.channels())
        options = [self._possible(self.by_id[qid]) for qid in questions]
        total = 1
        for size in [len(o) for o in options] + [LEVELS + 1] * len(areas) + [2] * len(channels):
            total *= size
        if total > MAX_TRIALS:
            return True  # too many to try: assume possible, never a false alarm
        levels: list[int | None] = [None, *range(LEVELS)]
        for picked in itertools.product(*options):
            answers = {qid: a for qid, a in zip(questions, picked, strict=True) if a is not None}
            for chosen in itertools.product(levels, repeat=len(areas)):
                for offered in itertools.product((False, True), repeat=len(channels)):
                    at = dict(zip(areas, chosen, strict=True))
                    on = [c for c, yes in zip(channels, offered, strict=True) if yes]
                    if holds(condition, self.q, answers, at, on) == want:
                        return True
        return False

    def _possible(self, question: Question) -> list[Answer | None]:
        """Every answer a person can give, "I don't know" included, and "not asked"."""
        answers: list[Answer | None] = [Answer.dont_know()]
        if question.kind is QuestionKind.MULTI:
            plain = [c.id for c in question.choices if not c.exclusive]
            answers += [Answer((c.id,)) for c in question.choices if c.exclusive]
            for size in range(1, len(plain) + 1):
                answers += [Answer(combo) for combo in itertools.combinations(plain, size)]
        else:
            answers += [Answer((c.id,)) for c in self.q.choices_of(question)]
        if question.show_if is not None:
            answers.append(None)
        return answers

    # -- scoring ----------------------------------------------------------------------

    def scoring(self) -> Iterator[Finding]:
        scoring = self.q.scoring
        if scoring.areas and not scoring.levels:
            yield _error(
                ("scoring",),
                "les domaines ont besoin de leurs 4 niveaux : ajoutez « levels » dans scoring",
                "areas need their 4 levels: add 'levels' to scoring",
            )
        if scoring.areas and scoring.undetermined is None:
            yield _error(
                ("scoring",),
                "les domaines ont besoin de « undetermined » : ce qu'affiche un domaine "
                "sans niveau (« À voir ensemble »)",
                "areas need 'undetermined': what an area shows without a level ('To look at "
                "together')",
            )
        for i, area in enumerate(scoring.areas):
            if not any(q.area == area.id for q in self.q.questions):
                yield _error(
                    ("scoring", "areas", i),
                    f"le domaine « {area.id} » n'a aucune question « scale »",
                    f"area '{area.id}' has no scale question",
                )
        if scoring.channels and scoring.fallback_channel is None:
            yield _error(
                ("scoring",),
                "ajoutez « fallback_channel » : le moyen proposé quand aucun ne marche, "
                "pour qu'il y ait toujours un moyen de garder le contact",
                "add 'fallback_channel': the channel offered when none holds, so there is "
                "always a way to keep in touch",
            )
        fallback = scoring.fallback_channel
        if fallback is not None and fallback not in self.channel_ids:
            yield _unknown(("scoring", "fallback_channel"), _CHANNEL, fallback, self.channel_ids)
        questions = list(self.by_id)
        for i, channel in enumerate(scoring.channels):
            loc: Loc = ("scoring", "channels", i, "when")
            yield from self.outcome(loc, channel.when, questions, self.channel_ids[:i])
        for i, step in enumerate(scoring.next_steps):
            loc = ("scoring", "next_steps", i, "when")
            yield from self.outcome(loc, step.when, questions, self.channel_ids)

    def outcome(
        self, loc: Loc, condition: Condition, questions: Sequence[str], channels: Sequence[str]
    ) -> Iterator[Finding]:
        found = list(self.references(loc, condition, questions, scoring=True, channels=channels))
        yield from found
        if not found and not self.can_hold(condition):
            yield _warning(
                loc,
                "cette règle n'est jamais vraie : ce qu'elle propose ne sera jamais proposé",
                "this rule is never true: what it offers is never offered",
            )

    # -- the result ---------------------------------------------------------------------

    def result(self) -> Iterator[Finding]:
        layout = self.q.result
        sections = [s.id for s in self.q.sections]
        for i, section in enumerate(layout.equipment or ()):
            if section not in sections:
                yield _unknown(("result", "equipment", i), _SECTION, section, sections)
        seen: set[str] = set()
        for i, page in enumerate(layout.pages or ()):
            if not page:
                yield _error(
                    ("result", "pages", i),
                    "une page vide : donnez-lui une partie, ou enlevez-la",
                    "an empty page: give it a part or remove it",
                )
            for j, part in enumerate(page):
                where: Loc = ("result", "pages", i, j)
                if part in seen:
                    yield _error(
                        where,
                        f"« {part} » est montré deux fois : gardez-le sur une seule page",
                        f"'{part}' is shown twice: keep it on one page",
                    )
                seen.add(part)
                needs = _PART_NEEDS.get(part)
                if needs is not None and not getattr(self.q.scoring, needs[0]):
                    yield Finding(
                        where,
                        Words(f"« {part} » a besoin d'", f"'{part}' needs ")
                        + needs[1]
                        + Words(
                            " dans le calcul (scoring), et ce questionnaire n'en a pas",
                            " in the scoring, and this questionnaire has none",
                        ),
                    )
        everyone = list(self.by_id)
        for name in ("photo", "no_photo"):
            condition = getattr(layout, name)
            if condition is not None:
                yield from self.references(("result", name), condition, everyone, scoring=False)

    # -- translations and media -----------------------------------------------------------

    def translations(self) -> Iterator[Finding]:
        declared = set(self.q.languages)
        for loc, text in _texts(self.q):
            missing = [lang for lang in self.q.languages if lang not in text.languages()]
            if missing:
                names = language_names(missing)
                yield _error(
                    loc,
                    f'pas de texte en {names.fr} : ajoutez {missing[0]}: "…"',
                    f'no text in {names.en}: add {missing[0]}: "…"',
                )
            if loc[-1] == "label" and (loc[0] == "scale" or "choices" in loc):
                yield from _long_label(loc, text)
            extra = sorted(text.languages() - declared)
            if extra:
                listed = ", ".join(extra)
                yield _warning(
                    loc,
                    f"un texte en {listed}, langue que « languages » ne cite pas : "
                    "ajoutez-la, ou enlevez le texte",
                    f"a text in {listed}, which 'languages' does not list: add it there, or "
                    "remove the text",
                )

    def media(self) -> Iterator[Finding]:
        declared = set(self.q.languages)
        for use in media_uses(self.q):
            language = use.loc[-1]
            if use.kind == "audio" and language not in declared:
                yield _warning(
                    use.loc,
                    f"un enregistrement en « {language} », langue que « languages » ne cite pas",
                    f"a recording in '{language}', which 'languages' does not list",
                )
            if self.folder is None:
                problem = path_problem(use.path, use.kind)
            else:
                problem = file_problem(self.folder, use.path, use.kind)
            if problem is not None:
                yield Finding(use.loc, problem)

    def pictograms(self) -> Iterator[Finding]:
        """One pictogram, one meaning (see `_one_meaning`), told once at each place."""
        told: set[Loc] = set()
        for pool in _pictogram_pools(self.q):
            for finding in _one_meaning(pool):
                if finding.loc not in told:
                    told.add(finding.loc)
                    yield finding

    # -- cases --------------------------------------------------------------------------

    def cases(self) -> Iterator[Finding]:
        names: list[str] = []
        for i, case in enumerate(self.q.cases):
            loc: Loc = ("cases", i)
            if case.name in names:
                yield _error(
                    (*loc, "name"),
                    f"deux cas s'appellent « {case.name} »",
                    f"two cases are named '{case.name}'",
                )
            names.append(case.name)
            yield from self.case_answers(loc, case)
            yield from self.case_expectations(loc, case)

    def case_answers(self, loc: Loc, case: Case) -> Iterator[Finding]:
        for qid, given in case.answers.items():
            where: Loc = (*loc, "answers", qid)
            question = self.by_id.get(qid)
            if question is None:
                yield _unknown(where, _QUESTION, qid, list(self.by_id))
                continue
            if given == DONT_KNOW:
                continue
            picked = [given] if isinstance(given, str) else given
            known = [c.id for c in self.q.choices_of(question)]
            for k, choice in enumerate(picked):
                if choice not in known:
                    yield Finding((*where, k), _choices_of(question, known, choice))
            yield from _case_answer_shape(where, question, picked)

    def case_expectations(self, loc: Loc, case: Case) -> Iterator[Finding]:
        expect = case.expect
        lists = (
            ("next_steps", expect.next_steps, self.step_ids, _STEP),
            ("offered", expect.offered, self.step_ids, _STEP),
            ("not_offered", expect.not_offered, self.step_ids, _STEP),
            ("channels", expect.channels, self.channel_ids, _CHANNEL),
        )
        for name, ids, known, what in lists:
            for k, item in enumerate(ids or ()):
                if item not in known:
                    yield _unknown((*loc, "expect", name, k), what, item, known)
        for area, level in (expect.levels or {}).items():
            where: Loc = (*loc, "expect", "levels", area)
            if area not in self.area_ids:
                yield _unknown(where, _AREA, area, self.area_ids)
            elif isinstance(level, int) and not 0 <= level < LEVELS:
                yield _error(
                    where,
                    f"un niveau va de 0 à {LEVELS - 1}, ou vaut undetermined",
                    f"a level is 0 to {LEVELS - 1}, or undetermined",
                )
        if all(getattr(expect, f) is None for f in type(expect).model_fields):
            yield _error(
                (*loc, "expect"),
                "ce cas n'attend rien : dites ce que les règles doivent donner (next_steps, "
                "offered, not_offered, channels, levels)",
                "this case expects nothing: say what the rules should give (next_steps, "
                "offered, not_offered, channels, levels)",
            )

    # -- choices no rule reads -------------------------------------------------------------

    def unread_choices(self) -> Iterator[Finding]:
        """A choice that changes nothing: no channel or next step reads it."""
        named: set[tuple[str, str]] = set()
        read: set[str] = set()
        for condition in self._rules():
            named.update(condition.choice_refs())
            read.update(condition.questions())
        equipment = set(self.q.equipment_sections)
        for i, question in enumerate(self.q.questions):
            if question.section in equipment or question.kind is QuestionKind.SCALE:
                continue  # equipment is counted in the reports; a scale counts in its level
            if question.id not in read:
                if self.q.has_scoring:
                    yield _warning(
                        ("questions", i),
                        f"aucune règle ne lit la question « {question.id} » : ses réponses ne "
                        "changent aucun moyen de contact ni aucune étape (le conseiller les "
                        "voit)",
                        f"no rule reads question '{question.id}': its answers change no "
                        "channel or next step (the adviser sees them)",
                    )
                continue
            if question.kind is not QuestionKind.MULTI:
                continue  # picking any choice of a question a rule reads changes that rule
            unread = [
                (j, c.id)
                for j, c in enumerate(question.choices)
                if not c.exclusive and (question.id, c.id) not in named
            ]
            if unread:
                ids = ", ".join(c for _, c in unread)
                yield _warning(
                    ("questions", i, "choices", unread[0][0], "id"),
                    f"aucune règle ne lit le choix {ids} de « {question.id} » : le cocher ne "
                    "change aucun moyen de contact ni aucune étape",
                    f"no rule reads the choice {ids} of '{question.id}': ticking it changes "
                    "no channel or next step",
                )

    def _rules(self) -> Iterator[Condition]:
        for question in self.q.questions:
            if question.show_if is not None:
                yield question.show_if
        for outcome in (*self.q.scoring.channels, *self.q.scoring.next_steps):
            yield outcome.when
        for condition in (self.q.result.photo, self.q.result.no_photo):
            if condition is not None:
                yield condition


_SECTION = Words("section inconnue", "unknown section")
_QUESTION = Words("question inconnue", "unknown question")
_AREA = Words("domaine (area) inconnu", "unknown area")
_CHANNEL = Words("moyen de contact (channel) inconnu", "unknown channel")
_STEP = Words("prochaine étape (next step) inconnue", "unknown next step")


def _not_here(loc: Loc, what: Words) -> Finding:
    return Finding(
        loc,
        Words("cette condition ne peut pas lire ", "this condition cannot read ")
        + what
        + Words(" : seules les règles du calcul (scoring) le peuvent", ": only scoring rules can"),
    )


def _case_answer_shape(where: Loc, question: Question, picked: list[str]) -> Iterator[Finding]:
    qid = question.id
    if question.kind is not QuestionKind.MULTI:
        if len(picked) != 1:
            yield _error(
                where,
                f"la question « {qid} » prend exactement un choix, ou dont_know",
                f"question '{qid}' takes exactly one choice, or dont_know",
            )
        return
    exclusive = [c.id for c in question.choices if c.exclusive and c.id in picked]
    if not picked:
        yield _error(
            where,
            f"question « {qid} » : cochez au moins un choix, ou dont_know",
            f"question '{qid}': tick a choice at least, or dont_know",
        )
    elif exclusive and len(picked) > 1:
        yield _error(
            where,
            f"question « {qid} » : « {exclusive[0]} » ne va pas avec d'autres choix",
            f"question '{qid}': '{exclusive[0]}' cannot go with other choices",
        )


def _walk(loc: Loc, condition: Condition) -> Iterator[tuple[Loc, Condition]]:
    yield loc, condition
    for inner, part in condition.parts():
        yield from _walk((*loc, *inner), part)


def _range(where: Loc, part: Condition, what: Words) -> Iterator[Finding]:
    low, high = part.at_least, part.at_most
    for name, value in (("at_least", low), ("at_most", high)):
        if value is not None and not 0 <= value < LEVELS:
            yield Finding(
                (*where, name),
                Words(
                    f"{name}: {value} n'est jamais vrai : ", f"{name}: {value} can never be true: "
                )
                + what
                + Words(f" va de 0 à {LEVELS - 1}", f" goes from 0 to {LEVELS - 1}"),
            )
    if low is not None and high is not None and low > high:
        yield _error(
            (*where, "at_least"),
            f"at_least {low} est au-dessus de at_most {high} : jamais vrai",
            f"at_least {low} is above at_most {high}: never true",
        )


def _unknown(loc: Loc, what: Words, value: str, known: Iterable[str]) -> Finding:
    """An id that names nothing: the close one if there is, else the ones there are."""
    names = list(known)
    hint = did_you_mean(value, names)
    if not hint.en and names:
        listed = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
        hint = Words(f" (il y a : {listed})", f" (there are: {listed})")
    return Finding(loc, Words(f"{what.fr} : « {value} »", f"{what.en} '{value}'") + hint)


def _duplicates(loc: Loc, what: Words, ids: Sequence[str]) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            yield Finding(
                (*loc, index, "id"),
                what + Words(f" ont l'id « {item} »", f" have the id '{item}'"),
            )
        seen.add(item)


def _continues(
    loc: Loc, question: Question, by_id: Mapping[str, Question], continued: dict[str, str]
) -> Iterator[Finding]:
    old = question.continues
    assert old is not None
    if old in by_id:
        yield _error(
            (*loc, "continues"),
            f"« {old} » est encore une question de cette version : une question ne peut "
            "continuer qu'un id qui n'existe plus",
            f"'{old}' is still a question of this version: a question can only continue an "
            "id that is gone",
        )
    elif old in continued:
        yield _error(
            (*loc, "continues"),
            f"« {continued[old]} » continue déjà « {old} »",
            f"'{continued[old]}' already continues '{old}'",
        )
    continued[old] = question.id


@dataclass(frozen=True)
class _Pictured:
    """A use of a pictogram: where, what it names, and how a message calls it."""

    loc: Loc
    emoji: str
    names: frozenset[str]  # its id and French label: the same thing has one of them
    called: Words


def _pictured(loc: Loc, owner: Choice | Outcome | LevelText, kind: Words, name: str) -> _Pictured:
    emoji = owner.media.emoji.replace("\ufe0f", "").replace("\ufe0e", "")
    called = kind + Words(f" (« {owner.label.fr} »)", f" ('{owner.label.fr}')")
    return _Pictured(
        (*loc, "media", "emoji"), emoji, frozenset({name, f"label:{owner.label.fr}"}), called
    )


# Scale steps and levels all say "how well": they may share pictograms with each other.
_HOW_WELL = "how well"


def _pictogram_pools(q: Questionnaire) -> list[list[_Pictured]]:
    """Where a person must tell pictograms apart: the answers they touch; the result's
    channels and next steps; and the "how well" of the scale and the levels, whose
    pictograms no answer or result may use. Between the answers and the result a
    pictogram may repeat (a wish and the step that answers it); sections, questions and
    areas show the topic of what follows, and may repeat any of them."""
    answers = [
        _pictured(
            ("questions", i, "choices", j),
            choice,
            Words(
                f"le choix « {choice.id} » de « {question.id} »",
                f"choice '{choice.id}' of '{question.id}'",
            ),
            f"id:{choice.id}",
        )
        for i, question in enumerate(q.questions)
        for j, choice in enumerate(question.choices)
    ]
    scoring = q.scoring
    kinds = (("channels", "le moyen de contact", "channel"), ("next_steps", "l'étape", "step"))
    result = [
        _pictured(
            ("scoring", name, i),
            owner,
            Words(f"{fr} « {owner.id} »", f"{en} '{owner.id}'"),
            f"id:{owner.id}",
        )
        for name, fr, en in kinds
        for i, owner in enumerate(getattr(scoring, name))
    ]
    step, level = Words("l'échelle", "the scale step"), Words("le niveau", "level")
    how_well = [_pictured(("scale", i), s, step, _HOW_WELL) for i, s in enumerate(q.scale)]
    how_well += [
        _pictured(("scoring", "levels", i), lv, level, _HOW_WELL)
        for i, lv in enumerate(scoring.levels)
    ]
    if scoring.undetermined is not None:
        how_well.append(
            _pictured(("scoring", "undetermined"), scoring.undetermined, level, _HOW_WELL)
        )
    emojis = {use.emoji for use in how_well}
    borrowed = [use for use in (*answers, *result) if use.emoji in emojis]
    return [answers, result, [*how_well, *borrowed]]


def _one_meaning(uses: list[_Pictured]) -> Iterator[Finding]:
    """The same pictogram on things of a pool that share neither id nor label: a person
    who cannot read tells them apart by the picture only. Told at every place, each
    naming the other meanings."""
    by_emoji: dict[str, list[list[_Pictured]]] = {}
    for use in uses:
        meanings = by_emoji.setdefault(use.emoji, [])
        same = next((m for m in meanings if any(u.names & use.names for u in m)), None)
        if same is None:
            meanings.append([use])
        else:
            same.append(use)
    for emoji, meanings in by_emoji.items():
        if len(meanings) < 2:
            continue
        for meaning in meanings:
            others = [m[0].called for m in meanings if m is not meaning]
            fr = " ; ".join(o.fr for o in others)
            en = "; ".join(o.en for o in others)
            for use in meaning:
                yield _warning(
                    use.loc,
                    f"le pictogramme {emoji} veut aussi dire autre chose : {fr}. Un "
                    "pictogramme = une seule chose : choisissez-en un autre",
                    f"pictogram {emoji} also means something else: {en}. One pictogram "
                    "means one thing: choose another one",
                )


def _texts(q: Questionnaire) -> Iterator[tuple[Loc, Text]]:
    yield ("title",), q.title
    for i, section in enumerate(q.sections):
        yield ("sections", i, "label"), section.label
    for i, step in enumerate(q.scale):
        yield from _choice_texts(("scale", i), step)
    for i, question in enumerate(q.questions):
        for name in ("text", "hint", "summary"):
            text = getattr(question, name)
            if text is not None:
                yield ("questions", i, name), text
        for j, choice in enumerate(question.choices):
            yield from _choice_texts(("questions", i, "choices", j), choice)
    scoring = q.scoring
    levels: list[tuple[Loc, LevelText]] = [
        (("scoring", "levels", i), lv) for i, lv in enumerate(scoring.levels)
    ]
    if scoring.undetermined is not None:
        levels.append((("scoring", "undetermined"), scoring.undetermined))
    for loc, level in levels:
        yield (*loc, "label"), level.label
        yield (*loc, "detail"), level.detail
    for name in ("areas", "channels", "next_steps"):
        for i, owner in enumerate(getattr(scoring, name)):
            yield ("scoring", name, i, "label"), owner.label


def _long_label(loc: Loc, text: Text) -> Iterator[Finding]:
    """A tile's words beyond `MAX_LABEL`: the tile wraps them on many lines, and a person
    who reads slowly loses the choice."""
    for language, words in text.items():
        if len(words) > MAX_LABEL:
            name = language_names([language])
            yield _warning(
                loc,
                f"le texte en {name.fr} fait {len(words)} caractères : une tuile en montre "
                f"bien {MAX_LABEL} au plus ; gardez l'essentiel (la question peut en dire plus, "
                "dans hint)",
                f"the text in {name.en} is {len(words)} characters long: a tile shows "
                f"{MAX_LABEL} at most well; keep what matters (the question can say more, in "
                "hint)",
            )


def _choice_texts(loc: Loc, choice: object) -> Iterator[tuple[Loc, Text]]:
    for name in ("label", "summary"):
        text = getattr(choice, name)
        if isinstance(text, Text):
            yield (*loc, name), text
