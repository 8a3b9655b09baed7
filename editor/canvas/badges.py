"""Canvas layer: problems (from the core's validation) drawn as badges on nodes and links.

A problem belongs to the network its ``network_path`` (macro node ids from the top) names. The
scene shows the current network's problems on their nodes and links, and those inside a macro
on that macro's node, so that a failure deep inside is still found from the top.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.canvas.scene import NetworkScene


def severity_of(problem: Any) -> str:
    """'error' or 'warning' from a Problem's severity (a str or an enum)."""
    value = getattr(problem, "severity", "error")
    text = str(getattr(value, "value", value)).lower()
    return "error" if "err" in text or "fatal" in text else "warning"


def _message(problem: Any) -> str:
    message = str(getattr(problem, "message", problem))
    port = getattr(problem, "port", None)
    return f"{port}: {message}" if port else message


class ProblemIndex:
    """Problems grouped by node and link id for one network path."""

    def __init__(self, problems: Iterable[Any] = ()) -> None:
        self._problems = list(problems)
        self._path: tuple[str, ...] | None = None
        self.nodes: dict[str, list[tuple[str, str]]] = {}
        self.links: dict[str, list[tuple[str, str]]] = {}

    def _group(self, path: tuple[str, ...]) -> None:
        if path == self._path:
            return
        self._path = path
        self.nodes, self.links = {}, {}
        depth = len(path)
        for p in self._problems:
            where = tuple(getattr(p, "network_path", ()) or ())
            severity = severity_of(p)
            if where == path:
                link, node = getattr(p, "link", None), getattr(p, "node", None)
                if link:
                    self.links.setdefault(link, []).append((severity, _message(p)))
                elif node:
                    self.nodes.setdefault(node, []).append((severity, _message(p)))
            elif len(where) > depth and where[:depth] == path:
                inner = "/".join(where[depth + 1:] + ((getattr(p, "node", None) or getattr(p, "link", None)
                                                       or "network"),))
                self.nodes.setdefault(where[depth], []).append((severity, f"inside, {inner}: {_message(p)}"))

    @staticmethod
    def _badge(entries: list[tuple[str, str]]) -> tuple[str, str]:
        severity = "error" if any(s == "error" for s, _m in entries) else "warning"
        shown = entries[:20]
        text = "\n".join(f"{'Error' if s == 'error' else 'Warning'}: {m}" for s, m in shown)
        if len(entries) > len(shown):
            text += f"\n… and {len(entries) - len(shown)} more"
        return severity, text

    def apply(self, scene: NetworkScene) -> None:
        """Badges on every item with problems; items that had one and have none lose it."""
        self._group(tuple(scene.document.path))
        for node_id, item in scene.node_items.items():
            if node_id in self.nodes or item.badge is not None:
                self.apply_node(scene, node_id)
        for link_id, item in scene.link_items.items():
            if link_id in self.links or item.badge is not None:
                self.apply_link(scene, link_id)
        scene.map_problems_changed()

    def apply_node(self, scene: NetworkScene, node_id: str) -> None:
        self._group(tuple(scene.document.path))
        item = scene.node_items.get(node_id)
        if item is not None:
            entries = self.nodes.get(node_id)
            item.set_problem(*self._badge(entries)) if entries else item.set_problem(None)
            _map_mode(scene, item)

    def apply_link(self, scene: NetworkScene, link_id: str) -> None:
        self._group(tuple(scene.document.path))
        item = scene.link_items.get(link_id)
        if item is not None:
            entries = self.links.get(link_id)
            item.set_problem(*self._badge(entries)) if entries else item.set_problem(None)
            _map_mode(scene, item)


def _map_mode(scene: NetworkScene, item: Any) -> None:
    """Zoomed out to the map, problems show as counts per step (see maplabels): no item badge."""
    if item.badge is not None:
        item.badge.setVisible(not scene.overview_on)
