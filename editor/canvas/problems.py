"""Canvas layer: problems (from the core's validation) drawn as badges on nodes and links."""

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


class ProblemIndex:
    """Problems grouped by node and link id; the worst severity decides the badge colour."""

    def __init__(self, problems: Iterable[Any] = ()) -> None:
        self.nodes: dict[str, list[tuple[str, str]]] = {}
        self.links: dict[str, list[tuple[str, str]]] = {}
        for p in problems:
            severity = severity_of(p)
            message = str(getattr(p, "message", p))
            port = getattr(p, "port", None)
            if port:
                message = f"{port}: {message}"
            link = getattr(p, "link", None)
            node = getattr(p, "node", None)
            if link:
                self.links.setdefault(link, []).append((severity, message))
            elif node:
                self.nodes.setdefault(node, []).append((severity, message))
        self._applied_nodes: set[str] = set()
        self._applied_links: set[str] = set()

    @staticmethod
    def _badge(entries: list[tuple[str, str]]) -> tuple[str, str]:
        severity = "error" if any(s == "error" for s, _m in entries) else "warning"
        text = "\n".join(f"{'Error' if s == 'error' else 'Warning'}: {m}" for s, m in entries)
        return severity, text

    def apply(self, scene: NetworkScene) -> None:
        """Badges on every item with problems; items that had one and have none lose it."""
        for node_id, item in scene.node_items.items():
            if node_id in self.nodes or item.badge is not None:
                self.apply_node(scene, node_id)
        for link_id, item in scene.link_items.items():
            if link_id in self.links or item.badge is not None:
                self.apply_link(scene, link_id)

    def apply_node(self, scene: NetworkScene, node_id: str) -> None:
        item = scene.node_items.get(node_id)
        if item is not None:
            item.set_problem(*self._badge(self.nodes[node_id])) if node_id in self.nodes else item.set_problem(None)

    def apply_link(self, scene: NetworkScene, link_id: str) -> None:
        item = scene.link_items.get(link_id)
        if item is not None:
            item.set_problem(*self._badge(self.links[link_id])) if link_id in self.links else item.set_problem(None)
