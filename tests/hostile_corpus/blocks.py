"""Building blocks for cases: the golden add_ints network, mutated copies of it, and payload makers."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from tests.hostile_corpus.cases import GOLDEN, PWNED, SOURCE_TOOL, URL


def golden() -> dict[str, Any]:
    """fastr's add_ints network: source, add (AddInt), const__add__right_hand, sink; 3 links."""
    return json.loads((GOLDEN / "add_ints.state.json").read_text())


def as_json(state: Any) -> str:
    """The state as indented JSON text."""
    return json.dumps(state, indent=1) + "\n"


def as_yaml(state: Any) -> str:
    """The state as block-style YAML text, keys in their order."""
    import yaml
    return yaml.safe_dump(state, sort_keys=False, default_flow_style=False)


def mutated(change: Callable[[dict[str, Any]], Any]) -> str:
    """The golden network changed in place by ``change``, as JSON text."""
    state = golden()
    change(state)
    return as_json(state)


def node(state: dict[str, Any], node_id: str) -> dict[str, Any]:
    """The node ``node_id`` of ``state``."""
    return next(n for n in state["nodelist"] if n["id"] == node_id)


def link(source: str, target: str, link_id: str) -> dict[str, Any]:
    """An add_ints link from ``source`` to ``target`` (both relative to :data:`URL`)."""
    return {"id": link_id, "source": URL + source, "target": URL + target, "collapse": [], "expand": False}


def add_node(node_id: str) -> dict[str, Any]:
    """A copy of the golden AddInt node, named ``node_id``."""
    state = golden()
    clone = copy.deepcopy(node(state, "add"))
    clone["id"] = node_id
    return clone


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets the value at ``path`` (keys and indexes) to ``value``."""
    def change(state: dict[str, Any]) -> None:
        target: Any = state
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    """A change that deletes the value at ``path`` (keys and indexes)."""
    def change(state: dict[str, Any]) -> None:
        target: Any = state
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


LEAF_NETWORK = {"id": "leaf", "nodelist": [{"id": "value", "class": "SourceNode", "tool": SOURCE_TOOL,
                                            "outputs": [{"id": "output", "datatype": "Int"}]}],
                "linklist": []}


def nested_macros(depth: int) -> str:
    """A network whose macro holds a macro ... ``depth`` deep (JSON text, also valid YAML).
    Written as text: json.dumps and yaml.dump recurse and give up long before 200 levels."""
    head = "".join(f'{{"id": "level{d}", "linklist": [], "nodelist": [{{"id": "macro{d}", '
                   f'"class": "MacroNode", "network": ' for d in range(depth))
    return head + json.dumps(LEAF_NETWORK) + "}]}" * depth + "\n"


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    """A YAML network whose description is an alias bomb: ``levels`` levels of ``width`` aliases each."""
    lines = ["id: lol", "nodelist: []", "linklist: []", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"description: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def python_payload(module: str, function: str) -> str:
    """A YAML python tag that would run ``module.function`` to create :data:`PWNED`."""
    return f'!!python/object/apply:{module}.{function} ["touch {PWNED}"]'


#: The golden network as JSON and as YAML text.
GOLDEN_JSON = as_json(golden())
GOLDEN_YAML = as_yaml(golden())
