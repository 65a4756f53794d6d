"""The main window's actions and menus, so every shortcut is listed somewhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from alprdesk import __version__

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None

ABOUT_HTML = (
    f"<b>ALPR Desk {__version__}</b><p>Search and review licence-plate reads held on "
    "a Rekor Scout web server.</p>"
)


@dataclass(frozen=True)
class ActionSpec:
    menu: str
    text: str
    shortcut: Shortcut
    slot: Callable[[], object]
    tip: str = ""
    checkable: bool = False


def install_actions(window: QMainWindow, specs: list[ActionSpec]) -> dict[str, QAction]:
    """Create the actions in menus of the window's menu bar; return them by text.

    Shortcuts are window-wide, so they work whichever widget has the focus.
    """
    menus: dict[str, QMenu] = {}
    actions: dict[str, QAction] = {}
    for spec in specs:
        menu = menus.get(spec.menu)
        if menu is None:
            menu = window.menuBar().addMenu(spec.menu)
            menus[spec.menu] = menu
        action = QAction(spec.text, window)
        action.setCheckable(spec.checkable)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        action.triggered.connect(lambda _checked=False, slot=spec.slot: slot())
        menu.addAction(action)
        window.addAction(action)
        actions[spec.text.replace("&", "")] = action
    return actions


def shortcut_table(actions: dict[str, QAction]) -> str:
    """Return the shortcuts as HTML rows for the keyboard help."""
    rows = [
        f"<tr><td><b>{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}"
        f"</b></td><td>{name.rstrip('…')}</td></tr>"
        for name, action in actions.items()
        if not action.shortcut().isEmpty()
    ]
    return "<table cellspacing='6'>" + "".join(rows) + "</table>"


def show_information(parent: QWidget, title: str, html: str) -> None:
    """Open a window-modal information box without waiting for it to close."""
    box = QMessageBox(QMessageBox.Icon.Information, title, html, parent=parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.finished.connect(box.deleteLater)
    box.open()
