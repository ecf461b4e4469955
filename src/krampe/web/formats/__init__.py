"""Krampe's date and number formats for Django (``FORMAT_MODULE_PATH``), one module
per language, taken from the domain's table (``krampe.domain.formats.FORMATS``)."""
