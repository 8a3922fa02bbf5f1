"""Dalil: offline decision support for recognising possible victims of trafficking."""

__version__ = "0.1.0"
