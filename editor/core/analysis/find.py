"""Core layer (no Qt): find nodes in a network by id, tool or step, forgiving typos of order.

:func:`find_nodes` scores every node on its id, its tool (``fastr/math/AddInt``) and its step:
an exact id first, then ids that start with the text, then ids that contain it, then tools and
steps the same way, then fuzzy matches (the text's characters in order, closer together first).
Case is ignored; spaces split the text into words that must all match. Deterministic: ties keep
the network's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.core.graph.network import Network

__all__ = ["Match", "find_nodes"]


@dataclass(frozen=True, slots=True)
class Match:
    node_id: str
    field: str        # 'id', 'tool' or 'step': what matched best
    text: str         # that field's text
    score: tuple[int, int]


_FIELD_RANK = {"id": 0, "tool": 1, "step": 2}


def _word_score(word: str, text: str) -> int | None:
    """0 exact, 1 prefix, 2 after a separator, 3 inside, 4+ fuzzy (spread); None: no match."""
    if text == word:
        return 0
    if text.startswith(word):
        return 1
    at = text.find(word)
    if at > 0:
        return 2 if text[at - 1] in "_-./: " else 3
    position, spread, last = 0, 0, -1
    for ch in word:
        found = text.find(ch, position)
        if found < 0:
            return None
        if last >= 0:
            spread += found - last - 1
        last, position = found, found + 1
    return 4 + min(spread, 1000)


def _score(words: list[str], text: str) -> int | None:
    total = 0
    for word in words:
        score = _word_score(word, text)
        if score is None:
            return None
        total = max(total, score)
    return total


def find_nodes(network: Network, text: str, limit: int = 50) -> list[Match]:
    """The nodes of ``network`` that match ``text``, best first (at most ``limit``)."""
    words = text.lower().split()
    if not words:
        return []
    found: list[tuple[tuple[int, int, int], Match]] = []
    steps = network.steps_by_node()
    for order, (node_id, node) in enumerate(network.nodes.items()):
        fields = {"id": node_id}
        if node.tool is not None:
            fields["tool"] = node.tool[0]
        step = steps.get(node_id)
        if step:
            fields["step"] = step
        best: tuple[int, int] | None = None
        best_field = "id"
        for field, value in fields.items():
            score = _score(words, value.lower())
            if score is None:
                continue
            key = (score, _FIELD_RANK[field])
            if best is None or key < best:
                best, best_field = key, field
        if best is not None:
            found.append(((best[0], best[1], order), Match(node_id, best_field, fields[best_field], best)))
    found.sort(key=lambda item: item[0])
    return [match for _key, match in found[:limit]]
