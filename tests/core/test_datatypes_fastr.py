"""User datatypes (``tests/data/types``) and match_types, against real fastr 3.4.0."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.tools.datatypes import DataTypeRegistry

DATA = Path(__file__).resolve().parents[1] / 'data'
ENUMS = {'__Ex_1.0_interface__mode__Enum__': ['fast', 'slow'],
         '__Ex_1.0_interface__level__Enum__': ['1', '2']}

#: Point fastr's DataTypeManager at the test folders (before its own), register two enum types,
#: then report every type and match_types for every ordered pair.  ``decided_by_set`` marks ties
#: settled by a preference built from a set (AnyType, AnyFile, frozenset _members, or a nested
#: group's frozenset of member classes): fastr's pick then follows hashing and changes between
#: runs, so only membership is compared for those.
TYPES_SCRIPT = r'''
from fastr.datatypes import AnyFile, AnyType, DataType, EnumType, TypeGroup, URLType, ValueType
payload = load_payload()
manager = fastr.types
manager._path = (payload['roots'] + list(manager._path[0]), False)
manager._data = None
ids = list(manager.keys())
for cls in manager.values():
    if issubclass(cls, TypeGroup):
        cls._member_types = None
        cls._preference = None
for name, options in payload['enums'].items():
    manager.create_enumtype(name, tuple(options), name)

def kind(cls):
    return next(k.__name__ for k in (EnumType, ValueType, URLType, TypeGroup, DataType) if issubclass(cls, k))

def ordered(cls):
    if hasattr(cls, 'preferred_types'):
        return True
    if cls in (AnyType, AnyFile) or isinstance(cls._members, (set, frozenset)):
        return False
    # a nested group contributes its .members, a frozenset of classes (hashed by address)
    return not any(m in manager and issubclass(manager[m], TypeGroup) and len(manager[m].members) > 1
                   for m in cls._members)

def decided_by_set(a, b, options):
    if len(options) < 2:
        return False
    for arg in (a, b):
        if issubclass(arg, TypeGroup) and any(t in options for t in arg.preference):
            return not ordered(arg)
    return False

types = {}
for type_id in sorted(manager.keys()):
    cls = manager[type_id]
    ext = cls.extension
    types[type_id] = {'kind': kind(cls), 'extension': list(ext) if isinstance(ext, (tuple, list)) else ext,
                      'description': cls.description if isinstance(cls.description, str) else None,
                      'members': sorted(m.id for m in cls.members) if issubclass(cls, TypeGroup) else None}
matches = {}
for a in sorted(manager.keys()):
    for b in sorted(manager.keys()):
        ta, tb = manager[a], manager[b]
        options = manager.match_types_any(ta, tb)
        result = manager.match_types(ta, tb)
        matches[a + ' ' + b] = [None if result is None else result.id, sorted(t.id for t in options),
                                decided_by_set(ta, tb, options)]
emit({'types': types, 'matches': matches})
'''


@pytest.fixture(scope='module')
def fastr_types(fastr_oracle):
    return fastr_oracle.run(TYPES_SCRIPT, {'roots': [str(DATA / 'types')], 'enums': ENUMS})


@pytest.fixture(scope='module')
def registry() -> DataTypeRegistry:
    registry = DataTypeRegistry([DATA / 'types'])
    for name, options in ENUMS.items():
        registry.register_enum(name, options)
    return registry


def test_same_types_as_fastr(fastr_types, registry: DataTypeRegistry) -> None:
    assert sorted(fastr_types['types']) == sorted(registry.ids())
    for type_id, fact in fastr_types['types'].items():
        info = registry.get(type_id)
        assert ('TypeGroup' if info.is_group else info.kind) == fact['kind'], type_id
        extension = list(info.extension) if isinstance(info.extension, tuple) else info.extension
        assert extension == fact['extension'], type_id
        if fact['members'] is not None:
            assert sorted(registry.members(type_id)) == fact['members'], type_id
        if info.source_file is not None:
            assert info.description == fact['description'], type_id


def test_match_types_for_every_pair_like_fastr(fastr_types, registry: DataTypeRegistry) -> None:
    checked_exactly = 0
    for pair, (result, options, decided_by_set) in fastr_types['matches'].items():
        a, b = pair.split(' ')
        ours = registry.match(a, b)
        assert sorted(registry.members(a) & registry.members(b)) == options, pair
        if decided_by_set:
            assert ours in options, pair
        else:
            assert ours == result, pair
            checked_exactly += 1
        assert (registry.explain(a, b) is None) == (ours is not None), pair
    assert checked_exactly > 0.8 * len(fastr_types['matches'])
