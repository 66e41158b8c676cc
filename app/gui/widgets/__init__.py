"""widgets: part of the Qt layer."""
