"""Core layer: a Node of a network (tool node, source, constant, sink, macro or flow node)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from editor.core.graph.ports import Input, Output
from editor.core.graph.resourcelimit import ResourceLimit

if TYPE_CHECKING:
    from editor.core.graph.network import Network
    from editor.core.tools.definitions import ToolDefinition

NODE_CLASSES = ("Node", "SourceNode", "ConstantNode", "SinkNode", "MacroNode", "FlowNode",
                "AdvancedFlowNode")
SOURCE_TOOL = ("fastr/Source:1.0", "1.0")
SINK_TOOL = ("fastr/Sink:1.0", "1.0")

KIND_BY_CLASS = {
    "Node": "node", "FlowNode": "flow", "AdvancedFlowNode": "flow", "SourceNode": "source",
    "ConstantNode": "constant", "SinkNode": "sink", "MacroNode": "macro",
}


def check_merge_dimensions(value: Any) -> str | list[str]:
    """``'none'``, ``'all'`` or a list of dimension names (a tuple is stored as a list)."""
    if value in ("none", "all"):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(x, str) and x for x in value):
        return list(value)
    raise ValueError(f"merge_dimensions must be 'none', 'all' or a list of dimension names, not {value!r}")


class Node:
    """One node. Its fields mirror fastr's node state; edits go through the Network."""

    __slots__ = ("network", "id", "cls", "tool", "nodegroup", "resources", "merge_dimensions",
                 "inputs", "outputs", "url", "data", "subnetwork", "position", "extra", "key_order",
                 "_definition")

    def __init__(self, network: Network, id: str, cls: str = "Node",
                 tool: tuple[str, str] | None = None) -> None:
        self.network = network
        self.id = id
        self.cls = cls
        self.tool = tool
        self.nodegroup: str | None = None
        self.resources: ResourceLimit | None = ResourceLimit(time=None)
        self.merge_dimensions: str | list[str] = "none"
        self.inputs: dict[str, Input] = {}
        self.outputs: dict[str, Output] = {}
        self.url: Any = None                      # SinkNode
        self.data: list[Any] | None = None        # ConstantNode: fastr's serialized data
        self.subnetwork: Network | None = None    # MacroNode
        self.position: tuple[float, float] | None = None
        self.extra: dict[str, Any] = {}
        self.key_order: tuple[str, ...] | None = None
        self._definition: ToolDefinition | None | bool = False  # False: not looked up yet

    # -- what the node is ---------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """'node', 'flow', 'source', 'constant', 'sink' or 'macro'."""
        return KIND_BY_CLASS.get(self.cls, "node")

    @property
    def definition(self) -> ToolDefinition | None:
        """The tool definition from the network's library (None if unknown or a macro)."""
        if self._definition is False:
            self._definition = None
            if self.tool is not None:
                self._definition = self.network.library.get(self.tool[0], self.tool[1])
        return self._definition  # type: ignore[return-value]

    def forget_definition(self) -> None:
        self._definition = False

    @property
    def fullid(self) -> str:
        return f"{self.network.fullid}/nodelist/{self.id}"

    @property
    def step_id(self) -> str | None:
        return self.network.step_of(self.id)

    @step_id.setter
    def step_id(self, value: str | None) -> None:
        self.network.set_step(self.id, value)

    @property
    def datatype(self) -> str | None:
        """The datatype of a source, constant (its output) or sink (its input)."""
        if self.cls in ("SourceNode", "ConstantNode") and "output" in self.outputs:
            return self.outputs["output"].datatype
        if self.cls == "SinkNode" and "input" in self.inputs:
            return self.inputs["input"].datatype
        return None

    # -- fastr API shortcuts ------------------------------------------------------------------
    @property
    def input(self) -> Input:
        if len(self.inputs) != 1:
            raise KeyError("There is not 1 unique input, cannot use short-cut!")
        return next(iter(self.inputs.values()))

    @input.setter
    def input(self, value: Any) -> None:
        self.input << value  # noqa: B015

    @property
    def output(self) -> Output:
        if len(self.outputs) != 1:
            raise KeyError("There is not 1 unique output, cannot use short-cut!")
        return next(iter(self.outputs.values()))

    def __repr__(self) -> str:
        tool = f" {self.tool[0]}@{self.tool[1]}" if self.tool else ""
        return f"<{self.cls} {self.id}{tool}>"
