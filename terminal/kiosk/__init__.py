"""The public face: the self-diagnosis kiosk (a thin router app, its screens and widgets)."""
