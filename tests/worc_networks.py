"""WORC-like networks for tests, screenshots and benchmarks: what a WORC user really opens.

WORC builds its radiomics networks in Python: per modality and per split (train, test) a source of
images and one of segmentations, preprocessing and segmentix nodes, then per feature toolbox a
feature calculator and a converter whose ids run to 50-60 characters
(``featureconverter_train_pyradiomics_Pyradiomics_1_0_CT_0``), feature sinks, a fan-in that
collects every converter's features, a classification macro, an ensemble, evaluation and plots,
spread over 12 steps. This builds the same shape from fastr's own built-in tools, so it is valid for
fastr 3.4.0 and for the editor and needs no WORC installation:

=============  ==========================================================
modalities      nodes
=============  ==========================================================
1 (CT)          36
2 (CT, MR)      57
3 (CT, MR, PET) 78 (``toolboxes=("pyradiomics",)``: 59)
=============  ==========================================================

No node has a position: the editor lays them out, as for a state a script wrote.
"""

from __future__ import annotations

from collections.abc import Sequence

from editor.core.graph.network import Network
from editor.core.tools.datatypes import builtin_registry
from editor.core.tools.library import builtin_library

ADD_INT = "fastr/math/AddInt:1.0"
MULTIPLY = "fastr/math/Multiply:1.0"
SUBTRACT = "fastr/math/Subtract:1.0"
SUM = "fastr/math/Sum:1.0"
MAX = "fastr/math/Max:1.0"
MIN = "fastr/math/Min:1.0"

#: The steps, in pipeline order (WORC has 10 to 12).
STEPS = ("inputs", "preprocessing", "segmentix", "calcfeatures", "featureconverter", "feature_sinks",
         "collect", "classify", "ensemble", "evaluate", "plot", "output")
MODALITIES = ("CT", "MR", "PET")
TOOLBOXES = ("pyradiomics", "predict")
SPLITS = ("train", "test")


def worc_like_network(modalities: Sequence[str] = ("CT", "MR"),
                      toolboxes: Sequence[str] = TOOLBOXES, *, name: str = "WORC") -> Network:
    """A WORC-like radiomics network; see the module's table for its sizes."""
    net = Network(name, "1.0", library=builtin_library(), types=builtin_registry())
    net.description = "WORC-like radiomics: preprocess, extract features per toolbox, classify, evaluate"
    step = dict(zip(STEPS, STEPS))
    toolbox_config = {t: net.create_constant("Number", [1.5], id=f"config_{t}_featurecalculator",
                                             step_id=step["inputs"]) for t in toolboxes}
    converted: dict[str, list] = {split: [] for split in SPLITS}
    for mod in modalities:
        config = net.create_constant("Int", [1], id=f"config_preprocessing_{mod}_0", step_id=step["inputs"])
        for split in SPLITS:
            images = net.create_source("Int", id=f"images_{split}_{mod}_0", step_id=step["inputs"])
            masks = net.create_source("Int", id=f"segmentations_{split}_{mod}_0", step_id=step["inputs"])
            pre = net.create_node(ADD_INT, "1.0", id=f"preprocessing_{split}_{mod}_0",
                                  step_id=step["preprocessing"])
            pre.inputs["left_hand"] << images.outputs["output"]
            pre.inputs["right_hand"] << config.outputs["output"]
            segmentix = net.create_node(ADD_INT, "1.0", id=f"segmentix_{split}_{mod}_0",
                                        step_id=step["segmentix"])
            segmentix.inputs["left_hand"] << masks.outputs["output"]
            segmentix.inputs["right_hand"] << pre.outputs["result"]
            for toolbox in toolboxes:
                tag = f"{toolbox}_{toolbox.capitalize()}_1_0_{mod}_0"
                calc = net.create_node(MULTIPLY, "1.0", id=f"calcfeatures_{split}_{tag}",
                                       step_id=step["calcfeatures"])
                calc.inputs["left_hand"] << pre.outputs["result"]
                calc.inputs["right_hand"] << segmentix.outputs["result"]
                conv = net.create_node(SUBTRACT, "1.0", id=f"featureconverter_{split}_{tag}",
                                       step_id=step["featureconverter"])
                conv.inputs["left_hand"] << calc.outputs["result"]
                conv.inputs["right_hand"] << toolbox_config[toolbox].outputs["output"]
                sink = net.create_sink("Number", id=f"features_{split}_{tag}", step_id=step["feature_sinks"])
                sink.inputs["input"] << conv.outputs["result"]
                converted[split].append(conv)
    collect = {}
    for split in SPLITS:   # the fan-in: every converter of the split into one input
        node = net.create_node(SUM, "1.0", id=f"collect_features_{split}", step_id=step["collect"])
        for conv in converted[split]:
            node.inputs["values"].append(conv.outputs["result"])
        collect[split] = node

    inner = Network("classify_svm", library=net.library, types=net.types)
    samples = inner.create_source("Number", id="features")
    fit = inner.create_node(SUM, "1.0", id="fit_estimator")
    fit.inputs["values"] << samples.outputs["output"]
    model = inner.create_sink("Number", id="model")
    model.inputs["input"] << fit.outputs["result"]
    classify = net.create_macro(inner, id="classify")
    net.set_step(classify.id, step["classify"])
    classify.inputs["features"] << collect["train"].outputs["result"]

    ensemble = net.create_node(MAX, "1.0", id="ensemble_estimators", step_id=step["ensemble"])
    ensemble.inputs["values"].append(classify.outputs["model"])
    ensemble.inputs["values"].append(collect["test"].outputs["result"])
    performance = net.create_node(MIN, "1.1", id="performance_evaluation", step_id=step["evaluate"])
    performance.inputs["values"].append(ensemble.outputs["maximum"])
    performance.inputs["values"].append(collect["train"].outputs["result"])
    statistics = net.create_node(SUM, "1.0", id="statistical_test_features_train", step_id=step["evaluate"])
    for conv in converted["train"]:   # a second wide fan-in, from far back in the pipeline
        statistics.inputs["values"].append(conv.outputs["result"])
    roc = net.create_node(MULTIPLY, "1.0", id="plot_ROC_curve", step_id=step["plot"])
    roc.inputs["left_hand"] << ensemble.outputs["maximum"]
    roc.inputs["right_hand"] << performance.outputs["minimum"]
    barchart = net.create_node(MULTIPLY, "1.0", id="plot_estimator_performance_barchart", step_id=step["plot"])
    barchart.inputs["left_hand"] << performance.outputs["minimum"]
    barchart.inputs["right_hand"] << statistics.outputs["result"]
    for sink_id, output in (("classification", ensemble.outputs["maximum"]),
                            ("performance", performance.outputs["minimum"]),
                            ("statistical_tests", statistics.outputs["result"]),
                            ("ROC_curve", roc.outputs["result"]),
                            ("barchart", barchart.outputs["result"])):
        sink = net.create_sink("Number", id=f"sink_{sink_id}", step_id=step["output"])
        sink.inputs["input"] << output
    return net


def worc_like_networks() -> dict[str, Network]:
    """The sizes tests and screenshots use, by name: 36, 57 and 78 nodes."""
    return {"worc_ct": worc_like_network(MODALITIES[:1]),
            "worc_ct_mr": worc_like_network(MODALITIES[:2]),
            "worc_ct_mr_pet": worc_like_network(MODALITIES)}
