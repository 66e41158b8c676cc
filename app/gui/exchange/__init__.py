"""exchange: part of the Qt layer."""
