"""A WORC-like package for tests of fastr's resolved configuration, against real fastr 3.4.0.

``worclike`` ships ``resources/fastr_tools`` (three XML tools using its own datatypes) and
``resources/fastr_types`` (those datatypes); a ``config.d/worclike.py`` in a private FASTRHOME finds
the package with ``importlib.util.find_spec`` when fastr runs it and prepends its folders to
``tools_path``/``types_path``, adds a mount and a preferred type, as WORC's config file does.
So only fastr itself knows the folders: a static reading cannot.

fastr lives in the shared oracle venv, which is never changed: :func:`overlay_python` makes a
small venv (no pip) whose ``.pth`` file puts the oracle venv's site-packages and the folder holding
``worclike`` on ``sys.path``; its ``bin/python`` is "the user's fastr".
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.oracle.fastr_env import fastr_python, venv_dir

PACKAGE = "worclike"
MOUNT = "worclike_data"
PREFERRED = "WorclikeFeatures"

#: tool file (under resources/fastr_tools) -> XML; the namespace is the folders, a last folder equal
#: to the command version dropped (fastr's rule)
TOOLS = {
    "worclike/calcfeatures.xml": """\
<?xml version="1.0"?>
<tool id="CalcFeatures" name="Calculate features" version="1.0">
  <authors><author name="Worclike Tests"/></authors>
  <command version="1.0">
    <authors><author name="Worclike"/></authors>
    <targets><target os="*" arch="*" bin="calcfeatures.py" interpreter="python"/></targets>
  </command>
  <interface>
    <inputs>
      <input id="image" name="image" datatype="NiftiImageFileCompressed" prefix="--image" cardinality="1" required="true"/>
      <input id="config" name="configuration" datatype="WorclikeConfig" prefix="--config" cardinality="1" required="true"/>
    </inputs>
    <outputs>
      <output id="features" name="features" datatype="WorclikeFeatures" prefix="--out" cardinality="1"/>
    </outputs>
  </interface>
</tool>
""",
    "worclike/classify.xml": """\
<?xml version="1.0"?>
<tool id="Classify" name="Train a classifier" version="2.1">
  <authors><author name="Worclike Tests"/></authors>
  <command version="1.0">
    <authors><author name="Worclike"/></authors>
    <targets><target os="*" arch="*" bin="classify.py" interpreter="python"/></targets>
  </command>
  <interface>
    <inputs>
      <input id="features" name="features" datatype="WorclikeFeatures" prefix="--features" cardinality="1-*" required="true"/>
      <input id="config" name="configuration" datatype="WorclikeConfig" prefix="--config" cardinality="1" required="true"/>
    </inputs>
    <outputs>
      <output id="model" name="model" datatype="WorclikeModel" prefix="--model" cardinality="1"/>
    </outputs>
  </interface>
</tool>
""",
    "worclike/plot/3.0/plotroc.xml": """\
<?xml version="1.0"?>
<tool id="PlotROC" name="Plot the ROC curve" version="0.5">
  <authors><author name="Worclike Tests"/></authors>
  <command version="3.0">
    <authors><author name="Worclike"/></authors>
    <targets><target os="*" arch="*" bin="plotroc.py" interpreter="python"/></targets>
  </command>
  <interface>
    <inputs>
      <input id="model" name="model" datatype="WorclikeModel" prefix="--model" cardinality="1" required="true"/>
    </inputs>
    <outputs>
      <output id="figure" name="figure" datatype="PNGFile" prefix="--png" cardinality="1"/>
    </outputs>
  </interface>
</tool>
""",
}

TYPES = {
    "WorclikeConfig": "from fastr.datatypes import URLType\n\n\nclass WorclikeConfig(URLType):\n"
                      "    description = 'worclike configuration file'\n    extension = 'ini'\n",
    "WorclikeFeatures": "from fastr.datatypes import URLType\n\n\nclass WorclikeFeatures(URLType):\n"
                        "    description = 'worclike feature file'\n    extension = 'hdf5'\n",
    "WorclikeModel": "from fastr.datatypes import URLType\n\n\nclass WorclikeModel(URLType):\n"
                     "    description = 'worclike trained model'\n    extension = 'pkl'\n",
    "PNGFile": "from fastr.datatypes import URLType\n\n\nclass PNGFile(URLType):\n"
               "    description = 'PNG image'\n    extension = 'png'\n",
}

#: as WORC's fastrconfig/WORC_config.py (WORC 3.6): the package is found when fastr runs the file
CONFIG_D = f"""\
import os
import fastr
import importlib.util

# Find the installation path
spec = importlib.util.find_spec({PACKAGE!r})
packagedir = os.path.dirname(spec.origin)

# Add the tools and type paths
tools_path = [os.path.join(packagedir, 'resources', 'fastr_tools')] + tools_path
types_path = [os.path.join(packagedir, 'resources', 'fastr_types')] + types_path

# Mounts accessible to fastr virtual file system
mounts[{MOUNT!r}] = os.path.join(packagedir, 'exampledata')
mounts['apps'] = os.path.expanduser(os.path.join('~', 'apps'))
mounts['output'] = os.path.expanduser(os.path.join('~', 'WORC', 'output'))

# The ITKFile type requires a preferred type when no specification is given.
preferred_types += [{PREFERRED!r}]
"""

#: tool ids (the editor's ns_id) of the package
TOOL_IDS = ["worclike/CalcFeatures:1.0", "worclike/Classify:1.0", "worclike/plot/PlotROC:3.0"]

NETWORK = """\
id: radiomics
version: '1.0'
nodelist:
- {id: images, class: SourceNode, tool: {id: fastr/Source:1.0, version: '1.0'},
   outputs: [{id: output, datatype: NiftiImageFileCompressed}]}
- {id: configs, class: SourceNode, tool: {id: fastr/Source:1.0, version: '1.0'},
   outputs: [{id: output, datatype: WorclikeConfig}]}
- {id: features, class: Node, tool: {id: 'worclike/CalcFeatures:1.0', version: '1.0'},
   inputs: [{id: image, datatype: NiftiImageFileCompressed}, {id: config, datatype: WorclikeConfig}],
   outputs: [{id: features, datatype: WorclikeFeatures}]}
- {id: classify, class: Node, tool: {id: 'worclike/Classify:1.0', version: '2.1'},
   inputs: [{id: features, datatype: WorclikeFeatures}, {id: config, datatype: WorclikeConfig}],
   outputs: [{id: model, datatype: WorclikeModel}]}
- {id: roc, class: Node, tool: {id: 'worclike/plot/PlotROC:3.0', version: '0.5'},
   inputs: [{id: model, datatype: WorclikeModel}], outputs: [{id: figure, datatype: PNGFile}]}
- {id: figure, class: SinkNode, tool: {id: fastr/Sink:1.0, version: '1.0'},
   inputs: [{id: input, datatype: PNGFile}]}
linklist:
- {id: l0, source: 'fastr:///networks/radiomics/1.0/nodelist/images/outputs/output',
   target: 'fastr:///networks/radiomics/1.0/nodelist/features/inputs/image/0'}
- {id: l1, source: 'fastr:///networks/radiomics/1.0/nodelist/configs/outputs/output',
   target: 'fastr:///networks/radiomics/1.0/nodelist/features/inputs/config/0'}
- {id: l2, source: 'fastr:///networks/radiomics/1.0/nodelist/features/outputs/features',
   target: 'fastr:///networks/radiomics/1.0/nodelist/classify/inputs/features/0'}
- {id: l3, source: 'fastr:///networks/radiomics/1.0/nodelist/configs/outputs/output',
   target: 'fastr:///networks/radiomics/1.0/nodelist/classify/inputs/config/0'}
- {id: l4, source: 'fastr:///networks/radiomics/1.0/nodelist/classify/outputs/model',
   target: 'fastr:///networks/radiomics/1.0/nodelist/roc/inputs/model/0'}
- {id: l5, source: 'fastr:///networks/radiomics/1.0/nodelist/roc/outputs/figure',
   target: 'fastr:///networks/radiomics/1.0/nodelist/figure/inputs/input/0'}
"""


@dataclass(frozen=True)
class Worclike:
    """The package folder (``<site>/worclike``) and the overlay venv's python."""

    package: Path
    python: Path

    @property
    def tools_dir(self) -> Path:
        return self.package / "resources" / "fastr_tools"

    @property
    def types_dir(self) -> Path:
        return self.package / "resources" / "fastr_types"


def write_package(site: Path) -> Path:
    """``site/worclike`` with its tools and datatypes."""
    package = site / PACKAGE
    for name, text in TOOLS.items():
        path = package / "resources" / "fastr_tools" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    types = package / "resources" / "fastr_types"
    types.mkdir(parents=True, exist_ok=True)
    for name, text in TYPES.items():
        (types / f"{name}.py").write_text(text, encoding="utf-8")
    (package / "exampledata").mkdir(exist_ok=True)
    (package / "__init__.py").write_text('"""A WORC-like package (tests)."""\n', encoding="utf-8")
    return package


def _oracle_site() -> Path:
    python = fastr_python()
    found = sorted(venv_dir().glob("lib/python3*/site-packages"))
    if not found:
        raise RuntimeError(f"no site-packages in the fastr venv of {python}")
    return found[0]


def overlay_python(folder: Path, extra: Path | None = None) -> Path:
    """A venv in ``folder`` (no pip) that sees the oracle venv's packages (and ``extra``)."""
    subprocess.run([str(fastr_python()), "-m", "venv", "--without-pip", str(folder)], check=True,
                   capture_output=True, timeout=300)
    python = folder / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True, timeout=60).stdout.strip())
    oracle = _oracle_site()
    # a plain line (the editor finds fastr by reading it) and addsitedir (the oracle's own .pth files)
    lines = [str(oracle), f"import site; site.addsitedir({str(oracle)!r})"]
    if extra is not None:
        lines.insert(0, str(extra))
    (site / "zz-fastr-oracle.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return python


def make_worclike(root: Path) -> Worclike:
    """The package in ``root/site`` and the overlay venv in ``root/venv`` that can import it."""
    site = root / "site"
    package = write_package(site)
    return Worclike(package, overlay_python(root / "venv", site))


def fastrhome(folder: Path, **config_d: str) -> Path:
    """A FASTRHOME with ``config.d/<name>.py`` files (default: the worclike one)."""
    (folder / "config.d").mkdir(parents=True, exist_ok=True)
    for name, text in (config_d or {"worclike": CONFIG_D}).items():
        (folder / "config.d" / f"{name}.py").write_text(text, encoding="utf-8")
    return folder


def fastr_environ(home: Path, data: Path, **extra: str) -> dict[str, str]:
    """The environment for asking fastr: FASTRHOME and the editor's data folder in ``tmp``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "FASTR"))}
    env.update(FASTRHOME=str(home), FASTR_EDITOR_DATA_DIR=str(data), PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


__all__ = ["CONFIG_D", "MOUNT", "NETWORK", "PREFERRED", "TOOL_IDS", "TOOLS", "TYPES", "Worclike",
           "fastr_environ", "fastrhome", "make_worclike", "overlay_python"]
