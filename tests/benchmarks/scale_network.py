"""bench_scale.py's network: a WORC-like network of exactly n nodes, its files, and the same graph
described for NodeGraphQt."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

STEPS = ("preprocessing", "segmentation", "features", "classification")


def build_network(n: int, seed: int = 1):
    """A WORC-like network of exactly ``n`` nodes (n >= 10), valid for fastr 3.4.0 and for us.

    About n/25 branches: a source and a constant, a chain of AddInt nodes (left hand from the
    previous node, right hand from the constant or, one time in five, from the previous branch),
    a sink; a Max node per four branches with its sink. Positions: one row per branch, as a script
    or a person would place them (not the auto layout, so "lay out" really moves every node)."""
    import editor.api as api
    rng = random.Random(seed)
    net = api.create_network(f"worc_like_{n}")
    branches = max(1, round(n / 25))
    groups = math.ceil(branches / 4)
    tools = n - 3 * branches - 2 * groups
    if tools < branches:
        raise ValueError(f"{n} nodes is too small for this network shape")
    chains: list[list[Any]] = []
    for b in range(branches):
        length = tools // branches + (1 if b < tools % branches else 0)
        y = b * 150.0
        src = net.create_source("Int", id=f"source_b{b}", step_id=STEPS[0])
        const = net.create_constant("Int", [b + 1], id=f"const_b{b}", step_id=STEPS[0])
        src.position, const.position = (0.0, y), (0.0, y + 70.0)
        prev, chain = src.outputs["output"], []
        for i in range(length):
            node = net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"add_b{b}_{i}",
                                   step_id=STEPS[min(3, 4 * i // length)])
            node.position = (250.0 + 230.0 * i, y)
            node.inputs["left_hand"] << prev
            other = chains[b - 1] if b and rng.random() < 0.2 else None
            if other is not None and i < len(other):
                node.inputs["right_hand"] << other[i].outputs["result"]
            else:
                node.inputs["right_hand"] << const.outputs["output"]
            prev = node.outputs["result"]
            chain.append(node)
        chains.append(chain)
        sink = net.create_sink("Int", id=f"sink_b{b}", step_id=STEPS[3])
        sink.position = (250.0 + 230.0 * length, y)
        sink.inputs["input"] << prev
    right = 250.0 + 230.0 * (tools // branches + 2)
    for g in range(groups):
        y = (4 * g + 1.5) * 150.0
        mx = net.create_node("fastr/math/Max:1.0", "1.0", id=f"max_g{g}", step_id=STEPS[3])
        mx.position = (right, y)
        for chain in chains[4 * g: 4 * g + 4]:
            mx.inputs["values"].append(chain[-1].outputs["result"])
        sink = net.create_sink("Number", id=f"sink_g{g}", step_id=STEPS[3])
        sink.position = (right + 250.0, y)
        sink.inputs["input"] << mx.outputs["maximum"]
    assert len(net.nodes) == n, (len(net.nodes), n)
    return net


def graph_description(network) -> dict[str, Any]:
    """The same graph for NodeGraphQt: nodes with their port ids and positions, links by port."""
    fan: dict[tuple[str, str], int] = {}
    for link in network.links.values():
        key = (link.target.node, link.target.input)
        fan[key] = fan.get(key, 0) + 1
    nodes = [{"id": node.id, "kind": node.cls, "inputs": list(node.inputs), "outputs": list(node.outputs),
              "multi": [p for p in node.inputs if fan.get((node.id, p), 0) > 1],
              "pos": list(node.position or (0.0, 0.0))} for node in network.nodes.values()]
    links = [[l.source.node, l.source.output, l.target.node, l.target.input] for l in network.links.values()]
    return {"nodes": nodes, "links": links}


def prepare_files(n: int, workdir: Path) -> dict[str, str]:
    """The files every side reads: YAML with positions, YAML without, fastr state, graph JSON."""
    from editor.core.io.files import save_network
    from editor.core.graph.state import network_to_state
    net = build_network(n)
    files = {"yaml": str(workdir / f"worc_{n}.yaml"), "bare": str(workdir / f"worc_{n}_nopos.yaml"),
             "state": str(workdir / f"worc_{n}_state.json"), "graph": str(workdir / f"worc_{n}_graph.json")}
    save_network(net, files["yaml"])
    positions = {k: node.position for k, node in net.nodes.items()}
    for node in net.nodes.values():
        node.position = None
    save_network(net, files["bare"])
    for k, pos in positions.items():
        net.nodes[k].position = pos
    Path(files["state"]).write_text(json.dumps(network_to_state(net, editor_data=False)))
    Path(files["graph"]).write_text(json.dumps(graph_description(net)))
    return files
