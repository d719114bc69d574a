"""Textual pieces shared by the faces (kiosk, adviser console, editor)."""
