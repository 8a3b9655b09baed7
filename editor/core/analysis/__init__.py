"""Core layer, analysis: what fastr computes of a network before running it (cardinality, sample
dimensions, validation problems)."""
