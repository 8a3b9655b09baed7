"""Core layer, export: a network as a fastr Python script."""
