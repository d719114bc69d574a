"""One module per console screen or modal."""
