"""Reusable kiosk widgets."""
