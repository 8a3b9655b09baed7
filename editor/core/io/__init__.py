"""Core layer, io: network files on disk (YAML and JSON, as fastr writes them), read safely and written
atomically."""
