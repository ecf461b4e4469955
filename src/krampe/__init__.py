"""Krampe: find out, safely and honestly, what helps your night leg cramps."""

__version__ = "0.1.0"
