"""The adviser's console: scan a code, read the report, decide, follow a person, report."""
