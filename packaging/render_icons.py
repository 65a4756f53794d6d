"""Render resources/alprdesk.svg to the PNG icons that the packages use.

Run from the repository root after changing the SVG:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py
Writes resources/alprdesk-256.png (Linux hicolor theme) and
resources/alprdesk-512.png (converted by PyInstaller to .ico and .icns).
"""

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SIZES = (256, 512)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(RESOURCES / "alprdesk.svg"))
    if not renderer.isValid():
        print("resources/alprdesk.svg is not a valid SVG file", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = RESOURCES / f"alprdesk-{size}.png"
        if not image.save(str(target)):
            print(f"{target} could not be written", file=sys.stderr)
            return 1
        print(f"wrote {target}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
