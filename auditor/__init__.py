"""Audit toolkit for organizations whose AI products minors can use."""

__version__ = "0.1.0"
