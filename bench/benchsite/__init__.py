"""Krampe's settings and URLs plus a hello-world view, for bench/web.py."""
