"""officers: part of the Qt layer."""
