"""gxapply: the command line and the Qt desktop layer over forms/ and db/."""

__version__ = "0.1.0"
