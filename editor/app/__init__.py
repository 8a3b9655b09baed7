"""App layer: the main window, actions, dialogs, settings and the command line."""
