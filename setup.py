"""Packaging: the ``editor`` packages, and the repository's top-level ``resources/`` folder
(built-in tools, icons, style sheets, desktop entry) shipped inside the wheel as the package data
``editor/_resources``.  Everything else is declared in pyproject.toml.

``resources/`` stays at the top of the repository (the project's layout); in a source checkout or
an editable install ``editor.resources`` finds it there, in an installed wheel next to the code.
Real files inside the package (not a ``share/`` data layout) because Qt and the tool loader need
plain paths and a wheel is always unpacked; this works the same for venv, ``--user`` and system
installs, where a ``data_files`` prefix would not.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["editor", "editor.*"]), "editor._resources"],
    package_dir={"editor._resources": "resources"},
    package_data={"editor._resources": ["**/*"]},
    exclude_package_data={"editor._resources": ["**/__pycache__/*", "**/*.pyc"]},
)
