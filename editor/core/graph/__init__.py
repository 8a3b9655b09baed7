"""Core layer, graph: the network itself (nodes, ports, links, ids, resource limits, constant data,
fastr URLs) and its state dicts."""
