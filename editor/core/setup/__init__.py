"""Core layer, setup: what every entry point (window, validate, export, convert, run) loads before it
works: one tool library from the editor's folders, the user's fastr configuration and the built-ins."""
