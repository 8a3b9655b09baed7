"""Core layer: a network as a readable fastr Python script (no Qt).

``export_python(network)`` returns the text of a script whose ``create_network()`` rebuilds the
network through fastr 3.4.0's own API (``fastr.create_network``, ``create_source``, ``create_node``,
``create_constant``, ``create_sink``, ``create_macro``, ``<<``, ``append``, ``create_link``), with a
nested function per macro network, and a ``main()`` that runs it with source and sink data from the
command line. What the API cannot say (counters, a macro's resources, step order, output
preferred types, ...) is set at the end of each function on fastr's planning objects, so that
``network.parent.__getstate__()`` equals the editor's state (apart from ``filename``, which fastr
takes from the calling file). Building through the API also works for networks fastr 3.4.0 cannot
reload from a state file (named sub-inputs, slice sub-outputs, merge_dimensions lists).

Every user string reaches the script only as a Python literal (``repr``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from editor.core.export.python_parts import (
    HELPERS,
    MAIN,
    RESERVED_NAMES,
    NameTable,
    py_literal,
    py_text,
)
from editor.core.graph.ids import is_valid_id
from editor.core.graph.state import network_to_state

if TYPE_CHECKING:
    from editor.core.graph.link import Link
    from editor.core.graph.network import Network
    from editor.core.graph.node import Node

__all__ = ["export_python", "ExportError", "DEFAULT_ENTRY"]

DEFAULT_RESOURCES = {"cores": 1, "memory": 2048, "time": None, "gpus": None}
DEFAULT_ENTRY = "if __name__ == '__main__':\n    sys.exit(main())\n"
_SLICE_RE = re.compile(r"(-?\d*):(-?\d*)(?::(-?\d*))?")
_TOOL_CLASSES = ("Node", "FlowNode", "AdvancedFlowNode")


class ExportError(ValueError):
    """A network that cannot be written as a script (a link to a missing node, ...)."""


def _index_expr(index: int | str) -> str:
    """``-1`` -> ``-1``; ``'1:3'`` -> ``1:3``; ``'::2'`` -> ``::2`` (rebuilt from ints only)."""
    if isinstance(index, int) and not isinstance(index, bool):
        return str(int(index))
    match = _SLICE_RE.fullmatch(str(index))
    if match is None:
        raise ExportError(f"sub-output index {index!r} is neither an int nor a slice 'a:b[:c]'")
    parts = [str(int(x)) if x else "" for x in match.groups(default="")]
    text = f"{parts[0]}:{parts[1]}"
    return text + f":{parts[2]}" if match.group(3) is not None else text


def _keystr(index: int | str) -> str:
    """fastr's key of a sub-output in ``Output._suboutputlist``."""
    if isinstance(index, int):
        return str(index)
    start, stop, *step = str(index).split(":")
    text = f"{start}:{stop}"
    return text + f":{step[0]}" if step and step[0] not in ("", "1") else text


def _resources(state: dict[str, Any], skip_defaults: bool) -> str:
    args = []
    for key in ("cores", "memory", "time", "gpus"):
        value = state.get(key)
        if skip_defaults and value == DEFAULT_RESOURCES[key]:
            continue
        if key == "memory" and isinstance(value, int) and value > 0 and value % 1024 == 0:
            args.append(f"memory={py_literal(f'{value // 1024}G')}")
        else:
            args.append(f"{key}={py_literal(value)}")
    return f"ResourceLimit({', '.join(args)})"


def _call(head: str, args: list[str]) -> str:
    """``head(args)`` on one line, or one argument per line when that is too long."""
    line = f"{head}({', '.join(args)})"
    if len(line) <= 96 or len(args) < 2:
        return line
    return f"{head}(\n        " + ",\n        ".join(args) + ",\n    )"


def _simple_constant(data: list[Any]) -> str | None:
    """The data as plain Python values when fastr stores those exactly as ``data`` (else None)."""
    ids: list[str] = []
    values: list[Any] = []
    for sample, items in data:
        if len(sample) != 1 or not isinstance(sample[0], str):
            return None
        if not all(isinstance(x, dict) and set(x) == {"id", "format", "value"} and x["id"] == "String"
                   and x["format"] is None and isinstance(x["value"], str) for x in items):
            return None
        ids.append(sample[0])
        plain = tuple(x["value"] for x in items)
        values.append(plain[0] if len(plain) == 1 else plain)
    if ids == [f"id_{n}" for n in range(len(ids))]:
        return py_literal(values)
    if len(set(ids)) == len(ids) and ids == sorted(ids) and ids:
        return py_literal(dict(zip(ids, values)))
    return None


@dataclass
class _Body:
    """The code of one network function, with the simulation of what fastr will do."""
    net: Network
    names: NameTable
    lines: list[str] = field(default_factory=list)
    fixups: list[str] = field(default_factory=list)
    steps: dict[str, list[str]] = field(default_factory=dict)
    linked: dict[tuple[str, str, str | None], set[int]] = field(default_factory=dict)
    filled: set[tuple[str, str]] = field(default_factory=set)      # inputs with any link so far
    link_number: int = 0
    step_of: dict[str, str] = field(default_factory=dict)          # node -> step, read once

    def emit(self, line: str = "") -> None:
        self.lines.append(f"    {line}" if line else "")

    def fix(self, line: str) -> None:
        self.fixups.append(f"    {line}")


class _Exporter:
    def __init__(self) -> None:
        self.functions: list[str] = []
        self.function_names = NameTable()
        self.by_state: dict[str, str] = {}
        self.helpers: set[str] = set()

    # -- one function per network -------------------------------------------------------------
    def function_for(self, net: Network, top: bool = False) -> str:
        state = network_to_state(net, editor_data=False)
        key = json.dumps(_without_filenames(state), sort_keys=True, default=repr)
        if not top and key in self.by_state:
            return self.by_state[key]
        body = _Body(net, NameTable(), step_of=net.steps_by_node())
        for node in net.nodes.values():       # inner macros first: their functions come first
            if node.cls == "MacroNode" and node.subnetwork is not None:
                self.function_for(node.subnetwork)
        if top:
            name = "create_network"
        else:
            name = self.function_names.add(key, f"create_{net.id}_network", "create_macro_network")
            self.by_state[key] = name
        for reserved in (*RESERVED_NAMES, *self.function_names.names.values()):
            body.names.take(reserved)
        self.functions.append(self._function(name, body))
        return name

    def _function(self, name: str, body: _Body) -> str:
        net = body.net
        about = f"fastr network {net.id}" if is_valid_id(net.id) else "the fastr network"
        body.emit(f"network = fastr.create_network(id={py_literal(net.id)}, version={py_literal(net.version)})")
        if net.description:
            body.emit(f"network.parent.description = {py_text(net.description, '    ')}")
        if net.preferred_types:
            body.emit("network.parent.preferred_types = [fastr.types[x] for x in "
                      f"{py_literal(tuple(net.preferred_types))}]")
        if net.namespace is not None:
            body.emit(f"network.parent.namespace = {py_literal(net.namespace)}")
        body.emit()
        for n, node in enumerate(net.nodes.values()):
            body.names.add(node.id, node.id, f"node_{n}")
        for node in net.nodes.values():
            self._node(body, node)
        if net.links:
            body.emit()
        for link in net.links.values():
            self._link(body, link)
        self._node_settings(body)
        self._final_fixups(body)
        text = [f"def {name}():", f'    """Build {about}."""', *body.lines]
        if body.fixups:
            text += ["", "    # Details fastr's API does not set: made equal to the editor's network", *body.fixups]
        text += ["    return network", ""]
        return "\n".join(text)

    # -- nodes ---------------------------------------------------------------------------------
    def _node(self, body: _Body, node: Node) -> None:
        var = body.names.names[node.id]
        kwargs = [f"id={py_literal(node.id)}"]
        if node.cls == "MacroNode":
            if node.subnetwork is None:
                raise ExportError(f"macro node {node.id} has no network")
            self.helpers.add("add_macro")
            body.emit(f"{var} = add_macro(network, {self.function_for(node.subnetwork)}(), id={py_literal(node.id)})")
            if node.resources is not None:
                body.fix(f"{var}.parent.resources = {_resources(node.resources.__getstate__(), True)}")
            if node.nodegroup:
                body.fix(f"{var}.parent.nodegroup = {py_literal(node.nodegroup)}")
            return
        step = body.step_of.get(node.id)
        if step is not None:
            kwargs.append(f"step_id={py_literal(step)}")
            body.steps.setdefault(step, []).append(node.id)
        if node.resources is None:
            body.fix(f"{var}.parent.resources = None")
        elif node.resources.__getstate__() != DEFAULT_RESOURCES:
            kwargs.append(f"resources={_resources(node.resources.__getstate__(), True)}")
        if node.nodegroup:
            kwargs.append(f"node_group={py_literal(node.nodegroup)}")
        if node.cls in ("SourceNode", "SinkNode", "ConstantNode"):
            datatype = py_literal(node.datatype or "AnyType")
            if node.cls == "SourceNode":
                body.emit(_call(f"{var} = network.create_source", [datatype, *kwargs]))
            elif node.cls == "SinkNode":
                body.emit(_call(f"{var} = network.create_sink", [datatype, *kwargs]))
                if node.url is not None:
                    body.fix(f"{var}.parent.url = {py_literal(node.url)}")
            else:
                self._constant(body, node, var, datatype, kwargs)
            return
        if node.tool is None:
            raise ExportError(f"node {node.id} ({node.cls}) has no tool")
        body.emit(_call(f"{var} = network.create_node",
                        [py_literal(node.tool[0]), f"tool_version={py_literal(node.tool[1])}", *kwargs]))

    def _constant(self, body: _Body, node: Node, var: str, datatype: str, kwargs: list[str]) -> None:
        data = node.data or []
        simple = _simple_constant(data)
        if simple is not None:
            body.emit(_call(f"{var} = network.create_constant", [datatype, simple, *kwargs]))
            return
        self.helpers.update(("constant_value", "set_constant_data"))
        exact = [(tuple(sample), [(v.get("id"), v.get("format"), v.get("value")) for v in items])
                 for sample, items in data]
        body.emit(_call(f"{var} = network.create_constant", [datatype, "[]", *kwargs]))
        body.emit(f"set_constant_data({var}, {py_literal(exact)})")

    # -- links ---------------------------------------------------------------------------------
    def _link(self, body: _Body, link: Link) -> None:
        src, tgt = link.source, link.target
        nodes = body.net.nodes
        if src.node not in nodes or tgt.node not in nodes:
            raise ExportError(f"link {link.id} connects a node that is not in network {body.net.id}")
        source_node = nodes[src.node]
        source = f"{body.names.names[src.node]}."
        if source_node.cls in ("SourceNode", "ConstantNode") and list(source_node.outputs) == [src.output]:
            source += "output"
        else:
            source += f"outputs[{py_literal(src.output)}]"
        if src.index is not None:
            source += f"[{_index_expr(src.index)}]"
        target = f"{body.names.names[tgt.node]}.inputs[{py_literal(tgt.input)}]"
        if tgt.name is not None:
            target += f"[{py_literal(tgt.name)}]"
        keys = body.linked.setdefault((tgt.node, tgt.input, tgt.name), set())
        # ``input << x`` first clears the input (all its named sub-inputs too): only when empty
        empty = (tgt.node, tgt.input) not in body.filled if tgt.name is None else not keys
        auto = link.id == f"link_{body.link_number}"
        plain = auto and not link.collapse and not link.expand
        if plain and tgt.key == 0 and empty:
            body.emit(f"{target} << {source}")
        elif plain and tgt.key == max(keys, default=-1) + 1:
            body.emit(f"{target}.append({source})")
        else:
            self.helpers.add("subinput")
            args = [source, f"subinput({target}, {tgt.key})"]
            if not auto:
                args.append(f"id={py_literal(link.id)}")
            if link.collapse:
                args.append(f"collapse={py_literal(tuple(link.collapse))}")
            if link.expand:
                args.append("expand=True")
            body.emit(_call("network.create_link", args))
        if auto:
            body.link_number += 1
        keys.add(tgt.key)
        body.filled.add((tgt.node, tgt.input))

    # -- after the links -----------------------------------------------------------------------
    def _node_settings(self, body: _Body) -> None:
        lines: list[str] = []
        for node in body.net.nodes.values():
            var = body.names.names[node.id]
            if node.cls != "MacroNode":
                for port in node.inputs.values():
                    if port.input_group != "default":
                        lines.append(f"{var}.inputs[{py_literal(port.id)}].input_group = "
                                     f"{py_literal(port.input_group)}")
            if node.merge_dimensions != "none":
                lines.append(f"{var}.merge_dimensions = {py_literal(node.merge_dimensions)}")
        if lines:
            body.emit()
            for line in lines:
                body.emit(line)

    def _final_fixups(self, body: _Body) -> None:
        net, names = body.net, body.names.names
        self._suboutputs(body)
        for node in net.nodes.values():
            if node.cls == "MacroNode":
                continue
            for out in node.outputs.values():
                if out.preferred_types is None:
                    body.fix(f"{names[node.id]}.outputs[{py_literal(out.id)}].parent._preferred_types = None")
                elif out.preferred_types:
                    body.fix(f"{names[node.id]}.outputs[{py_literal(out.id)}].parent._preferred_types = "
                             f"[fastr.types[x] for x in {py_literal(tuple(out.preferred_types))}]")
        if list(body.steps.items()) != [(k, list(v)) for k, v in net.stepids.items()]:
            unknown = [m for members in net.stepids.values() for m in members if m not in names]
            if unknown:
                raise ExportError(f"a step of network {net.id} names nodes that do not exist: {unknown}")
            steps = ", ".join(f"{py_literal(step)}: [{', '.join(f'{names[m]}.parent' for m in members)}]"
                              for step, members in net.stepids.items())
            body.fix(f"network.parent.stepids = {{{steps}}}")
        if net.node_number != len(net.nodes):
            body.fix(f"network.parent.node_number = {int(net.node_number)}")
        if net.link_number != body.link_number:
            body.fix(f"network.parent.link_number = {int(net.link_number)}")

    def _suboutputs(self, body: _Body) -> None:
        """Sub-outputs fastr would not have made from the links (or not in this order/form)."""
        made: dict[tuple[str, str], list[Any]] = {}
        for link in body.net.links.values():
            if link.source.index is not None:
                seen = made.setdefault((link.source.node, link.source.output), [])
                if link.source.index not in seen:
                    seen.append(link.source.index)
        for node in body.net.nodes.values():
            if node.cls == "MacroNode":
                continue
            for out in node.outputs.values():
                wanted = [s for s in out.suboutputs if "index" in s]
                have = list(made.get((node.id, out.id), []))
                expr = f"{body.names.names[node.id]}.outputs[{py_literal(out.id)}]"
                for sub in wanted:
                    index = sub["index"]
                    if index not in have:
                        body.fix(f"{expr}[{_index_expr(index)}]")
                        have.append(index)
                    if sub.get("preferred_types", []) is None:
                        body.fix(f"{expr}[{_index_expr(index)}].parent._preferred_types = None")
                    if sub.get("datatype", out.datatype) != out.datatype:
                        body.fix(f"{expr}[{_index_expr(index)}].parent.datatype = "
                                 f"fastr.types[{py_literal(sub['datatype'])}]")
                order = [_keystr(s["index"]) for s in wanted]
                if [_keystr(x) for x in have] != order:
                    body.fix(f"_subs = {expr}.parent._suboutputlist")
                    body.fix(f"{expr}.parent._suboutputlist = {{k: _subs[k] for k in {py_literal(tuple(order))}}}")


def _without_filenames(state: Any) -> Any:
    """``state`` without its ``filename`` keys, as a key for finding equal macro networks: mapping
    keys as their repr, so that unknown keys of mixed kinds (``1`` and ``'b'``, ``1`` and ``'1'``,
    which YAML allows) sort and stay apart."""
    if isinstance(state, dict):
        return {repr(k): _without_filenames(v) for k, v in state.items() if k != "filename"}
    if isinstance(state, list):
        return [_without_filenames(x) for x in state]
    return state


def _sources_and_sinks(net: Network) -> tuple[dict[str, str], dict[str, str]]:
    sources = {n.id: n.datatype or "AnyType" for n in net.nodes.values() if n.cls == "SourceNode"}
    sinks = {n.id: n.datatype or "AnyType" for n in net.nodes.values() if n.cls == "SinkNode"}
    return sources, sinks


def export_python(network: Network, *, entry: str | None = None) -> str:
    """The text of a Python script that builds ``network`` with real fastr and can run it.

    ``entry`` replaces the script's last lines (``if __name__ == '__main__': sys.exit(main())``);
    the runner uses it to add job reporting.
    """
    exporter = _Exporter()
    exporter.function_for(network, top=True)
    sources, sinks = _sources_and_sinks(network)
    about = f"``{network.id}``" if is_valid_id(network.id) else "a network"
    parts = [
        "#!/usr/bin/env python3",
        f'"""Build and run the fastr network {about}: exported by fastr-editor.',
        "",
        "Import it and call ``create_network()``, or run it:",
        "",
        "    python THIS_FILE --source ID=VALUE ... --sink ID=TEMPLATE ... [--tmpdir DIR]",
        "",
        "``python THIS_FILE --help`` lists the sources and sinks.",
        '"""',
        "",
        "import argparse",
        "import json",
        "import sys",
        "",
        "import fastr",
        "from fastr.api import ResourceLimit",
        "",
        f"SOURCES = {py_literal(sources)}",
        f"SINKS = {py_literal(sinks)}",
        "",
    ]
    for name in ("subinput", "add_macro", "constant_value", "set_constant_data"):
        if name in exporter.helpers:
            parts += ["", HELPERS[name]]
    for function in exporter.functions:
        parts += ["", function]
    parts += ["", MAIN, "", entry if entry is not None else DEFAULT_ENTRY]
    return "\n".join(parts)
