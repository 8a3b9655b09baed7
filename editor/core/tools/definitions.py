"""Core layer: immutable descriptions of fastr tools and their ports (no parsing, no Qt).

A :class:`ToolDefinition` is what the editor knows about one fastr tool (one wrapper version of
one command): its identity as fastr spells it in network states, and the ports a node made from it
shows.  Values are kept *as fastr reads them* (a cardinality can be ``1`` or ``'1-*'``), so a state
written by the editor matches one written by fastr.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Node classes fastr knows (``Tool.node_class``).
NODE_CLASSES = ('Node', 'SourceNode', 'SinkNode', 'ConstantNode', 'FlowNode', 'AdvancedFlowNode',
                'MacroNode')


class ToolParseError(ValueError):
    """A tool file fastr would refuse; ``path`` names the file and ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f'{path}: {reason}')
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PortDefinition:
    """One input or output of a tool, as fastr's ``InputSpec``/``OutputSpec`` holds it."""

    id: str
    name: str
    datatype: str                 # a datatype id, or fastr's generated enum type name
    cardinality: object = 1       # raw spec: 1, '1-*', 'as:x', 'val:x', 'unknown', ...
    required: bool = True         # inputs default True; outputs: automatic False, others True
    default: object = None
    hidden: bool = False
    description: str = ''
    enum: tuple[str, ...] | None = None   # options in file order when the port is an enum
    prefix: str | None = None     # command-line prefix (shown as a hint only)
    automatic: bool = False       # outputs: collected by fastr, no command-line argument


@dataclass(frozen=True, slots=True)
class ToolDefinition:
    """A fastr tool: identity, node class and ports (visible ones first-class)."""

    ns_id: str                    # 'fastr/math/AddInt:1.0'
    version: str                  # wrapper version as fastr prints it ('1.0', '0.1', '1.1')
    id: str                       # 'AddInt'
    command_version: str          # '1.0'
    name: str
    namespace: str                # 'fastr/math' or ''
    node_class: str = 'Node'
    description: str = ''
    help: str = ''
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    inputs: tuple[PortDefinition, ...] = ()         # visible inputs, file order
    outputs: tuple[PortDefinition, ...] = ()        # visible outputs, file order
    hidden_inputs: tuple[PortDefinition, ...] = ()
    hidden_outputs: tuple[PortDefinition, ...] = ()
    source_file: str | None = None
    warnings: tuple[str, ...] = ()
    interface_class: str = 'FastrInterface'
    url: str | None = None
    command_url: str = ''

    @property
    def key(self) -> tuple[str, str]:
        """``(ns_id, version)``: how fastr's ToolManager and network states name this tool."""
        return (self.ns_id, self.version)

    @property
    def tool_id(self) -> str:
        """``<id>:<command version>`` (fastr's ``tool.id``)."""
        return f'{self.id}:{self.command_version}'

    @property
    def fullid(self) -> str:
        """``fastr:///tools/<ns_id>/<version>``."""
        return f'fastr:///tools/{self.ns_id}/{self.version}'

    @property
    def enum_types(self) -> dict[str, tuple[str, ...]]:
        """Enum datatypes this tool creates in fastr: ``{type id: options}``."""
        ports = self.inputs + self.hidden_inputs + self.outputs + self.hidden_outputs
        return {port.datatype: port.enum for port in ports if port.enum is not None}

    def input(self, id: str) -> PortDefinition | None:  # noqa: A002 - interface name
        """The input ``id`` (visible or hidden), or None."""
        return _find(id, self.inputs, self.hidden_inputs)

    def output(self, id: str) -> PortDefinition | None:  # noqa: A002 - interface name
        """The output ``id`` (visible or hidden), or None."""
        return _find(id, self.outputs, self.hidden_outputs)


def _find(port_id: str, *groups: tuple[PortDefinition, ...]) -> PortDefinition | None:
    for group in groups:
        for port in group:
            if port.id == port_id:
                return port
    return None


def _hidden(port_id: str, datatype: str, prefix: str, cardinality: str = '1',
            description: str = '') -> PortDefinition:
    return PortDefinition(id=port_id, name=port_id, datatype=datatype, cardinality=cardinality,
                          required=True, hidden=True, description=description, prefix=prefix)


#: ``fastr/Source:1.0`` as ``IOPluginManager.create_ioplugin_tool`` builds it (schema defaults
#: applied, so cardinalities are strings).  Sources and constants use it.
SOURCE_TOOL = ToolDefinition(
    ns_id='fastr/Source:1.0', version='1.0', id='Source', command_version='1.0', name='Source',
    namespace='fastr', node_class='SourceNode', description='Tool to execute Fastr source nodes',
    outputs=(PortDefinition(id='output', name='The output urls in vfs scheme', datatype='AnyType',
                            cardinality='unknown', required=False, automatic=True),),
    hidden_inputs=(
        _hidden('input', 'String', '--input', '1-*', 'The data to be retrieved by the SourceNode'),
        _hidden('datatype', 'String', '--datatype'),
        _hidden('targetdir', 'Directory', '--output', description='The location to store the result'),
        _hidden('sample_id', 'String', '--sample_id',
                description='The sample id for the SourceJob that is run'),
    ),
    command_url='http://www.bigr.nl/fastr')

#: ``fastr/Sink:1.0`` as fastr builds it in memory.
SINK_TOOL = ToolDefinition(
    ns_id='fastr/Sink:1.0', version='1.0', id='Sink', command_version='1.0', name='Sink',
    namespace='fastr', node_class='SinkNode', description='Tool to execute Fastr sink nodes',
    inputs=(PortDefinition(id='input', name='The url to process (can also be a list)',
                           datatype='AnyType', cardinality='1-*', required=True,
                           description='The data to be store by the SinkNode', prefix='--input'),),
    hidden_inputs=(_hidden('output', 'String', '--output'), _hidden('datatype', 'String', '--datatype')),
    command_url='http://www.bigr.nl/fastr')
