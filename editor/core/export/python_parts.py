"""Core layer: building blocks of the Python export (no Qt).

Safe Python literals for user data (``py_literal``), Python names for node ids (``NameTable``),
and the fixed parts of an exported script: small helper functions that reach into fastr where its
API has no call for something, and the command line ``main()``.

Nothing here ever puts user text into code other than through ``repr`` of a plain ``str``, ``int``,
``float``, ``bool`` or ``None``.
"""

from __future__ import annotations

import builtins
import keyword
import math
from typing import Any

__all__ = ["py_literal", "py_text", "NameTable", "HELPERS", "MAIN", "RESERVED_NAMES"]


def py_literal(value: Any) -> str:
    """Python source for plain data (None, bool, int, float, str, and lists/tuples/dicts of them)."""
    if value is None or isinstance(value, bool):
        return "True" if value is True else "False" if value is False else "None"
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f"float({str(value)!r})"
        return repr(float(value))
    if isinstance(value, str):
        return repr(str(value))
    if isinstance(value, tuple):
        items = [py_literal(x) for x in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    if isinstance(value, list):
        return f"[{', '.join(py_literal(x) for x in value)}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write a {type(value).__name__} as a Python literal: {value!r}")


def py_text(text: str, indent: str) -> str:
    """A str literal; text with line breaks becomes one literal per line, in parentheses."""
    lines = str(text).splitlines(keepends=True)
    if len(lines) < 2:
        return py_literal(str(text))
    inner = f"\n{indent}    ".join(repr(line) for line in lines)
    return f"(\n{indent}    {inner}\n{indent})"


RESERVED_NAMES = frozenset(
    set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins))
    | {"fastr", "network", "ResourceLimit", "argparse", "json", "sys", "os", "subinput", "add_macro",
       "constant_value", "set_constant_data", "main", "create_network", "parse_sources",
       "parse_sinks", "load_data_file", "SOURCES", "SINKS", "api", "link", "_subs"})


class NameTable:
    """Python names for node ids: the id itself when it is a plain ASCII identifier, else a
    numbered ``node_<n>``; never a keyword, builtin, helper or already used name."""

    def __init__(self, taken: set[str] | frozenset[str] = RESERVED_NAMES) -> None:
        self._taken = set(taken)
        self.names: dict[str, str] = {}

    def take(self, name: str) -> None:
        self._taken.add(name)

    def add(self, key: str, wanted: str, fallback: str) -> str:
        base = wanted if wanted.isascii() and wanted.isidentifier() else fallback
        if base in self._taken or keyword.iskeyword(base):
            base += "_"
        name, n = base, 2
        while name in self._taken:
            name, n = f"{base}{n}", n + 1
        self._taken.add(name)
        self.names[key] = name
        return name


# -- helpers copied into a script when it needs them ---------------------------------------
HELPERS: dict[str, str] = {
    "subinput": '''\
def subinput(input, key):
    """Sub-input number ``key`` of an input or named sub-input (fastr's planning object).

    A link to it leaves the other sub-inputs alone (``input << output`` replaces them all).
    """
    return input.parent[key]
''',
    "add_macro": '''\
def add_macro(network, inner, id):
    """``network.create_macro(inner, id=id)``, with ``inner`` itself inside the macro node.

    fastr 3.4.0 copies the inner network through its saved state; that copy fails for named
    sub-inputs, slice sub-outputs and merge_dimensions lists, and changes a few details.
    """
    from fastr import api
    copy = api.create_network_copy
    api.create_network_copy = lambda value: value
    try:
        return network.create_macro(inner, id=id)
    finally:
        api.create_network_copy = copy
''',
    "constant_value": '''\
def constant_value(type_id, format, value):
    """A value of DataType ``type_id`` that fastr stores exactly as given (no parsing)."""
    result = fastr.types[type_id](value=None, format_=format)
    result._value = value
    return result
''',
    "set_constant_data": '''\
def set_constant_data(node, data):
    """Give a constant node exactly this data: [(sample id parts, [(type, format, value), ...])]."""
    from collections import OrderedDict
    from fastr.core.samples import SampleId
    constant = node.parent
    constant._data = OrderedDict(
        (SampleId(*sample), tuple(constant_value(*value) for value in values))
        for sample, values in data)
    constant.set_data()
''',
}

# -- the command line of an exported script ------------------------------------------------
MAIN = '''\
def parse_sources(items, data=None):
    """``ID=VALUE`` or ``ID@SAMPLE=VALUE`` arguments as fastr source data.

    Each ``ID=VALUE`` adds a sample (ids id_0, id_1, ...); ``ID@SAMPLE=VALUE`` names the sample,
    and giving the same ``ID@SAMPLE`` twice gives that sample two values (cardinality 2).
    """
    samples = {}
    for item in items:
        key, sep, value = item.partition('=')
        source_id, _, sample = key.partition('@')
        if not sep or not source_id:
            raise SystemExit(f'--source {item!r}: write ID=VALUE or ID@SAMPLE=VALUE')
        per_source = samples.setdefault(source_id, {})
        sample = sample or f'id_{len(per_source)}'
        per_source.setdefault(sample, []).append(value)
    result = dict(data or {})
    for source_id, per_source in samples.items():
        result[source_id] = {k: v[0] if len(v) == 1 else tuple(v) for k, v in per_source.items()}
    return result


def parse_sinks(items, data=None):
    """``ID=TEMPLATE`` arguments (or one TEMPLATE for every sink) as fastr sink data."""
    result = dict(data or {}) if not isinstance(data, str) else {k: data for k in SINKS}
    for item in items:
        key, sep, value = item.partition('=')
        if sep and key in SINKS:
            result[key] = value
        else:
            result.update((k, item) for k in SINKS)
    return result


def load_data_file(path):
    """(source data, sink data) from a JSON file {"source_data": ..., "sink_data": ...}.

    JSON has no tuples: a list inside a sample mapping, or inside a list of samples, is one
    sample with several values.
    """
    with open(path, encoding='utf-8') as handle:
        data = json.load(handle)
    sources = {}
    for source_id, value in (data.get('source_data') or {}).items():
        if isinstance(value, dict):
            value = {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()}
        elif isinstance(value, list):
            value = [tuple(v) if isinstance(v, list) else v for v in value]
        sources[source_id] = value
    return sources, data.get('sink_data') or {}


def main(argv=None):
    """Run the network: python THIS_FILE --source ID=VALUE ... --sink ID=TEMPLATE ..."""
    parser = argparse.ArgumentParser(
        description='Run the fastr network built by create_network().',
        epilog='sources: ' + (', '.join(f'{k} ({v})' for k, v in SOURCES.items()) or 'none')
               + '; sinks: ' + (', '.join(f'{k} ({v})' for k, v in SINKS.items()) or 'none')
               + '. Sink templates may use {sample_id}, {cardinality} and {ext}, e.g. '
                 'vfs://tmp/results/{sample_id}_{cardinality}{ext}')
    parser.add_argument('--source', action='append', default=[], metavar='ID[@SAMPLE]=VALUE',
                        help='a value, path or URL for a source (repeat for more samples)')
    parser.add_argument('--sink', action='append', default=[], metavar='ID=TEMPLATE',
                        help='where a sink writes its results (TEMPLATE alone: every sink)')
    parser.add_argument('--data', metavar='FILE.json',
                        help='source and sink data as JSON: {"source_data": {...}, "sink_data": {...}}')
    parser.add_argument('--tmpdir', help='run directory; an existing one resumes that run')
    parser.add_argument('--execution-plugin', help='for example LinearExecution')
    args = parser.parse_args(argv)
    source_data, sink_data = load_data_file(args.data) if args.data else ({}, {})
    source_data = parse_sources(args.source, source_data)
    sink_data = parse_sinks(args.sink, sink_data)
    missing = [k for k in SOURCES if k not in source_data] + [k for k in SINKS if k not in sink_data]
    if missing:
        parser.error('no data for: ' + ', '.join(missing))
    network = create_network()
    run = network.execute(source_data, sink_data, tmpdir=args.tmpdir,
                          execution_plugin=args.execution_plugin)
    return 0 if run else 1
'''
