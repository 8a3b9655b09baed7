"""export_image writes a valid SVG and a 2x PNG, offscreen, without a window."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from editor.canvas.export import export_image
from editor.canvas.theme import DARK
from editor.model.document import Document
from tests.canvas.helpers import load_golden, small_network

ROOT = Path(__file__).resolve().parents[2]


def test_svg_is_valid_and_keeps_text(qapp, tmp_path: Path) -> None:
    target = export_image(small_network(), tmp_path / "net.svg")
    root = ET.parse(target).getroot()
    assert root.tag.endswith("svg")
    text = target.read_text(encoding="utf-8")
    for word in ("add", "fastr/math/AddInt:1.0", "left_hand", "sink"):
        assert word in text                     # text stays text: crisp and searchable
    assert float(root.get("viewBox").split()[2]) > 600


def test_png_is_twice_the_size_with_a_white_background(qapp, tmp_path: Path) -> None:
    svg = export_image(small_network(), tmp_path / "net.svg")
    png = export_image(small_network(), tmp_path / "net.png")
    image = QImage(str(png))
    assert not image.isNull()
    width = float(ET.parse(svg).getroot().get("viewBox").split()[2])
    assert abs(image.width() - 2 * width) <= 2
    assert image.pixelColor(2, 2).name() == "#ffffff"
    dark = QImage(str(export_image(small_network(), tmp_path / "dark.png", theme=DARK)))
    assert dark.pixelColor(2, 2).lightnessF() < 0.3


def test_selection_and_unplaced_networks(qapp, tmp_path: Path) -> None:
    network = small_network()
    full = QImage(str(export_image(network, tmp_path / "all.png")))
    part = QImage(str(export_image(network, tmp_path / "part.png", selection=["src", "add"])))
    assert part.width() < full.width()
    golden = load_golden("failing_network")
    assert all(n.position is None for n in golden.nodes.values())
    export_image(golden, tmp_path / "golden.svg")
    assert all(n.position is None for n in golden.nodes.values())   # laid out for the picture only


def test_document_export_leaves_the_document_alone(qapp, tmp_path: Path) -> None:
    document = Document(small_network())
    document.selection.set(["add"])
    export_image(document, tmp_path / "doc.svg")
    assert document.selection.nodes == ["add"] and document.undo_stack.count() == 0


def test_bad_suffix(qapp, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_image(small_network(), tmp_path / "net.gif")


def test_export_works_without_an_application_or_display(tmp_path: Path) -> None:
    code = ("import os\nos.environ.pop('DISPLAY', None); os.environ.pop('QT_QPA_PLATFORM', None)\n"
            "from editor.canvas.export import export_image\nfrom tests.canvas.helpers import small_network\n"
            f"export_image(small_network(), {str(tmp_path / 'x.png')!r})\n"
            f"export_image(small_network(), {str(tmp_path / 'x.svg')!r})\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120,
                   env={k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")})
    assert (tmp_path / "x.png").stat().st_size > 1000 and (tmp_path / "x.svg").stat().st_size > 1000


def test_dimension_labels_in_the_export(qapp, tmp_path: Path) -> None:
    text = export_image(small_network(), tmp_path / "dims.svg", dimensions="letters").read_text(encoding="utf-8")
    assert "[N]" in text


def test_svg_keeps_every_whole_node_id_even_when_the_drawing_shortens_it(qapp, tmp_path: Path) -> None:
    """WORC's ids run to 60 characters and more; the box shows them shortened in the middle, and
    the file keeps each whole id as the <title> of an invisible box over its node."""
    from editor.api import create_network
    long_id = "featureconverter_train_pyradiomics_Pyradiomics_1_0_CT_0_extra_long"
    net = create_network("long_ids")
    source = net.create_source("Int", id=long_id)
    sink = net.create_sink("Int", id="sink")
    sink.input << source.output
    target = export_image(net, tmp_path / "long.svg")
    text = target.read_text()
    root = ET.parse(target).getroot()
    titles = [el.text for el in root.iter() if el.tag.endswith("title")]
    assert long_id in titles and "sink" in titles
    drawn = " ".join(el.text or "" for el in root.iter() if el.tag.endswith("text"))
    assert long_id not in drawn                      # the drawing did shorten it
    assert text.count('class="fastr-node"') == 2


def test_exports_are_written_atomically(qapp, tmp_path: Path, monkeypatch) -> None:
    """A failing write leaves the previous picture whole (the file is replaced, never truncated)."""
    from editor.core.errors import SaveError
    import editor.canvas.export as export
    target = tmp_path / "net.png"
    target.write_bytes(b"old picture")

    def failing(path, data, **kwargs):
        raise SaveError(str(path), "the disk is full")
    monkeypatch.setattr(export, "write_bytes_atomic", failing)
    with pytest.raises(SaveError):
        export_image(small_network(), target)
    assert target.read_bytes() == b"old picture"
