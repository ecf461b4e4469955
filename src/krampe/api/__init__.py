"""HTTP API (django-ninja) over the domain functions."""
