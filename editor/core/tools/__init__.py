"""Core layer, tools: fastr tool files and the tool library, datatypes and fastr's configuration
(tool and type folders)."""
