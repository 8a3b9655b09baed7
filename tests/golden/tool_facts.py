"""Dump fastr 3.4.0's built-in tools and datatypes as JSON (run with the fastr python).

    <fastr python> tests/golden/tool_facts.py [OUTDIR]   # default: next to this file

Writes ``fastr_tools.json`` (every tool in ``fastr.tools`` with its visible ports,
in order) and ``fastr_types.json`` (every datatype, and ``match_types[a][b]`` for
every ordered pair of non-enum types: the resolved id, null, or the sorted list of
candidates when fastr's pick among several is arbitrary; see :func:`match_table`).
Enum option lists and group members are sorted (fastr keeps them in frozensets).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

if "FASTRHOME" not in os.environ:  # keep ~/.fastr out of it
    _HOME = tempfile.TemporaryDirectory(prefix="fastr-home-")
    os.environ["FASTRHOME"] = _HOME.name
with contextlib.redirect_stdout(sys.stderr):
    import fastr
    from fastr.datatypes import DataType, EnumType, TypeGroup, URLType, ValueType

KINDS = (EnumType, ValueType, URLType, TypeGroup, DataType)
GENERATED_DESCRIPTIONS = ("AnyType", "AnyFile")  # and enums: unordered listings, left out


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _enum_options(datatype_id: str) -> list[str] | None:
    datatype = fastr.types.get(datatype_id)
    if datatype is not None and issubclass(datatype, EnumType):
        return sorted(datatype.options)
    return None


def _port(spec: Any, description: Any, is_input: bool) -> dict[str, Any]:
    port = {
        "id": spec.id,
        "name": getattr(description, "name", None),
        "datatype": spec.datatype,
        "cardinality": spec.cardinality,
        "required": spec.required,
        "hidden": spec.hidden,
        "description": spec.description,
        "enum": _enum_options(spec.datatype),
    }
    if is_input:
        port["default"] = spec.default
    else:
        port["automatic"] = spec.automatic
    return port


def tool_facts() -> list[dict[str, Any]]:
    tools = []
    for ns_id, version in sorted(fastr.tools.keys(), key=lambda k: (k[0], str(k[1]))):
        tool = fastr.tools[ns_id, version]
        interface = tool.interface
        input_map = getattr(interface, "input_map", {})
        output_map = getattr(interface, "output_map", {})
        tools.append({
            "key": [ns_id, str(version)],
            "id": tool.id,
            "ns_id": tool.ns_id,
            "namespace": tool.namespace,
            "version": str(tool.version),
            "command_version": _str(tool.command_version),
            "name": tool.name,
            "description": tool.description,
            "node_class": tool.node_class,
            "interface_class": type(interface).__name__,
            "inputs": [_port(s, input_map.get(k), True) for k, s in tool.inputs.items()],
            "outputs": [_port(s, output_map.get(k), False) for k, s in tool.outputs.items()],
            "hidden_inputs": [k for k, v in input_map.items() if getattr(v, "hidden", False)],
            "hidden_outputs": [k for k, v in output_map.items() if getattr(v, "hidden", False)],
        })
    return tools


def _type_fact(type_id: str) -> dict[str, Any]:
    cls = fastr.types[type_id]
    kind = next(k.__name__ for k in KINDS if issubclass(cls, k))
    fact = {
        "id": type_id,
        "kind": kind,
        "base": cls.__bases__[0].__name__,
        "mro": [c.__name__ for c in cls.__mro__ if c.__name__ != "object"],
        "extension": list(cls.extension) if isinstance(cls.extension, (tuple, list)) else cls.extension,
        "description": None if type_id in GENERATED_DESCRIPTIONS or issubclass(cls, EnumType) else cls.description,
        "version": str(cls.version),
    }
    if issubclass(cls, TypeGroup):
        fact["members"] = sorted(m.id for m in cls.members)  # flattened
        fact["declared_members"] = None if type_id in GENERATED_DESCRIPTIONS else list(cls._members)
        fact["preferred_types"] = list(getattr(cls, "preferred_types", []) or []) or None
    if issubclass(cls, EnumType):
        fact["options"] = sorted(cls.options)
    return fact


def match_table() -> dict[str, dict[str, Any]]:
    """``fastr.types.match_types(a, b)`` for every ordered pair of non-enum types.

    Value: the resolved id, None (no match), or the sorted candidates when there are
    several: fastr then picks one through TypeGroup preferences built from
    frozensets and plugin-scan order, which differs between runs and installs.
    """
    plain = [t for t in sorted(fastr.types.keys()) if not issubclass(fastr.types[t], EnumType)]
    table: dict[str, dict[str, Any]] = {}
    for a in plain:
        row = table.setdefault(a, {})
        for b in plain:
            ta, tb = fastr.types[a], fastr.types[b]
            options = sorted(t.id for t in fastr.types.match_types_any(ta, tb))
            result = fastr.types.match_types(ta, tb)
            assert (result is None) == (not options) and (result is None or result.id in options)
            row[b] = options if len(options) > 1 else (options[0] if options else None)
    return table


def type_facts() -> dict[str, Any]:
    return {"types": [_type_fact(t) for t in sorted(fastr.types.keys())],
            "preferred_types_config": list(fastr.config.preferred_types),
            "match_types": match_table()}


def main(outdir: Path) -> None:
    with contextlib.redirect_stdout(sys.stderr):
        tools, types = tool_facts(), type_facts()  # load tools first: they create enum types
    for name, data in (("fastr_tools.json", tools), ("fastr_types.json", types)):
        (outdir / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
