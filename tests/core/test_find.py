"""find_nodes: ids, tools and steps, exact before prefix before inside before fuzzy."""

from __future__ import annotations

from editor.api import create_network
from editor.core.analysis.find import find_nodes


def _net():
    net = create_network("find")
    net.create_source("Int", id="images_train", step_id="load")
    net.create_node("fastr/math/AddInt:1.0", "1.0", id="add", step_id="compute")
    net.create_node("fastr/math/AddInt:1.0", "1.0", id="featureconverter_train_pyradiomics_CT_0", step_id="features")
    net.create_node("fastr/math/AddInt:1.0", "1.0", id="train_classifier", step_id="features")
    net.create_sink("Int", id="classification")
    return net


def ids(matches):
    return [m.node_id for m in matches]


def test_exact_then_prefix_then_inside_then_fuzzy() -> None:
    net = _net()
    assert ids(find_nodes(net, "add"))[0] == "add"
    assert ids(find_nodes(net, "train"))[:3] == ["train_classifier", "images_train",
                                                 "featureconverter_train_pyradiomics_CT_0"]
    assert ids(find_nodes(net, "fcpyr")) == ["featureconverter_train_pyradiomics_CT_0"]
    assert find_nodes(net, "zzz") == [] and find_nodes(net, "  ") == []


def test_tools_and_steps_match_and_say_so() -> None:
    net = _net()
    by_tool = find_nodes(net, "addint")
    assert set(ids(by_tool)) == {"add", "featureconverter_train_pyradiomics_CT_0", "train_classifier"}
    assert {m.field for m in by_tool} == {"tool"}
    by_step = find_nodes(net, "features")
    assert ids(by_step)[:2] == ["featureconverter_train_pyradiomics_CT_0", "train_classifier"]
    assert by_step[0].field == "step"


def test_words_must_all_match_and_case_is_ignored() -> None:
    net = _net()
    assert ids(find_nodes(net, "TRAIN ct")) == ["featureconverter_train_pyradiomics_CT_0"]
    assert len(find_nodes(net, "a", limit=2)) == 2
