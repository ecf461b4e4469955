"""Command-line interface (Typer). Modules import heavy code lazily."""
