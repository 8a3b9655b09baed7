"""Canvas layer: the node canvas (QGraphicsScene/View, items, interactions, export, auto layout)."""

from editor.canvas.geometry import node_size as _node_size
from editor.model import layoutcmds as _layoutcmds

# Layout commands (model layer) use the canvas's real node sizes once the canvas is loaded.
_layoutcmds.set_default_size_of(_node_size)


def _register_step_options() -> None:
    from editor.canvas.autolayout import step_layout_options
    _layoutcmds.set_step_options(step_layout_options)


_register_step_options()
