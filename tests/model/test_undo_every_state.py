"""Undo gives back every state on the way, not only the first: random edit sequences on WORC-like
networks (steps, fan-outs) are recorded after each edit, then undone one by one and redone one by
one, each state compared with the recorded one, key for key (the step order included)."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest

from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.graph.state import network_to_state
from editor.model.commands import (MoveNodesCommand, RemoveNodesCommand, RenameNodeCommand,
                                   SetNodePropertyCommand, SetResourceLimitCommand)
from editor.model.document import Document

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from scale_network import STEPS, build_network  # noqa: E402  (the benchmarks' WORC-like network)

sys.path.pop(0)


def test_undoing_a_step_change_keeps_the_members_order() -> None:
    document = Document(build_network(30))
    net = document.root
    first = next(iter(net.stepids))
    members = list(net.stepids[first])
    before = {k: list(v) for k, v in net.stepids.items()}
    document.push(SetNodePropertyCommand(document.root_model, [members[0]], "step_id", STEPS[3]))
    assert net.stepids[first] == members[1:]
    document.undo_stack.undo()
    assert net.stepids == before and list(net.stepids) == list(before)


def test_a_step_that_became_empty_comes_back_in_its_place() -> None:
    document = Document(build_network(30))
    net = document.root
    before = {k: list(v) for k, v in net.stepids.items()}
    step = list(net.stepids)[1]
    document.push(SetNodePropertyCommand(document.root_model, list(net.stepids[step]), "step_id", None))
    assert step not in net.stepids
    document.undo_stack.undo()
    assert list(net.stepids.items()) == list(before.items())
    document.undo_stack.redo()
    assert step not in net.stepids


def _edit(document: Document, rng: random.Random, count: int) -> str:
    model, net = document.root_model, document.root
    nodes = list(net.nodes)
    some = rng.sample(nodes, min(len(nodes), rng.randint(1, 4)))
    kind = rng.choice(["step", "step", "step_none", "step_new", "group", "resources", "move", "rename",
                       "delete"])
    if kind.startswith("step"):
        value = {"step": rng.choice(STEPS), "step_none": None, "step_new": f"new_step_{count}"}[kind]
        document.push(SetNodePropertyCommand(model, some, "step_id", value))
    elif kind == "group":
        document.push(SetNodePropertyCommand(model, some, "nodegroup", rng.choice([None, "g1", "g2"])))
    elif kind == "resources":
        limit = ResourceLimit(cores=rng.randint(1, 8), memory=f"{rng.randint(1, 64)}G", time=rng.randint(1, 9999))
        document.push(SetResourceLimitCommand(model, {n: (net.nodes[n].resources, limit) for n in some}))
    elif kind == "move":
        document.push(MoveNodesCommand(model, {n: (net.nodes[n].position,
                                                    (rng.uniform(-900, 900), rng.uniform(-900, 900)))
                                                for n in some}))
    elif kind == "rename":
        document.push(RenameNodeCommand(model, some[0], f"renamed_{count}"))
    else:
        document.push(RemoveNodesCommand(model, some[:2]))
    return kind


def _state(document: Document) -> dict[str, Any]:
    return network_to_state(document.root)


@pytest.mark.parametrize("seed", range(8))
def test_every_intermediate_state_comes_back(seed: int) -> None:
    rng = random.Random(seed)
    document = Document(build_network(rng.choice([30, 55, 80])))
    recorded = [_state(document)]
    kinds = []
    for count in range(60):
        kinds.append(_edit(document, rng, count))
        recorded.append(_state(document))
    assert document.undo_stack.count() == 60
    for index in range(60, 0, -1):
        document.undo_stack.undo()
        assert _state(document) == recorded[index - 1], f"seed {seed}: undo of edit {index} ({kinds[index - 1]})"
    for index in range(1, 61):
        document.undo_stack.redo()
        assert _state(document) == recorded[index], f"seed {seed}: redo of edit {index} ({kinds[index - 1]})"
