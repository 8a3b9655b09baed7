"""Panels layer: docks (palette, properties, problems, node table)."""
