"""Core layer: inputs and outputs of a node, with fastr's linking operators.

``input << output``, ``output >> input``, ``input << [values]`` (an automatic constant),
``input.append(output)``, named sub-inputs ``input['name'] << output`` and sub-outputs
``output[-1]`` / ``output[1:3]`` behave as in ``fastr.api``; every edit goes through the Network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from editor.core.graph.urls import Index, InputRef, OutputRef

if TYPE_CHECKING:
    from editor.core.graph.link import Link
    from editor.core.graph.node import Node
    from editor.core.tools.definitions import PortDefinition


def slice_index(item: int | slice) -> Index:
    """fastr's ``indexrep``: an int stays an int, a slice becomes ``'a:b'`` or ``'a:b:c'``."""
    if isinstance(item, bool) or not isinstance(item, (int, slice)):
        raise TypeError(f"a sub-output index is an int or a slice, not {type(item).__name__}")
    if isinstance(item, int):
        return item
    text = f"{'' if item.start is None else item.start}:{'' if item.stop is None else item.stop}"
    if item.step is not None and item.step != 1:
        text += f":{item.step}"
    return text


class _Linkable:
    """Something a link can end on: an input, a named sub-input or one numbered sub-input."""

    __slots__ = ()

    def _target(self) -> tuple[Input, str | None, int | None]:
        raise NotImplementedError

    def __lshift__(self, other: Any) -> Link | tuple[Link, ...]:
        port, name, key = self._target()
        return port.node.network.link_from(other, port.node.id, port.id, name=name, key=key)

    def __rrshift__(self, other: Any) -> Link | tuple[Link, ...]:
        return self.__lshift__(other)

    def append(self, other: Any) -> Link:
        """Link ``other`` to a new sub-input with the next free number."""
        port, name, _key = self._target()
        network = port.node.network
        key = network.next_subinput_key(port.node.id, port.id, name)
        result = network.link_from(other, port.node.id, port.id, name=name, key=key)
        assert not isinstance(result, tuple)
        return result


class Input(_Linkable):
    """An input of a node: its id, datatype and input group, plus unknown state keys."""

    __slots__ = ("node", "id", "datatype", "input_group", "extra", "key_order")

    def __init__(self, node: Node, id: str, datatype: str, input_group: str = "default") -> None:
        self.node = node
        self.id = id
        self.datatype = datatype
        self.input_group = input_group
        self.extra: dict[str, Any] = {}
        self.key_order: tuple[str, ...] | None = None

    def _target(self) -> tuple[Input, str | None, int | None]:
        return self, None, None

    def __getitem__(self, key: str | int) -> NamedSubInput | SubInput:
        if isinstance(key, str):
            return NamedSubInput(self, key)
        if isinstance(key, int) and not isinstance(key, bool):
            return SubInput(self, None, key)
        raise TypeError(f"an input is indexed by a name (str) or a sub-input number, not {key!r}")

    def __setitem__(self, key: str | int, value: Any) -> None:
        self[key] << value  # noqa: B015 - the operator creates the link

    @property
    def definition(self) -> PortDefinition | None:
        tool = self.node.definition
        return tool.input(self.id) if tool is not None else None

    @property
    def links(self) -> list[Link]:
        return self.node.network.links_into(self.node.id, self.id)

    @property
    def fullid(self) -> str:
        return f"{self.node.fullid}/inputs/{self.id}"

    def constant_id(self, name: str | None = None, key: int | None = None) -> str:
        base = f"const__{self.node.id}__{self.id}"
        if name is not None:
            base += f"__{name}"
        if key is not None:
            base += f"__{key}"
        return base

    def __repr__(self) -> str:
        return f"<Input {self.node.id}.{self.id} ({self.datatype})>"


class NamedSubInput(_Linkable):
    """``input['name']``: a mapping entry of an input, itself holding numbered sub-inputs."""

    __slots__ = ("input", "name")

    def __init__(self, input: Input, name: str) -> None:
        self.input = input
        self.name = name

    def _target(self) -> tuple[Input, str | None, int | None]:
        return self.input, self.name, None

    def __getitem__(self, key: int) -> SubInput:
        if isinstance(key, bool) or not isinstance(key, int):
            raise TypeError(f"a named sub-input is indexed by a sub-input number, not {key!r}")
        return SubInput(self.input, self.name, key)

    def __setitem__(self, key: int, value: Any) -> None:
        self[key] << value  # noqa: B015


class SubInput(_Linkable):
    """One numbered sub-input; linking to it replaces only the link on that number."""

    __slots__ = ("input", "name", "key")

    def __init__(self, input: Input, name: str | None, key: int) -> None:
        self.input = input
        self.name = name
        self.key = key

    def _target(self) -> tuple[Input, str | None, int | None]:
        return self.input, self.name, self.key

    @property
    def ref(self) -> InputRef:
        return InputRef(self.input.node.id, self.input.id, self.key, self.name)


class Output:
    """An output of a node: id, datatype, the sub-outputs fastr recorded, preferred types."""

    __slots__ = ("node", "id", "datatype", "suboutputs", "preferred_types", "extra", "key_order")

    def __init__(self, node: Node, id: str, datatype: str) -> None:
        self.node = node
        self.id = id
        self.datatype = datatype
        self.suboutputs: list[dict[str, Any]] = []
        self.preferred_types: list[str] | None = []
        self.extra: dict[str, Any] = {}
        self.key_order: tuple[str, ...] | None = None

    def __getitem__(self, item: int | slice) -> SubOutput:
        return SubOutput(self, slice_index(item))

    def __rshift__(self, other: Any) -> Link | tuple[Link, ...]:
        if not isinstance(other, _Linkable):
            return NotImplemented
        return other << self

    @property
    def ref(self) -> OutputRef:
        return OutputRef(self.node.id, self.id)

    @property
    def definition(self) -> PortDefinition | None:
        tool = self.node.definition
        return tool.output(self.id) if tool is not None else None

    @property
    def links(self) -> list[Link]:
        return self.node.network.links_from(self.node.id, self.id)

    @property
    def fullid(self) -> str:
        return f"{self.node.fullid}/outputs/{self.id}"

    def __repr__(self) -> str:
        return f"<Output {self.node.id}.{self.id} ({self.datatype})>"


class SubOutput:
    """``output[i]`` or ``output[a:b]``: part of an output's cardinality."""

    __slots__ = ("output", "index")

    def __init__(self, output: Output, index: Index) -> None:
        self.output = output
        self.index = index

    @property
    def ref(self) -> OutputRef:
        return OutputRef(self.output.node.id, self.output.id, self.index)

    def __rshift__(self, other: Any) -> Link | tuple[Link, ...]:
        if not isinstance(other, _Linkable):
            return NotImplemented
        return other << self
