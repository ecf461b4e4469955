"""Curated, cited clinical data and typed loaders. Imports no Django."""
