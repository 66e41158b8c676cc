"""editor: part of the Qt layer."""
