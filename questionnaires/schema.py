"""The JSON Schema of a questionnaire file, for editors that check YAML as it is typed.

VS Code (with the YAML extension), and other editors that read JSON Schema, complete
field names, show each field's description and underline a mistake while a
facilitator types. The schema comes from the models (`questionnaires.model`), so it
never disagrees with what Diagnum accepts; the checks that read across the file
(ids, skip logic, media files) are Diagnum's own (`diagnum questionnaire validate`).
"""

from __future__ import annotations

import json
from typing import Any

from questionnaires.loading import BUILTIN_DIR
from questionnaires.model import Questionnaire

SCHEMA_FILE = BUILTIN_DIR / "questionnaire.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    schema = Questionnaire.model_json_schema(by_alias=True)
    return {
        "$schema": DIALECT,
        "title": "Diagnum questionnaire",
        "description": "A Diagnum self-diagnosis questionnaire (docs/questionnaire.md).",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def schema_text() -> str:
    """The schema as the file shipped beside the default questionnaire holds it."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
