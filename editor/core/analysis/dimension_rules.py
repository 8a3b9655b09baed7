"""Core layer: fastr 3.4.0's rules for choosing and combining sample dimensions (pure functions).

A row of dimensions is ``(names, sizes)``; sizes are fastr's planning sizes (an int, or a symbol's
text such as ``'N_source'``), because fastr picks dimensions by comparing sizes:

* :func:`pick_subinput` is ``Input.dimensions`` (``planning/inputoutput.py``),
* :func:`pick_group` is ``InputGroup.__updatefunc__`` (``planning/inputgroup.py``),
* :func:`combine` is the Default / Merging ``InputGroupCombiner`` (``inputgroupcombiner.py``),
* :func:`collapse_indexes` is ``Link.collapse_indexes`` (``planning/link.py``),
* :func:`dimension_letters` is ``Network._dim_name_generator`` as ``draw()`` uses it.

Where fastr raises while planning, these return an issue text instead. Used by
:mod:`editor.core.analysis.dimensions`. No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import product

from editor.core.analysis.cardinality import Card

Dims = tuple[tuple[str, ...], tuple[Card, ...]]   # (names, sizes) of a row of dimensions
NONE: Dims = ((), ())
_TRIVIAL = {(0,), (1,), ()}
_LETTERS = "NMOPQRSTUVWXYZABCDEFGHIJKL"


def dimension_letters(names: Iterable[str]) -> dict[str, str]:
    """fastr draw's letters, one per distinct name in order: N, M, ..., L, then NN, NM, ..."""
    result: dict[str, str] = {}
    letters = _letter_names()
    for name in names:
        if name not in result:
            result[name] = next(letters)
    return result


def _letter_names() -> Iterator[str]:
    level = 1
    while True:
        for combo in product(_LETTERS, repeat=level):
            yield "".join(combo)
        level += 1


def concat(parts: Iterable[Dims]) -> Dims:
    names: tuple[str, ...] = ()
    sizes: tuple[Card, ...] = ()
    for part in parts:
        names += part[0]
        sizes += part[1]
    return names, sizes


def collapse_indexes(collapse: Iterable[int | str], names: Sequence[str]) -> tuple[int, ...]:
    """Names become indexes (the last dimension of that name); names that match none are dropped."""
    position = {name: i for i, name in enumerate(names)}
    return tuple(x if isinstance(x, int) else position[x] for x in collapse
                 if isinstance(x, int) or x in position)


def _symbolic(size: tuple[Card, ...]) -> bool:
    return not all(isinstance(x, int) for x in size)


def pick_subinput(subs: Sequence[Dims]) -> tuple[Dims, str | None]:
    """``Input.dimensions``: the dimensions of one sub-input (and an issue if fastr would raise).

    Sub-inputs of size (), (0,) or (1,) do not count. Of several different sizes, all symbolic,
    the first with the most dimensions wins; different concrete sizes make fastr raise.
    """
    if len(subs) == 1:
        return (subs[0] if subs[0][1] else NONE), None
    sizes = [d[1] for d in subs]
    unique = set(sizes) - _TRIVIAL
    if len(unique) > 1:
        if all(_symbolic(size) for size in unique):
            longest = max(len(size) for size in unique)
            for dims, size in zip(subs, sizes):
                if len(size) == longest and size not in _TRIVIAL:
                    return dims, None
        return NONE, "have different sizes"
    if len(unique) == 1:
        return subs[sizes.index(unique.pop())], None
    for trivial in ((1,), (0,)):
        if trivial in sizes:
            return subs[sizes.index(trivial)], None
    return NONE, None


def pick_group(members: Sequence[Dims]) -> tuple[Dims, str | None]:
    """``InputGroup`` dimensions: one input's (inputs in a group are matched sample by sample).

    Of several different sizes, all symbolic, the first input with the most dimensions wins;
    otherwise the first longest, unless an input repeats a dimension name (fastr raises).
    """
    if len(members) == 1:
        return (members[0] if members[0][1] not in ((), (0,)) else NONE), None
    sizes = [d[1] for d in members]
    unique = set(sizes) - _TRIVIAL
    if len(unique) > 1:
        if all(_symbolic(size) for size in unique):
            most = max(len(size) for size in sizes)
            for dims, size in zip(members, sizes):
                if size in unique and len(size) == most:
                    return dims, None
        if all(len(d[0]) == len(set(d[0])) for d in members):
            return max(members, key=lambda d: len(d[1])), None
        return NONE, "has an input with repeated dimension names"
    if len(unique) == 1:
        return members[sizes.index(unique.pop())], None
    if (1,) in sizes:
        return members[sizes.index((1,))], None
    return NONE, None


def combine(merge: str | Sequence[str], groups: list[Dims]) -> tuple[Dims, list[tuple[str, str]]]:
    """The input group combiner: outer product (``'none'``) or merging; returns (dims, issues).

    Merging drops the merged dimensions from every group and appends those of the first group, in
    its order; so a listed name the first group lacks disappears. Issues are (code, detail).
    """
    if merge == "none" or not groups:
        return (groups[0] if len(groups) == 1 else concat(groups)), []
    issues: list[tuple[str, str]] = []
    seen_sizes: dict[str, set[Card]] = {}
    for names, sizes in groups:
        for name, size in zip(names, sizes):
            seen_sizes.setdefault(name, set()).add(size)
    if any(len(s) > 1 for s in seen_sizes.values()):
        odd = ", ".join(f"'{name}'" for name, s in seen_sizes.items() if len(s) > 1)
        issues.append(("merge-size-mismatch", f"dimension {odd} has different sizes in different groups"))
    if merge == "all":
        merges: list[str] = [name for name in seen_sizes
                             for _ in range(min(names.count(name) for names, _ in groups))]
    else:
        merges = list(merge)
        missing = [name for name in merges if name not in seen_sizes]
        if missing:
            issues.append(("merge-dimension-unknown", ", ".join(f"'{name}'" for name in missing)))
    masks: list[list[bool]] = []
    for names, _ in groups:
        left: list[str | None] = list(merges)
        mask = []
        for name in names:
            merged = name in left
            if merged:
                left[left.index(name)] = None
            mask.append(merged)
        masks.append(mask)
    kept = concat(_select(dims, mask, False) for dims, mask in zip(groups, masks))
    return concat((kept, _select(groups[0], masks[0], True))), issues


def _select(dims: Dims, mask: list[bool], value: bool) -> Dims:
    names, sizes = dims
    return (tuple(x for x, m in zip(names, mask) if m is value),
            tuple(x for x, m in zip(sizes, mask) if m is value))
