"""Demo Rekor Scout web server with generated or photo-based plate reads, for tests and demos."""

from alprdesk.demo.cli import main
from alprdesk.demo.server import DemoServer, build_demo_server

__all__ = ["DemoServer", "build_demo_server", "main"]
