"""The settings: where they come from (source) and their validated model (model)."""
