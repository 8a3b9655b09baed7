"""Canvas layer: the node canvas (QGraphicsScene/View, items, interactions, export, auto layout)."""
