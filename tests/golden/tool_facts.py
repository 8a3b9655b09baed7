"""Dump fastr 3.4.0's built-in tools and datatypes as JSON (run with the fastr python).

    <fastr python> tests/golden/tool_facts.py [OUTDIR]   # default: next to this file

Writes ``fastr_tools.json`` (every tool in ``fastr.tools`` with its visible ports,
in order) and ``fastr_types.json`` (every datatype; for every ordered pair (a, b) of
non-enum types ``match_types[a][b]`` = ``fastr.types.match_types(a, b)`` id or null,
and ``match_options[a][b]`` = the sorted candidate set ``match_types_any(a, b)``).
Enum option lists are sorted (fastr keeps them in a frozenset).

When there are several candidates, fastr 3.4.0 picks one through TypeGroup
preferences built from frozensets, so the pick depends on PYTHONHASHSEED.  This
script runs itself with PYTHONHASHSEED=0 (the values in ``match_types``) and
records in ``match_unstable[a][b]`` every pick seen under seeds 0-7 where they differ.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if __name__ == "__main__" and os.environ.get("PYTHONHASHSEED") != "0" and sys.argv[1:] != ["--matches"]:
    os.execve(sys.executable, [sys.executable, *sys.argv], dict(os.environ, PYTHONHASHSEED="0"))
if "FASTRHOME" not in os.environ:  # keep ~/.fastr out of it
    _HOME = tempfile.TemporaryDirectory(prefix="fastr-home-")
    os.environ["FASTRHOME"] = _HOME.name
with contextlib.redirect_stdout(sys.stderr):
    import fastr
    from fastr.datatypes import DataType, EnumType, TypeGroup, URLType, ValueType

KINDS = (EnumType, ValueType, URLType, TypeGroup, DataType)
SEEDS = range(8)
GENERATED_DESCRIPTIONS = ("AnyType", "AnyFile")  # and enums: listings made by fastr, left out


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
        fact["members"] = sorted(m.id for m in cls.members)
        fact["preference"] = [m.id for m in cls.preference]
        fact["preferred_types"] = list(getattr(cls, "preferred_types", []) or []) or None
    if issubclass(cls, EnumType):
        fact["options"] = sorted(cls.options)
    return fact


def _plain_types() -> list[str]:
    return [t for t in sorted(fastr.types.keys()) if not issubclass(fastr.types[t], EnumType)]


def match_table(resolve: bool = True) -> dict[str, dict[str, Any]]:
    """match_types (resolve) or sorted match_types_any for every ordered pair."""
    table: dict[str, dict[str, Any]] = {}
    for a in _plain_types():
        row = table.setdefault(a, {})
        for b in _plain_types():
            ta, tb = fastr.types[a], fastr.types[b]
            if resolve:
                result = fastr.types.match_types(ta, tb)
                row[b] = None if result is None else result.id
            else:
                row[b] = sorted(t.id for t in fastr.types.match_types_any(ta, tb))
    return table


def _matches_under_seed(seed: int) -> dict[str, dict[str, Any]]:
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    out = subprocess.run([sys.executable, __file__, "--matches"], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.rsplit("\n@@MATCHES@@\n", 1)[1])


def type_facts() -> dict[str, Any]:
    matches = match_table()
    seen = [_matches_under_seed(seed) for seed in SEEDS if seed != 0]
    unstable: dict[str, dict[str, list[str]]] = {}
    for a, row in matches.items():
        for b, result in row.items():
            picks = {result} | {m[a][b] for m in seen}
            if len(picks) > 1:
                unstable.setdefault(a, {})[b] = sorted(picks, key=str)
    return {"types": [_type_fact(t) for t in sorted(fastr.types.keys())],
            "preferred_types_config": list(fastr.config.preferred_types),
            "match_types": matches,
            "match_options": match_table(resolve=False),
            "match_unstable": unstable}


def main(outdir: Path) -> None:
    with contextlib.redirect_stdout(sys.stderr):
        tools, types = tool_facts(), type_facts()  # load tools first: they create enum types
    for name, data in (("fastr_tools.json", tools), ("fastr_types.json", types)):
        (outdir / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--matches"]:
        with contextlib.redirect_stdout(sys.stderr):
            tool_facts()
            table = match_table()
        print("\n@@MATCHES@@\n" + json.dumps(table))
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
