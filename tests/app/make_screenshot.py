"""Screenshots of WORC-like networks in the main window (1600x1000), the README's among them.

    python3 tests/app/make_screenshot.py [OUT.png] [--dark]     the README's (resources/screenshot.png)
    python3 tests/app/make_screenshot.py --all DIR              the set to look at: three networks
                                                                 (36, 57 and 78 nodes), fit-all and
                                                                 100 %, light and dark (12 files)

The networks are tests/worc_networks.py's (built with the editor's fastr-style API from fastr's
built-in tools: 12 steps, ids of 50-60 characters, wide fan-ins, a macro), laid out by the editor as
for a state a script wrote.  Runs offscreen; settings go to a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from editor.core.graph.network import Network  # noqa: E402
from tests.worc_networks import worc_like_networks  # noqa: E402

SIZE = (1600, 1000)
SELECTED = {"worc_ct": "featureconverter_train_pyradiomics_Pyradiomics_1_0_CT_0",
            "worc_ct_mr": "featureconverter_train_pyradiomics_Pyradiomics_1_0_CT_0",
            "worc_ct_mr_pet": "featureconverter_train_pyradiomics_Pyradiomics_1_0_CT_0"}



def build_network(name: str = "worc_ct_mr") -> Network:
    """One of the WORC-like networks of tests/worc_networks.py (36, 57 or 78 nodes in 12 steps)."""
    return worc_like_networks()[name]


def lay_out(network: Network) -> None:
    from editor.canvas.autolayout import CANVAS_SIZING
    from editor.model.layoutcmds import layout_positions
    for node_id, position in layout_positions(network, CANVAS_SIZING).items():
        network.nodes[node_id].position = position


def make_screenshot(out: Path, dark: bool = False, settings_dir: str | None = None,
                    name: str = "worc_ct_mr", zoom: str = "fit") -> Path:
    """Grab the window showing network ``name`` to ``out``, at fit-all (``zoom="fit"``) or at
    100 % around the selected node (``zoom="100"``).  Without ``settings_dir`` the settings (and
    fastr's config folder) are pointed at a new temporary folder; with it, the caller has done so."""
    if settings_dir is None:
        settings_dir = tempfile.mkdtemp(prefix="fastr-editor-shot-")
        os.environ["FASTR_EDITOR_SETTINGS_DIR"] = settings_dir
        os.environ["FASTRHOME"] = os.path.join(settings_dir, "fastrhome")

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from editor.app.main import make_application
    from editor.app.mainwindow import MainWindow
    from editor.app.settings import AppSettings
    from editor.core.io.files import save_network

    AppSettings().set_theme("dark" if dark else "light")
    app = make_application()
    network = build_network(name)
    lay_out(network)
    path = Path(settings_dir) / f"{name}.yaml"
    save_network(network, path)

    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    if not window.open_path(str(path), ask=False):
        raise SystemExit("the example network did not open")
    for _ in range(5):
        app.processEvents()
    window.document.selection.set([SELECTED[name]])
    docks = [window.docks.palette] + [d for d in [window.docks.get("properties")] if d is not None]
    window.resizeDocks(docks, [225, 330][:len(docks)], Qt.Orientation.Horizontal)
    problems = window.docks.get("problems")
    if problems is not None:
        problems.model.revalidate()
    table = window.docks.get("node_table")
    if table is not None:
        table.raise_()
        window.resizeDocks([table], [230], Qt.Orientation.Vertical)
    window.statusBar().clearMessage()
    for _ in range(5):
        app.processEvents()
    window.view.fit_all()
    if zoom == "100":
        window.view.zoom_to_rect(window.view.scene().node_items[SELECTED[name]].sceneBoundingRect())
        window.view.center_on_node(SELECTED[name])
        window.view.zoom_to_rect(window.view.scene().node_items[SELECTED[name]].sceneBoundingRect())
    for _ in range(3):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    window.document.undo_stack.setClean()
    window.close()
    QApplication.processEvents()
    return out


def make_all(folder: Path) -> list[Path]:
    """The set to look at, each picture in its own process (the theme is chosen at start)."""
    import subprocess
    made = []
    for name in SELECTED:
        for zoom in ("fit", "100"):
            for theme in ("light", "dark"):
                out = folder / f"{name}_{zoom}_{theme}.png"
                subprocess.run([sys.executable, __file__, str(out), f"--name={name}", f"--zoom={zoom}",
                                *(["--dark"] if theme == "dark" else [])], check=True)
                made.append(out)
    return made


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    if "--all" in sys.argv:
        for made in make_all(Path(args[0]) if args else ROOT / "screenshots"):
            print(made)
    else:
        target = Path(args[0]) if args else ROOT / "resources" / "screenshot.png"
        print(make_screenshot(target, dark="--dark" in sys.argv, name=options.get("name", "worc_ct_mr"),
                              zoom=options.get("zoom", "fit")))
