"""Canvas layer: colours of the node canvas for a light and a dark palette.

Node fills follow fastr's ``network.draw()`` so a fastr user recognises them: sources
darkolivegreen1, tool nodes gray90, sinks lightskyblue1, constants plum1, macros goldenrod1; flow
nodes (which fastr draws like tool nodes) get a colour of their own. Links use draw's meaning:
collapse blue, expand red, both purple, otherwise neutral.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True)
class Theme:
    """Colours as '#rrggbb' strings (QColor is built on use, so a Theme is a plain value)."""

    name: str
    background: str
    grid_minor: str
    grid_major: str
    node_fill: dict[str, str] = field(default_factory=dict)   # kind -> fill
    node_border: str = "#5f5f5f"
    node_selected: str = "#1e73e8"
    header_line: str = "#00000030"
    text: str = "#1a1a1a"
    text_muted: str = "#555555"
    text_error: str = "#b3261e"
    port_fill: str = "#ffffff"
    port_border: str = "#3c3c3c"
    port_required: str = "#d93025"
    port_ok: str = "#1e8e3e"
    port_bad: str = "#9e9e9e"
    dims_text: str = "#1a4fa0"
    link_neutral: str = "#303030"
    link_collapse: str = "#1f4fe0"
    link_expand: str = "#d62020"
    link_both: str = "#8b2bb9"
    link_label_bg: str = "#ffffffd0"
    link_selected_halo: str = "#1e73e866"
    cluster_fill: str = "#9999991a"
    cluster_border: str = "#999999"
    cluster_text: str = "#555555"
    badge_error: str = "#d32f2f"
    badge_warning: str = "#f9a825"
    badge_text: str = "#ffffff"
    rubber_band: str = "#1e73e8"

    def color(self, name: str) -> QColor:
        """A new QColor (callers may change it); parsed once per colour text."""
        return QColor(_qcolor(getattr(self, name)))

    def fill(self, kind: str) -> QColor:
        return QColor(_qcolor(self.node_fill.get(kind, self.node_fill["node"])))

    @property
    def is_dark(self) -> bool:
        return QColor(self.background).lightnessF() < 0.5


_CACHE: dict[str, QColor] = {}


def _qcolor(text: str) -> QColor:
    """'#rrggbb' or '#rrggbbaa' (CSS order, unlike Qt's '#aarrggbb'); built once per text and
    shared, so it is never handed out without a copy."""
    color = _CACHE.get(text)
    if color is None:
        color = _CACHE[text] = _parse(text)
    return color


def _parse(text: str) -> QColor:
    if len(text) == 9:
        color = QColor(text[:7])
        color.setAlpha(int(text[7:], 16))
        return color
    return QColor(text)


# X11 colours of fastr's draw: darkolivegreen1 #caff70, gray90 #e5e5e5, lightskyblue1 #b0e2ff,
# plum1 #ffbbff, goldenrod1 #ffc125 (lightgoldenrod1 #ffec8b for macro connectors).
LIGHT = Theme(
    name="light",
    background="#fbfbfb",
    grid_minor="#f1f1f1",
    grid_major="#e3e3e3",
    node_fill={
        "source": "#caff70", "node": "#e5e5e5", "sink": "#b0e2ff", "constant": "#ffbbff",
        "macro": "#ffc125", "flow": "#ffc1c1",   # flow: rosybrown1, distinct from tool nodes
    },
)

DARK = Theme(
    name="dark",
    background="#1e1f22",
    grid_minor="#26272b",
    grid_major="#303136",
    node_fill={
        # The same hues, darker, so that light text stays readable on them.
        "source": "#4b6127", "node": "#3b3d42", "sink": "#2c5573", "constant": "#6a3d6a",
        "macro": "#7a5a10", "flow": "#6e3f3f",
    },
    node_border="#8a8a8a",
    node_selected="#5aa0ff",
    header_line="#ffffff30",
    text="#ececec",
    text_muted="#b4b4b4",
    text_error="#ff8a80",
    port_fill="#2b2d31",
    port_border="#d0d0d0",
    port_required="#ff6e5e",
    port_ok="#5bd17a",
    port_bad="#6a6a6a",
    dims_text="#8fb8ff",
    link_neutral="#c8c8c8",
    link_collapse="#5b8cff",
    link_expand="#ff5b5b",
    link_both="#c77dff",
    link_label_bg="#1e1f22d0",
    link_selected_halo="#5aa0ff66",
    cluster_fill="#ffffff0d",
    cluster_border="#7a7a7a",
    cluster_text="#b4b4b4",
    badge_text="#ffffff",
    rubber_band="#5aa0ff",
)


def theme_for_palette(palette: QPalette) -> Theme:
    """The dark theme when the palette's window colour is dark, else the light one."""
    return DARK if palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5 else LIGHT
