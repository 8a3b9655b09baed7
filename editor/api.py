"""Public API, as ``fastr.api``: ``create_network``, ``create_network_copy`` and ``ResourceLimit``.

Networks made here are edited with fastr's calls (``create_node``, ``create_source``,
``create_link``, ``input << output``, ...) and saved in fastr 3.4.0's exact state format.
They look tools and datatypes up in the built-in library and registry unless the caller passes
``library=`` and ``types=`` (the core's :class:`Network` has no default of its own).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from editor.core.errors import LoadError, NetworkError, StateError
from editor.core.io.files import load_network as _load_network
from editor.core.io.files import save_network
from editor.core.graph.network import Network
from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.graph.network import network_from_state
from editor.core.tools.datatypes import builtin_registry
from editor.core.tools.library import builtin_library

__all__ = ["create_network", "create_network_copy", "ResourceLimit", "Network", "load_network",
           "save_network", "LoadError", "NetworkError", "StateError"]


def _builtin(kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` with the built-in library and registry where the caller gave none (or None)."""
    if kwargs.get("library") is None:
        kwargs["library"] = builtin_library()
    if kwargs.get("types") is None:
        kwargs["types"] = builtin_registry()
    return kwargs


def create_network(id: str, version: str | None = None, **kwargs: Any) -> Network:
    """A new, empty network. ``id`` must match ``^\\w[\\w\\d_]*$``; version defaults to '0.0'."""
    network = Network(id, version, **_builtin(kwargs))
    caller = sys._getframe(1).f_code.co_filename
    network.filename = os.path.abspath(caller) if not caller.startswith("<") else caller
    return network


def create_network_copy(network_state: Network | dict[str, Any], **kwargs: Any) -> Network:
    """A copy of a network, or a network from a state dict (which is never mutated)."""
    if isinstance(network_state, Network):
        kwargs.setdefault("library", network_state._library)
        kwargs.setdefault("types", network_state._types)
        copy = network_from_state(network_state.__getstate__(), **_builtin(kwargs))
        copy.fastr_version = network_state.fastr_version
        return copy
    return network_from_state(network_state, **_builtin(kwargs))


def load_network(path: str | os.PathLike[str], **kwargs: Any) -> Network:
    """Read a network file (YAML or JSON, with or without fastr's file keys)."""
    return _load_network(path, **_builtin(kwargs))
