"""The editor's screens and modals."""
