"""Make the README screenshot: a WORC-like radiomics network in the main window, 1400x900.

    python3 tests/app/make_screenshot.py [OUT.png] [--dark]

The network is built with the editor's fastr-style API from the built-in tools: training and test
sources, a constant, AddInt/Multiply/Sum/Max nodes, a macro, sinks, and step clusters, laid out automatically.  Runs offscreen; settings go to a temporary folder.
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



def build_network() -> Network:
    """A WORC-like radiomics network (preprocessing, features, classification, evaluation)."""
    net = Network("radiomics", "1.0")
    net.description = "Radiomics: preprocess images, extract features, cross-validate a classifier"
    pre, feat, clf, out = "preprocessing", "feature_extraction", "classification", "output"
    images_train = net.create_source("Int", id="images_train", step_id=pre)
    images_test = net.create_source("Int", id="images_test", step_id=pre)
    masks = net.create_source("Int", id="segmentations", step_id=pre)
    offset = net.create_constant("Int", [1], id="bias_offset", step_id=pre)
    norm_train = net.create_node("fastr/math/AddInt:1.0", "1.0", id="normalize_train", step_id=pre)
    norm_test = net.create_node("fastr/math/AddInt:1.0", "1.0", id="normalize_test", step_id=pre)
    norm_train.inputs["left_hand"] << images_train.outputs["output"]
    norm_train.inputs["right_hand"] << offset.outputs["output"]
    norm_test.inputs["left_hand"] << images_test.outputs["output"]
    norm_test.inputs["right_hand"] << offset.outputs["output"]

    feat_train = net.create_node("fastr/math/Multiply:1.0", "1.0", id="features_train", step_id=feat)
    feat_test = net.create_node("fastr/math/Multiply:1.0", "1.0", id="features_test", step_id=feat)
    feat_train.inputs["left_hand"] << norm_train.outputs["result"]
    feat_train.inputs["right_hand"] << masks.outputs["output"]
    feat_test.inputs["left_hand"] << norm_test.outputs["result"]
    feat_test.inputs["right_hand"] << masks.outputs["output"]

    inner = Network("classify")
    samples = inner.create_source("Number", id="samples")
    fit = inner.create_node("fastr/math/Sum:1.0", "1.0", id="fit")
    fit.inputs["values"] << samples.outputs["output"]
    model = inner.create_sink("Number", id="model")
    model.inputs["input"] << fit.outputs["result"]
    classify = net.create_macro(inner, id="classify")
    net.set_step(classify.id, clf)
    classify.inputs["samples"] << feat_train.outputs["result"]
    score = net.create_node("fastr/math/Max:1.0", "1.0", id="best_score", step_id=clf)
    score.inputs["values"] << feat_test.outputs["result"]

    for sink_id, source in (("trained_model", classify.outputs["model"]),
                            ("test_score", score.outputs["maximum"])):
        sink = net.create_sink("Number", id=sink_id, step_id=out)
        sink.inputs["input"] << source
    return net


def lay_out(network: Network) -> None:
    from editor.canvas.autolayout import CANVAS_SIZING
    from editor.model.layoutcmds import layout_positions
    for node_id, position in layout_positions(network, CANVAS_SIZING).items():
        network.nodes[node_id].position = position


def make_screenshot(out: Path, dark: bool = False, settings_dir: str | None = None) -> Path:
    """Grab the window to ``out``.  Without ``settings_dir`` the settings (and fastr's config
    folder) are pointed at a new temporary folder; with it, the caller has done so."""
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
    network = build_network()
    lay_out(network)
    path = Path(settings_dir) / "radiomics.yaml"
    save_network(network, path)

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    if not window.open_path(str(path), ask=False):
        raise SystemExit("the example network did not open")
    for _ in range(5):
        app.processEvents()
    window.document.selection.set(["normalize_train"])
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
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    window.document.undo_stack.setClean()
    window.close()
    QApplication.processEvents()
    return out


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    target = Path(args[0]) if args else ROOT / "resources" / "screenshot.png"
    print(make_screenshot(target, dark="--dark" in sys.argv))
