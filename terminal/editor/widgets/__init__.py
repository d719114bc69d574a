"""The editor's own widgets."""
