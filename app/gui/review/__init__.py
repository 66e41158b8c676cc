"""review: part of the Qt layer."""
