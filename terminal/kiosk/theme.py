"""The kiosk's theme: every text at least 7:1 against its background, every outline
at least 3:1 against what surrounds it (WCAG AAA text, WCAG 1.4.11 shapes).

The main button is a bright yellow with black words, the brightest thing on a dark
screen; a test computes each ratio from the colours the screens really draw
(tests/terminal/test_contrast.py). Colour is never the only signal: a chosen tile
also has a mark and a heavy border.
"""

from __future__ import annotations

from textual.theme import Theme

KIOSK_THEME = Theme(
    name="diagnum-kiosk",
    primary="#ffd24d",  # the main button, tile outlines
    secondary="#7ec8ff",
    accent="#7ec8ff",  # headings
    warning="#ffb347",
    error="#ff8080",
    success="#4fd17a",
    foreground="#f2f2f2",
    background="#0a0a0a",
    surface="#1a1a1a",  # tiles
    panel="#262626",  # buttons
    dark=True,
    text_alpha=1.0,  # no see-through text: it would lower every ratio
    variables={
        "text": "#f2f2f2",  # Textual's default is "auto 87%": see-through
        "text-muted": "#c8c8c8",
        "kiosk-outline": "#9a9a9a",  # the edge of a button that is not the main one
        "kiosk-selected": "#0d3d1e",  # a chosen tile or button
        "kiosk-title": "#10324f",  # screen titles and the header bar
        "kiosk-on-primary": "#000000",
        "border": "#9a9a9a",
        "footer-background": "#262626",
    },
)
