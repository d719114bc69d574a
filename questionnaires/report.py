"""What a result says, in words: for the person's result screen and the adviser's report.

The screen and the adviser read the same lines, so they never disagree. The adviser's
report opens with a summary read in ten seconds (at most 24 lines of 80 columns), then
every detail: each channel and next step with the answers that made it apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from questionnaires.answers import Answer
from questionnaires.model import Question, QuestionKind, Questionnaire
from questionnaires.result import Result, answer_to_json, format_result_code
from questionnaires.scoring import Offer, Reason, ReasonKind, Scores
from questionnaires.typography import cell_width, clip, unbreakable, wrap

LEVEL_DOTS = 4
WIDTH = 80  # columns of the adviser's terminal
SUMMARY_LINES = 24  # one screen: read in ten seconds
SUMMARY_STEPS = 3


@dataclass(frozen=True)
class Line:
    pictogram: str
    text: str


@dataclass(frozen=True)
class LevelLine:
    area_id: str
    pictogram: str
    area: str
    level: int | None  # 0-3; None: no level (no real answer, or too few)
    level_pictogram: str
    level_label: str  # kind words for the person
    level_detail: str  # what it means for support, for the adviser
    mean: float | None
    unknown: int
    answered: int  # real answers the level rests on
    asked: int

    @property
    def dots(self) -> str:
        """●●○○ for a level; a question mark, never empty dots, when there is none:
        "to look at together" is not lower than the lowest level."""
        if self.level is None:
            return " ?".ljust(LEVEL_DOTS)
        return "●" * (self.level + 1) + "○" * (LEVEL_DOTS - self.level - 1)


_WORDS = {
    "fr": {
        "title": "Bilan numérique",
        "code": "code",
        "not_kept": "pas gardé : seul le code complet le retrouve",
        "unknown_date": "date inconnue (l'horloge de la borne était fausse)",
        "answered_in": "Répondu en {language}",
        "consent_yes": "accepte que le résultat soit gardé",
        "consent_no": "n'a pas voulu que le résultat soit gardé",
        "consent_unknown": "accord pour garder le résultat inconnu (ancien code)",
        "questionnaire": "Questionnaire",
        "has": "Matériel",
        "reach": "Joindre",
        "levels": "Niveaux",
        "next": "Orientations",
        "of": "{shown} sur {total}, toutes plus bas",
        "because": "parce que",
        "on_result": "✔ sur son résultat",
        "not_on_result": "pas sur son résultat (il en montre {n})",
        "equipment": "Matériel et connexion",
        "levels_detail": "Niveaux par domaine",
        "contact": "Moyens de contact qui marchent",
        "next_detail": "Toutes les orientations",
        "answers": "Réponses détaillées",
        "unknown": "ne sait pas",
        "none": "aucune",
        "not_asked": "non posée",
        "no_answer": "pas de réponse",
        "answers_count": ("aucune réponse", "1 réponse", "{n} réponses"),
        "unknown_count": "{n} ne sait pas",
        "rests_on": "{answers} sur {asked}",
        "questions_asked": ("aucune question posée", "1 question posée", "{n} questions posées"),
        "mean": "moyenne {mean}/3",
        "always": "proposé à tout le monde",
        "fallback": "aucun moyen choisi ne peut marcher",
        "channel": "joignable par {channel}",
        "no_channel": "ne peut pas marcher\u00a0: {channel}",
        "without": "pas",
        "languages": {"fr": "français", "en": "anglais", "ar": "arabe"},
        # Punctuation and dates as the language writes them.
        "colon": "\u00a0: ",
        "semicolon": "\u00a0; ",
        "day_format": "%d/%m/%Y",
    },
    "en": {
        "title": "Digital check-up",
        "code": "code",
        "not_kept": "not kept: only the full code finds it again",
        "unknown_date": "date unknown (the kiosk's clock was wrong)",
        "answered_in": "Answered in {language}",
        "consent_yes": "agreed that the result is kept",
        "consent_no": "did not want the result kept",
        "consent_unknown": "agreement to keep the result unknown (older code)",
        "questionnaire": "Questionnaire",
        "has": "Has",
        "reach": "Reach",
        "levels": "Levels",
        "next": "Next steps",
        "of": "{shown} of {total}, all below",
        "because": "because",
        "on_result": "✔ on their result",
        "not_on_result": "not on their result (it shows {n})",
        "equipment": "Equipment and connection",
        "levels_detail": "Level per area",
        "contact": "Channels that work",
        "next_detail": "All next steps",
        "answers": "All answers",
        "unknown": "doesn't know",
        "none": "none",
        "not_asked": "not asked",
        "no_answer": "no answer",
        "answers_count": ("no answer", "1 answer", "{n} answers"),
        "unknown_count": "{n} don't know",
        "rests_on": "{answers} of {asked}",
        "questions_asked": ("no question asked", "1 question asked", "{n} questions asked"),
        "mean": "mean {mean}/3",
        "always": "offered to everyone",
        "fallback": "none of the chosen means can work",
        "channel": "reachable by {channel}",
        "no_channel": "cannot work: {channel}",
        "without": "not",
        "languages": {"fr": "French", "en": "English", "ar": "Arabic"},
        # Punctuation and dates as the language writes them.
        "colon": ": ",
        "semicolon": "; ",
        "day_format": "%Y-%m-%d",
    },
    "ar": {
        "title": "الحصيلة الرقمية",
        "code": "الرمز",
        "not_kept": "غير محفوظ: الرمز الكامل وحده يجده",
        "unknown_date": "تاريخ غير معروف (كانت ساعة الجهاز خاطئة)",
        "answered_in": "لغة الإجابات: {language}",
        "consent_yes": "يقبل حفظ النتيجة",
        "consent_no": "لم يرد حفظ النتيجة",
        "consent_unknown": "الموافقة على حفظ النتيجة غير معروفة (رمز قديم)",
        "questionnaire": "الاستبيان",
        "has": "الأجهزة",
        "reach": "التواصل",
        "levels": "المستويات",
        "next": "التوجيهات",
        "of": "{shown} من {total}، كلها في الأسفل",
        "because": "لأن",
        "on_result": "✔ في نتيجته",
        "not_on_result": "ليس في نتيجته (تعرض {n})",
        "equipment": "الأجهزة والاتصال",
        "levels_detail": "المستوى حسب المجال",
        "contact": "وسائل التواصل التي تنجح",
        "next_detail": "كل التوجيهات",
        "answers": "كل الإجابات",
        "unknown": "لا يعرف",
        "none": "لا شيء",
        "not_asked": "لم يطرح",
        "no_answer": "بدون إجابة",
        "answers_count": ("بدون إجابة", "إجابة واحدة", "{n} إجابات"),
        "unknown_count": "{n} لا يعرف",
        "rests_on": "{answers} من {asked}",
        "questions_asked": ("لم يطرح أي سؤال", "سؤال واحد مطروح", "{n} أسئلة مطروحة"),
        "mean": "المعدل {mean}/3",
        "always": "مقترح على الجميع",
        "fallback": "لا تنجح أي وسيلة من الوسائل المختارة",
        "channel": "يمكن التواصل معه عبر {channel}",
        "no_channel": "لا تنجح: {channel}",
        "without": "بدون",
        "languages": {"fr": "الفرنسية", "en": "الإنجليزية", "ar": "العربية"},
        # Punctuation and dates as the language writes them.
        "colon": ": ",
        "semicolon": "؛ ",
        "day_format": "%d/%m/%Y",
    },
}


def _words(lang: str) -> dict[str, Any]:
    return _WORDS.get(lang, _WORDS["fr"])


def _counted(key: str, n: int, lang: str) -> str:
    forms = _words(lang)[key]
    return str(forms[min(n, 2)]).format(n=n)


def _answers(n: int, lang: str) -> str:
    """ "no answer", "1 answer", "3 answers": how many real answers a level rests on."""
    return _counted("answers_count", n, lang)


def _colon(lang: str) -> str:
    return str(_words(lang)["colon"])


# -- the lines the person's result screen shows ----------------------------------


def equipment_lines(result: Result, lang: str, *, unsure: bool = False) -> list[Line]:
    """What the person has, one line per choice they picked; with ``unsure``, a line
    for each equipment question they answered "I don't know" too (for the adviser)."""
    questionnaire = result.questionnaire
    lines = []
    for question in questionnaire.equipment_questions:
        answer = result.answers.get(question.id)
        if answer is None:
            continue
        if answer.unknown:
            if unsure:
                lines.append(Line("❔", _answer_text(result, question.id, lang)))
            continue
        for choice in questionnaire.choices_of(question):
            if choice.id in answer.choices:
                lines.append(Line(choice.pictogram, choice.summary_in(lang)))
    return lines


def level_lines(result: Result, lang: str) -> list[LevelLine]:
    scores = result.scores
    scoring = result.questionnaire.scoring
    lines = []
    for area in scoring.areas:
        tally = scores.areas[area.id]
        spec = scoring.level_text(tally.level)
        lines.append(
            LevelLine(
                area_id=area.id,
                pictogram=area.pictogram,
                area=area.label.in_language(lang),
                level=tally.level,
                level_pictogram=spec.pictogram,
                level_label=spec.label.in_language(lang),
                level_detail=spec.detail.in_language(lang),
                mean=tally.mean,
                unknown=tally.unknown,
                answered=tally.answered,
                asked=tally.asked,
            )
        )
    return lines


def channel_lines(result: Result, lang: str) -> list[Line]:
    by_id = {c.id: c for c in result.questionnaire.scoring.channels}
    return [
        Line(by_id[c].pictogram, by_id[c].label.in_language(lang)) for c in result.scores.channels
    ]


def next_step_lines(result: Result, lang: str) -> list[Line]:
    by_id = {s.id: s for s in result.questionnaire.scoring.next_steps}
    return [
        Line(by_id[s].pictogram, by_id[s].label.in_language(lang)) for s in result.scores.next_steps
    ]


# -- reasons in words ---------------------------------------------------------------


def answer_words(
    questionnaire: Questionnaire, question_id: str, answer: Answer | None, lang: str
) -> str:
    """An answer as the adviser reads it: "Simple phone", "doesn't know", "not asked"."""
    words = _words(lang)
    if answer is None:
        return str(words["not_asked"])
    if answer.unknown:
        return str(words["unknown"])
    question = questionnaire.question(question_id)
    labels = [
        c.summary_in(lang) for c in questionnaire.choices_of(question) if c.id in answer.choices
    ]
    return ", ".join(labels) or str(words["none"])


def question_name(questionnaire: Questionnaire, question_id: str, lang: str) -> str:
    question = questionnaire.question(question_id)
    return (question.summary or question.text).in_language(lang)


def reason_text(questionnaire: Questionnaire, scores: Scores, reason: Reason, lang: str) -> str:
    """One reason in words: "Smartphone: Simple phone", "Online procedures: With help"."""
    words = _words(lang)
    colon = _colon(lang)
    scoring = questionnaire.scoring
    subject = reason.subject or ""
    if reason.kind is ReasonKind.ANSWER:
        name = question_name(questionnaire, subject, lang)
        if reason.excluded and reason.answer is not None and not reason.answer.unknown:
            not_picked = answer_words(questionnaire, subject, Answer(reason.excluded), lang)
            return f"{name}{colon}{words['without']} {not_picked}"
        return f"{name}{colon}{answer_words(questionnaire, subject, reason.answer, lang)}"
    if reason.kind is ReasonKind.LEVEL:
        tally = scores.areas[subject]
        spec = scoring.level_text(tally.level)
        count = _answers(tally.answered, lang)
        label = questionnaire.area(subject).label.in_language(lang)
        return f"{label}{colon}{spec.label.in_language(lang)} ({count})"
    if reason.kind in (ReasonKind.CHANNEL, ReasonKind.NO_CHANNEL):
        channel = next(c for c in scoring.channels if c.id == subject)
        return str(words[reason.kind.value]).format(channel=channel.label.in_language(lang))
    return str(words[reason.kind.value])


def reasons_text(questionnaire: Questionnaire, scores: Scores, offer: Offer, lang: str) -> str:
    """Every reason, with the "I don't know" answers gathered in one."""
    unsure = [
        question_name(questionnaire, r.subject or "", lang)
        for r in offer.reasons
        if r.kind is ReasonKind.ANSWER and r.answer is not None and r.answer.unknown
    ]
    texts = [
        reason_text(questionnaire, scores, r, lang)
        for r in offer.reasons
        if not (r.kind is ReasonKind.ANSWER and r.answer is not None and r.answer.unknown)
    ]
    if unsure:
        texts.insert(0, f"{_words(lang)['unknown']}{_colon(lang)}{', '.join(unsure)}")
    return str(_words(lang)["semicolon"]).join(texts)


def reason_json(
    questionnaire: Questionnaire, scores: Scores, reason: Reason, lang: str
) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": reason.kind.value}
    if reason.kind is ReasonKind.ANSWER:
        out["question"] = reason.subject
        out["answer"] = None if reason.answer is None else answer_to_json(reason.answer)
        if reason.excluded:
            out["not_picked"] = list(reason.excluded)
    elif reason.kind is ReasonKind.LEVEL:
        out["area"] = reason.subject
        out["level"] = scores.areas[reason.subject or ""].level
    elif reason.subject is not None:
        out["channel"] = reason.subject
    out["text"] = reason_text(questionnaire, scores, reason, lang)
    return out


def offers_json(
    questionnaire: Questionnaire, scores: Scores, offers: tuple[Offer, ...], lang: str
) -> list[dict[str, Any]]:
    return [
        {
            "id": offer.id,
            "reasons": [reason_json(questionnaire, scores, r, lang) for r in offer.reasons],
        }
        for offer in offers
    ]


# -- the adviser's report -------------------------------------------------------------


def _day(result: Result, lang: str) -> str:
    day = result.known_day
    if day is None:
        return str(_words(lang)["unknown_date"])
    return day.strftime(str(_words(lang)["day_format"]))


def _consent(result: Result, lang: str) -> str:
    words = _words(lang)
    key = {True: "consent_yes", False: "consent_no", None: "consent_unknown"}[result.consent]
    return str(words[key])


def _session_line(result: Result, lang: str) -> str:
    words = _words(lang)
    language = words["languages"].get(result.language, result.language)
    return f"{words['answered_in'].format(language=language)} · {_consent(result, lang)}"


def _answer_text(result: Result, question_id: str, lang: str) -> str:
    """ "Smartphone : Téléphone simple": a question's short name and the answer."""
    questionnaire = result.questionnaire
    name = question_name(questionnaire, question_id, lang)
    given = answer_words(questionnaire, question_id, result.answers.get(question_id), lang)
    return f"{name}{_colon(lang)}{given}"


def _items(lines: list[Line]) -> list[str]:
    """Lines as list items that never break inside when the list wraps."""
    return [f"{line.pictogram} {line.text}".replace(" ", "\u00a0") for line in lines]


def _labelled(label: str, items: list[str], lang: str) -> list[str]:
    """ "Has: a · b · c" wrapped under its label."""
    head = f"{label}{_colon(lang)}"
    text = " · ".join(items) or str(_words(lang)["no_answer"])
    lines = wrap(head + text, WIDTH, "")
    first, rest = lines[0], lines[1:]
    again = wrap(" ".join(line.strip() for line in rest), WIDTH, "    ") if rest else []
    return [first, *again]


def _at_most(lines: list[str], count: int) -> list[str]:
    """The first ``count`` lines, the last ending in "…" when some were left out."""
    if len(lines) <= count:
        return lines
    return [*lines[: count - 1], clip(lines[count - 1], WIDTH - 2) + " …"]


def _level_rows(
    lines: list[LevelLine], lang: str, *, detail: bool, width: int = WIDTH
) -> list[str]:
    if not lines:
        return []
    words = _words(lang)
    widest = max(cell_width(line.area) for line in lines)
    rows = []
    for line in lines:
        count = _answers(line.answered, lang)
        if line.unknown:
            count += ", " + words["unknown_count"].format(n=line.unknown)
        pad = " " * (widest - cell_width(line.area))
        # The details say the count on a line of its own.
        label = line.level_detail if detail else f"{line.level_label} ({count})"
        rows.append(clip(f"  {line.pictogram} {line.area}{pad}  {line.dots} {label}", width))
    return rows


def _step_rows(
    result: Result,
    offers: tuple[Offer, ...],
    lang: str,
    *,
    full: bool,
    width: int = WIDTH,
    marked: bool = False,
) -> list[str]:
    """``marked``: say of each next step whether the person's result shows it (only
    the first `max_next_steps` are)."""
    questionnaire = result.questionnaire
    by_id = {s.id: s for s in (*questionnaire.scoring.next_steps, *questionnaire.scoring.channels)}
    words = _words(lang)
    shown = set(result.scores.next_steps)
    most = questionnaire.scoring.max_next_steps
    rows = []
    for number, offer in enumerate(offers, start=1):
        outcome = by_id[offer.id]
        head = f"{number}. {outcome.pictogram} {outcome.label.in_language(lang)}"
        if marked:
            mark = words["on_result"] if offer.id in shown else words["not_on_result"]
            head += f" · {unbreakable(mark.format(n=most))}"
        rows += wrap(head, width, "  ") if full else [clip("  " + head, width)]
        why = reasons_text(questionnaire, result.scores, offer, lang)
        because = f"{words['because']}{_colon(lang)}{why}"
        rows += wrap(because, width, "       ") if full else [clip("       " + because, width)]
    return rows


def other_answer_questions(questionnaire: Questionnaire) -> list[Question]:
    """The questions of the "answers" part: neither equipment nor counted in a level
    (difficulties, wishes, mandate, means chosen)."""
    equipment = set(questionnaire.equipment_sections)
    areas = {a.id for a in questionnaire.scoring.areas}
    return [
        q
        for q in questionnaire.questions
        if q.section not in equipment and not (q.kind is QuestionKind.SCALE and q.area in areas)
    ]


def answer_lines(result: Result, lang: str) -> list[Line]:
    """Every other answer given, one line each: "🚧 Difficultés : Lire et écrire"."""
    return [
        Line(question.pictogram, _answer_text(result, question.id, lang))
        for question in other_answer_questions(result.questionnaire)
        if question.id in result.answers
    ]


def summary_parts(questionnaire: Questionnaire) -> list[str]:
    """The parts of the result in the file's order; the other answers, when no page
    shows them, after the channels (or the equipment)."""
    parts: list[str] = [part for page in questionnaire.result_pages for part in page]
    if "answers" not in parts:
        after = next((p for p in ("channels", "equipment") if p in parts), None)
        parts.insert(parts.index(after) + 1 if after else len(parts), "answers")
    return parts


def summary(result: Result, lang: str = "fr") -> list[str]:
    """What an adviser needs first, on one screen: at most 24 lines of 80 columns, the
    parts in the order the questionnaire file gives them."""
    words = _words(lang)
    # A result the person did not want kept has no short code worth writing down.
    kept = result.consent is not False
    code = f"{words['code']} {format_result_code(result.code)}" if kept else words["not_kept"]
    title = f"{words['title']} — {code}"
    header = [
        clip(title, WIDTH),
        clip(f"{_day(result, lang)} · {_session_line(result, lang)}", WIDTH),
    ]
    blocks: list[list[str]] = [header]
    listed = False  # equipment, channels and answers share one block of short lines
    for part in summary_parts(result.questionnaire):
        lines = _summary_part(result, part, lang)
        if not lines:
            continue
        is_list = part in ("equipment", "channels", "answers")
        if is_list and listed:
            blocks[-1] += lines
        else:
            blocks.append(lines)
        listed = is_list
    lines = [line for block in blocks for line in (*block, "")][:-1]
    while len(lines) > SUMMARY_LINES and "" in lines:  # long lists: less spacing first
        lines.remove("")
    return lines[:SUMMARY_LINES]


def _summary_part(result: Result, part: str, lang: str) -> list[str]:
    words = _words(lang)
    scoring = result.questionnaire.scoring
    if part == "equipment":
        if not result.questionnaire.equipment_questions:
            return []
        equipment = _items(equipment_lines(result, lang, unsure=True))
        return _at_most(_labelled(f"📦 {words['has']}", equipment, lang), 3)
    if part == "channels":
        if not scoring.channels:
            return []
        return _at_most(
            _labelled(f"📞 {words['reach']}", _items(channel_lines(result, lang)), lang), 2
        )
    if part == "answers":
        return [clip(f"{line.pictogram} {line.text}", WIDTH) for line in answer_lines(result, lang)]
    if part == "levels":
        if not scoring.areas:
            return []
        return [
            f"🧭 {words['levels']}",
            *_level_rows(level_lines(result, lang), lang, detail=False),
        ]
    if not scoring.next_steps:
        return []
    offers = result.scores.step_offers
    first = offers[:SUMMARY_STEPS]
    more = words["of"].format(shown=len(first), total=len(offers))
    return [f"➡ {words['next']} ({more})", *_step_rows(result, first, lang, full=False)]


def adviser_report(result: Result, lang: str = "fr") -> str:
    """The summary, then every detail, as plain text."""
    words = _words(lang)
    colon = _colon(lang)
    questionnaire = result.questionnaire
    scoring = questionnaire.scoring
    out = [*summary(result, lang), "", "─" * WIDTH]
    if questionnaire.equipment_questions:
        out.append(f"## {words['equipment']}")
        for question in questionnaire.equipment_questions:
            text = f"{question.pictogram} {_answer_text(result, question.id, lang)}"
            out += wrap(text, WIDTH, "  ")
        out.append("")
    if scoring.areas:
        out += [f"## {words['levels_detail']}", *_level_details(result, lang), ""]
    if scoring.channels:
        out.append(f"## {words['contact']}")
        out += [*_step_rows(result, result.scores.channel_offers, lang, full=True), ""]
    if scoring.next_steps:
        out.append(f"## {words['next_detail']}")
        out += [*_step_rows(result, result.scores.step_offers, lang, full=True), ""]
    out.append(f"## {words['answers']}")
    for question in questionnaire.questions:
        codes = (
            f"   [DigComp {question.digcomp} · Pix {question.pix}]"
            if question.kind is QuestionKind.SCALE and question.digcomp and question.pix
            else ""
        )
        out += wrap(f"{question.pictogram} {question.text.in_language(lang)}", WIDTH, "  ")
        given = answer_words(questionnaire, question.id, result.answers.get(question.id), lang)
        out += wrap(f"→ {given}{codes}", WIDTH, "      ")
    out.append(f"{words['questionnaire']}{colon}{questionnaire.id} v{questionnaire.version}")
    return "\n".join(out)


def _level_details(result: Result, lang: str) -> list[str]:
    words = _words(lang)
    out: list[str] = []
    levels = level_lines(result, lang)
    for row, line in zip(_level_rows(levels, lang, detail=True), levels, strict=True):
        digcomp, pix = result.questionnaire.area_codes(line.area_id)
        asked = _counted("questions_asked", line.asked, lang)
        facts = [words["rests_on"].format(answers=_answers(line.answered, lang), asked=asked)]
        if line.unknown:
            facts.append(words["unknown_count"].format(n=line.unknown))
        if line.mean is not None:
            facts.append(words["mean"].format(mean=f"{line.mean:.2f}"))
        if digcomp or pix:
            facts.append(f"DigComp {', '.join(digcomp) or '–'} · Pix {', '.join(pix) or '–'}")
        out.append(row)
        out += wrap(" · ".join(facts), WIDTH, "       ")
    return out


def scoring_lines(result: Result, lang: str = "fr", width: int = WIDTH) -> list[str]:
    """What the rules made of the answers: levels, channels and every next step, each
    with its reasons, in ``width`` columns. For facilitators checking their rules."""
    words = _words(lang)
    scores = result.scores
    scoring = result.questionnaire.scoring
    lines: list[str] = []
    if scoring.areas:
        levels = level_lines(result, lang)
        lines += [f"🧭 {words['levels']}", *_level_rows(levels, lang, detail=False, width=width)]
    for title, offers, present, marked in (
        (f"📞 {words['contact']}", scores.channel_offers, scoring.channels, False),
        (f"➡ {words['next_detail']}", scores.step_offers, scoring.next_steps, True),
    ):
        if present:
            rows = _step_rows(result, offers, lang, full=True, width=width, marked=marked)
            lines += [title, *rows]
    return lines


def scoring_json(result: Result, lang: str = "fr") -> dict[str, Any]:
    """Levels, channels and next steps with their reasons, for machines."""
    questionnaire = result.questionnaire
    scores = result.scores
    areas = {}
    for area_id, tally in scores.areas.items():
        digcomp, pix = questionnaire.area_codes(area_id)
        areas[area_id] = {
            "level": tally.level,
            "answered": tally.answered,
            "unknown": tally.unknown,
            "asked": tally.asked,
            "mean": tally.mean,
            "digcomp": list(digcomp),
            "pix": list(pix),
        }
    return {
        "levels": scores.levels,
        "areas": areas,
        "channels": offers_json(questionnaire, scores, scores.channel_offers, lang),
        "next_steps": offers_json(questionnaire, scores, scores.step_offers, lang),
        "shown_to_person": list(scores.next_steps),
    }


def report_json(result: Result, lang: str = "fr") -> dict[str, Any]:
    """The same report for machines: stable ids, and every reason with its words."""
    return {
        "code": result.code,
        "date": None if result.known_day is None else result.known_day.isoformat(),
        "questionnaire": result.questionnaire.id,
        "questionnaire_version": result.questionnaire.version,
        "language": result.language,
        "consent": result.consent,
        "answers": {qid: answer_to_json(a) for qid, a in result.answers.items()},
        **scoring_json(result, lang),
    }
