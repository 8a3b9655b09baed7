"""Core layer, text: building blocks for reading and writing text files safely (the fast YAML reader),
knowing nothing of networks."""
