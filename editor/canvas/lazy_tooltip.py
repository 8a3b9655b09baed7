"""Canvas layer: tooltips made when first asked for. A network of 5,000 nodes has 5,000 node and
13,000 port tooltips, of which a user reads a handful; making them all on open cost a tenth of
the time to the first picture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class LazyToolTip:
    """Mixin (before QGraphicsItem in the bases): the tooltip text is ``source(item)``, made when
    Python asks :meth:`toolTip` or the scene's help event calls :meth:`ensure_tooltip`, and made
    again after the next :meth:`set_tooltip_source` (the scene calls it when the node changes)."""

    _tooltip_source: Callable[[Any], str] | None = None
    _tooltip_ready = False

    def set_tooltip_source(self, source: Callable[[Any], str]) -> None:
        self._tooltip_source = source
        self._tooltip_ready = False

    def ensure_tooltip(self) -> None:
        if not self._tooltip_ready and self._tooltip_source is not None:
            self._tooltip_ready = True
            self.setToolTip(self._tooltip_source(self))     # type: ignore[attr-defined]

    def toolTip(self) -> str:  # noqa: N802 - for Python callers; Qt reads what ensure_tooltip set
        self.ensure_tooltip()
        return super().toolTip()                            # type: ignore[misc]
