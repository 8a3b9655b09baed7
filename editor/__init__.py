"""fastr-editor: a desktop editor for fastr workflow networks."""

__version__ = "0.1.0"      # the one place of the version (pyproject.toml reads it)
