"""Use cases shared by the kiosk, the console and the command line; no Textual here."""
