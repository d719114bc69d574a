"""The words of reports for the structure and its funders, and of comparisons."""

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {},
    "en": {},
}
