"""Core layer: constant node data in fastr's serialized form.

fastr stores ``[[sample_id_parts], [{"id": type, "format": null, "value": str}, ...]], ...]``.
Plain Python values given to a constant are stored as ``String`` values, as fastr 3.4.0 does.
"""

from __future__ import annotations

from typing import Any


def serialize_value(value: Any) -> dict[str, Any]:
    if isinstance(value, dict) and "value" in value and "id" in value:
        return {"id": value["id"], "format": value.get("format"), "value": value["value"]}
    return {"id": "String", "format": None, "value": str(value)}


def serialize_data(data: Any) -> list[Any]:
    """fastr's ``ConstantNode`` data from a list (ids ``id_0``...), a dict or one value."""
    if isinstance(data, dict):
        items = sorted(data.items(), key=lambda kv: str(kv[0]))   # fastr sorts by sample id
    else:
        if not isinstance(data, list):
            data = [data]                                          # a tuple is one sample
        items = [(f"id_{n}", value) for n, value in enumerate(data)]
    result = []
    for sample_id, value in items:
        parts = list(sample_id) if isinstance(sample_id, tuple) else [str(sample_id)]
        values = value if isinstance(value, tuple) else (value,)
        result.append([parts, [serialize_value(v) for v in values]])
    return result


def samples(data: list[Any] | None) -> list[tuple[str, list[str]]]:
    """Readable form: ``[(sample id, [value, ...]), ...]`` (sample id parts joined by '+')."""
    out = []
    for entry in data or []:
        sample, values = entry[0], entry[1]
        name = "+".join(str(x) for x in sample) if isinstance(sample, list) else str(sample)
        out.append((name, [str(v.get("value")) if isinstance(v, dict) else str(v) for v in values]))
    return out


def data_from_samples(rows: list[tuple[str, list[str]]], value_type: str = "String",
                      old: list[Any] | None = None) -> list[Any]:
    """Build fastr data from readable rows, keeping the value ids of unchanged old values."""
    old_values: dict[tuple[str, int], dict[str, Any]] = {}
    for name, values in ((("+".join(map(str, e[0])) if isinstance(e[0], list) else str(e[0])), e[1])
                         for e in old or []):
        for n, v in enumerate(values):
            if isinstance(v, dict):
                old_values[(name, n)] = v
    result = []
    for name, values in rows:
        ser = []
        for n, text in enumerate(values):
            prev = old_values.get((name, n))
            if prev is not None and str(prev.get("value")) == text:
                ser.append(dict(prev))
            else:
                ser.append({"id": value_type, "format": None, "value": text})
        result.append([name.split("+"), ser])
    return result
