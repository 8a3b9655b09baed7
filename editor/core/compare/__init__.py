"""Core layer, compare: what changed between two networks (a semantic diff) and its reports."""
