"""Public API, as ``fastr.api``: ``create_network``, ``create_network_copy`` and ``ResourceLimit``.

Networks made here are edited with fastr's calls (``create_node``, ``create_source``,
``create_link``, ``input << output``, ...) and saved in fastr 3.4.0's exact state format.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from editor.core.errors import LoadError, NetworkError, StateError
from editor.core.io.files import load_network, save_network
from editor.core.graph.network import Network
from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.graph.network import network_from_state

__all__ = ["create_network", "create_network_copy", "ResourceLimit", "Network", "load_network",
           "save_network", "LoadError", "NetworkError", "StateError"]


def create_network(id: str, version: str | None = None, **kwargs: Any) -> Network:
    """A new, empty network. ``id`` must match ``^\\w[\\w\\d_]*$``; version defaults to '0.0'."""
    network = Network(id, version, **kwargs)
    caller = sys._getframe(1).f_code.co_filename
    network.filename = os.path.abspath(caller) if not caller.startswith("<") else caller
    return network


def create_network_copy(network_state: Network | dict[str, Any], **kwargs: Any) -> Network:
    """A copy of a network, or a network from a state dict (which is never mutated)."""
    if isinstance(network_state, Network):
        kwargs.setdefault("library", network_state._library)
        kwargs.setdefault("types", network_state._types)
        copy = network_from_state(network_state.__getstate__(), **kwargs)
        copy.fastr_version = network_state.fastr_version
        return copy
    return network_from_state(network_state, **kwargs)
