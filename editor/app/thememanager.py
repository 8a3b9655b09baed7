"""App layer: light and dark look.

Fusion style everywhere (it honours palettes on every platform).  'system' follows the desktop's
colour scheme (``QStyleHints.colorScheme``, Qt 6.5+) and switches live when the desktop does;
'light' and 'dark' force one.  Dark uses a hand-made QPalette; a small style sheet from
``resources/styles`` adds the finishing touches.  Widgets that draw themselves (the canvas) read
``QApplication.palette()`` and get a ``PaletteChange`` event when the theme changes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from editor.resources import style_sheet

_G = QPalette.ColorGroup
_R = QPalette.ColorRole


def system_is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Dark:
        return True
    return False


def dark_palette() -> QPalette:
    p = QPalette()
    colors = {
        _R.Window: "#2b2d31", _R.WindowText: "#e3e5e8", _R.Base: "#1f2023",
        _R.AlternateBase: "#26282c", _R.ToolTipBase: "#33363b", _R.ToolTipText: "#e3e5e8",
        _R.PlaceholderText: "#8a8f98", _R.Text: "#e3e5e8", _R.Button: "#33363b",
        _R.ButtonText: "#e3e5e8", _R.BrightText: "#ff6b6b", _R.Light: "#45484e",
        _R.Midlight: "#3a3d42", _R.Mid: "#2a2c30", _R.Dark: "#1a1b1e", _R.Shadow: "#0d0d0f",
        _R.Highlight: "#3d7bd9", _R.HighlightedText: "#ffffff", _R.Link: "#6ea8fe",
        _R.LinkVisited: "#b48efa",
    }
    for role, value in colors.items():
        p.setColor(role, QColor(value))
    for role, value in {_R.WindowText: "#6c7079", _R.Text: "#6c7079", _R.ButtonText: "#6c7079",
                        _R.Highlight: "#3a3d42", _R.HighlightedText: "#8a8f98"}.items():
        p.setColor(_G.Disabled, role, QColor(value))
    return p


def light_palette() -> QPalette:
    p = QPalette()
    colors = {
        _R.Window: "#f3f4f6", _R.WindowText: "#1d1f23", _R.Base: "#ffffff",
        _R.AlternateBase: "#f6f7f9", _R.ToolTipBase: "#ffffe8", _R.ToolTipText: "#1d1f23",
        _R.PlaceholderText: "#8a8f98", _R.Text: "#1d1f23", _R.Button: "#eceef1",
        _R.ButtonText: "#1d1f23", _R.BrightText: "#c62828", _R.Light: "#ffffff",
        _R.Midlight: "#e6e8eb", _R.Mid: "#c4c8ce", _R.Dark: "#9aa0a8", _R.Shadow: "#5f636a",
        _R.Highlight: "#2f6fd6", _R.HighlightedText: "#ffffff", _R.Link: "#1f5fbf",
        _R.LinkVisited: "#6f42c1",
    }
    for role, value in colors.items():
        p.setColor(role, QColor(value))
    for role, value in {_R.WindowText: "#9aa0a8", _R.Text: "#9aa0a8", _R.ButtonText: "#9aa0a8"}.items():
        p.setColor(_G.Disabled, role, QColor(value))
    return p


class ThemeManager(QObject):
    """Applies a theme to the application and keeps 'system' in step with the desktop."""

    theme_changed = Signal(bool)      # dark?

    def __init__(self, app: QApplication, mode: str | None = "system") -> None:
        """``mode`` None: leave the application's look alone until :meth:`apply` is called."""
        super().__init__(app)
        self._app = app
        self.mode = mode or "system"
        self.dark = False
        self.applied = False
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._desktop_changed)
        if mode is not None:
            self.apply(mode)

    def apply(self, mode: str) -> None:
        if not self.applied:
            fusion = QStyleFactory.create("Fusion")
            if fusion is not None:
                self._app.setStyle(fusion)
            self.applied = True
        self.mode = mode if mode in ("system", "light", "dark") else "system"
        dark = system_is_dark() if self.mode == "system" else self.mode == "dark"
        self.dark = dark
        self._app.setPalette(dark_palette() if dark else light_palette())
        self._app.setStyleSheet(style_sheet("dark" if dark else "light"))
        self.theme_changed.emit(dark)

    def _desktop_changed(self, *_args: object) -> None:
        if self.applied and self.mode == "system":
            self.apply("system")


_MANAGER: list[ThemeManager] = []


def theme_manager(app: QApplication | None = None, mode: str | None = None) -> ThemeManager:
    """The application's ThemeManager (made on first use); ``mode`` applies that theme, None
    leaves the look as it is (a window made outside ``launch``, as in tests)."""
    instance = app or QApplication.instance()
    if _MANAGER and _MANAGER[0].parent() is instance:
        manager = _MANAGER[0]
        if mode is not None and (mode != manager.mode or not manager.applied):
            manager.apply(mode)
        return manager
    assert isinstance(instance, QApplication)
    manager = ThemeManager(instance, mode)
    _MANAGER[:] = [manager]
    return manager
