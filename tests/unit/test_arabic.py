"""Arabic, the kiosk's third language: every word of the person's screens, reports and
questionnaire, the old version kept for old codes, one meaning per pictogram, and a real
ticket printed in Arabic."""

from __future__ import annotations

import random
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from questionnaires.flow import random_answers
from questionnaires.library import QuestionnaireLibrary
from questionnaires.loading import BUILTIN_DIR, DEFAULT_FILE, check_file, load_questionnaire
from questionnaires.model import Questionnaire
from questionnaires.payload import decode_payload, encode_payload
from questionnaires.report import adviser_report, next_step_lines
from questionnaires.result import Result
from terminal.i18n import UI_LANGUAGES, kiosk, reports, translate
from terminal.services.ticket import ticket_pdf
from tests.functional.test_ticket import a_result as ticket_result

DEFAULT_TEXT = DEFAULT_FILE.read_text(encoding="utf-8")


def arabic(text: str) -> bool:
    return any(unicodedata.name(c, "").startswith("ARABIC") for c in text)


def test_arabic_is_a_language_of_the_person() -> None:
    assert UI_LANGUAGES == ("fr", "en", "ar")
    assert translate("ar", "nav.back") == "رجوع"


@pytest.mark.parametrize("catalogue", [kiosk.MESSAGES, reports.MESSAGES], ids=["kiosk", "reports"])
def test_every_word_of_the_person_is_written_in_arabic(
    catalogue: dict[str, dict[str, str]],
) -> None:
    assert set(catalogue["ar"]) == set(catalogue["fr"])
    with_letters = [k for k, v in catalogue["fr"].items() if any(c.isalpha() for c in v)]
    untranslated = [k for k in with_letters if not arabic(catalogue["ar"][k])]
    assert untranslated == []


def test_the_staff_s_words_asked_in_arabic_come_in_french() -> None:
    assert translate("ar", "adviser.opened", code="K7M") == translate(
        "fr", "adviser.opened", code="K7M"
    )
    # French spacing for the French words, none for the Arabic ones.
    assert "\u00a0" not in translate("ar", "consent.question")


def texts(node: Any) -> list[dict[str, str]]:
    """Every text of a parsed questionnaire: the mappings with a French line."""
    if isinstance(node, dict):
        found = [node] if isinstance(node.get("fr"), str) else []
        return found + [t for value in node.values() for t in texts(value)]
    if isinstance(node, list):
        return [t for item in node for t in texts(item)]
    return []


def test_the_default_questionnaire_has_arabic_everywhere(questionnaire: Questionnaire) -> None:
    assert questionnaire.version == 3 and questionnaire.languages == ("fr", "en", "ar")
    every = texts(YAML(typ="safe").load(DEFAULT_TEXT))
    assert len(every) > 150
    missing = [t["fr"] for t in every if not arabic(t.get("ar", ""))]
    assert missing == []
    assert check_file(DEFAULT_FILE).problems == ()  # no error, no warning


def test_french_spacing_is_never_applied_to_arabic(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("smartphone")
    assert question.text.in_language("ar") == "هل لديك هاتف ذكي؟"
    assert "\u00a0" in question.text.in_language("fr")


def test_a_missing_arabic_text_is_named_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(DEFAULT_TEXT.replace(', ar: "حاسوب"}', "}", 1), encoding="utf-8")
    checked = check_file(path)
    [problem] = checked.errors
    assert "no text in Arabic (ar:)" in problem.text("en")
    assert "pas de texte en arabe (ar:)" in problem.text("fr")
    assert DEFAULT_TEXT.splitlines()[problem.line - 1].strip().startswith("label:")  # type: ignore[operator]


def test_codes_of_version_2_still_decode_with_version_2() -> None:
    old = load_questionnaire(BUILTIN_DIR / "default-v2.yaml")
    assert old.version == 2 and old.languages == ("fr", "en")
    answers = random_answers(old, random.Random(3))
    code = encode_payload(Result(old, "K7M4QX", date(2026, 11, 2), answers))
    decoded = decode_payload(code, QuestionnaireLibrary.load().find)
    assert decoded.questionnaire.version == 2 and decoded.answers == answers


def test_the_adviser_s_report_in_arabic(questionnaire: Questionnaire) -> None:
    report = adviser_report(a_result(questionnaire), "ar")
    assert "الحصيلة الرقمية" in report and "K7M-4QX" in report
    assert "إيجاد هاتف أو حاسوب بثمن منخفض" in report  # a next step, in the person's words


# -- one pictogram, one meaning ----------------------------------------------------------


def pictogram_warnings(path: Path) -> list[str]:
    return [p.text("en") for p in check_file(path).problems if "One pictogram" in p.text("en")]


def test_the_reviewed_pictograms_are_caught_in_version_2() -> None:
    told = pictogram_warnings(BUILTIN_DIR / "default-v2.yaml")
    assert any("🚫" in t and "'Rien de tout ça'" in t for t in told)  # "not yet" and "none"
    assert any("🤝" in t and "aidant_does_it" in t for t in told)
    assert any("📞" in t and "'Un appel'" in t for t in told)


def test_the_same_thing_may_keep_its_pictogram(tmp_path: Path) -> None:
    # "E-mail" as a wish and as a way of contact: one id, one thing, one pictogram.
    assert DEFAULT_TEXT.count('      - id: email\n        media: {emoji: "📧"}') == 2
    assert pictogram_warnings(DEFAULT_FILE) == []
    # A step that borrows the scale's "with help" is told, at its line.
    path = tmp_path / "ours.yaml"
    path.write_text(
        DEFAULT_TEXT.replace(
            '    - id: aidant_does_it\n      media: {emoji: "💁"}',
            '    - id: aidant_does_it\n      media: {emoji: "🤝"}',
        ),
        encoding="utf-8",
    )
    told = [p for p in check_file(path).problems if "One pictogram" in p.text("en")]
    assert told and all(p.warning for p in told)
    lines = {DEFAULT_TEXT.splitlines()[p.line - 1].strip() for p in told}  # type: ignore[operator]
    assert 'media: {emoji: "🤝"}' in lines and 'media: {emoji: "💁"}' in lines
    assert any("le pictogramme 🤝 veut aussi dire autre chose" in p.text("fr") for p in told)


# -- the ticket in Arabic ----------------------------------------------------------------


def a_result(questionnaire: Questionnaire) -> Result:
    return ticket_result(questionnaire, language="ar")


def rendered(data: bytes) -> tuple[str, Any]:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        return page.get_textpage().get_text_range(), page.render(
            scale=100 / 72, grayscale=True
        ).to_pil()
    finally:
        document.close()


def ink(image: Any, box: tuple[int, int, int, int]) -> int:
    return int(sum(image.crop(box).histogram()[:128]))  # dark pixels of a grey page


def test_the_ticket_in_arabic_is_real_arabic_text(questionnaire: Questionnaire) -> None:
    result = a_result(questionnaire)
    payload = encode_payload(result)
    data = ticket_pdf(result, payload, "ar", saved=True)
    text, image = rendered(data)
    # The words come out as Arabic letters (words without lam-alef: PDFium reads that
    # ligature back in the order of its glyph), the French for the desk beside them.
    for words in ("حصيلتي الرقمية", "رمزك", "خطواتك التالية", "مستشارك."):
        assert words in text, words
    assert "Montrez ce papier à votre conseiller." in " ".join(text.split())
    assert "K7M-4QX" in text and "23/11/2026" in text
    assert len(next_step_lines(result, "ar")) == 3
    # Drawn with Noto Sans Arabic, embedded: real glyphs, not empty boxes.
    assert b"NotoSansArabic" in data
    # The title is as dark as the French one, and set against the right margin.
    french, french_image = rendered(ticket_pdf(result, payload, "fr", saved=True))
    assert "Mon bilan numérique" in french
    width = image.width
    title = (0, 0, width, 110)
    assert ink(image, title) > 0.4 * ink(french_image, title)
    assert ink(image, (width // 2, 0, width, 110)) > 5 * ink(image, (0, 0, width // 2, 110))
    assert ink(french_image, (0, 0, width // 2, 110)) > ink(
        french_image, (width // 2, 0, width, 110)
    )
