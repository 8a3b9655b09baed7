"""Core layer, run: running a network with real fastr in another Python, and reading its run
directories."""
