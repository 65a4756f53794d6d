"""ALPR Desk: search and review licence-plate reads held on a Rekor Scout web server."""

__version__ = "0.1.0"
