"""applications: part of the Qt layer."""
