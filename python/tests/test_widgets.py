"""The widgets: traits, the checks made in Python before anything is sent, and what the front end receives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import received

import nnscope
from nnscope import AttentionHeatmap, FeatureGrid, HiddenStateTracer, NnTypeError, NnValueError, SaliencyOverlay

REPO = Path(__file__).resolve().parents[2]


def test_version_follows_package_json() -> None:
    assert nnscope.__version__ == json.loads((REPO / "package.json").read_text())["version"]


def test_each_widget_names_its_element_and_maps_snake_case_traits_to_properties() -> None:
    spec = AttentionHeatmap()._spec
    assert spec["tag"] == "nn-attention-heatmap"
    assert spec["properties"]["focus_query"] == "focusQuery" and spec["properties"]["normalize"] == "normalization"
    assert spec["arrays"] == {"attention": {"property": "attention", "as": "array"}}
    assert HiddenStateTracer()._spec["properties"]["state"] == "stateKind"
    assert HiddenStateTracer()._spec["readback"] == {"selection": "selection", "selected_units": "selectedUnits", "match_runs": "matchRuns"}
    assert FeatureGrid()._spec["readback"] == {"selected": "selected"}
    assert SaliencyOverlay()._spec["readback"] == {"threshold": "threshold", "top_percent": "topPercent"}
    assert SaliencyOverlay()._spec["arrays"]["image"] == {"property": "image", "as": "tensor"}


def test_every_element_attribute_is_a_trait() -> None:
    """Each attribute in the element's source (@property) has a trait, apart from those a notebook cannot use."""
    not_for_notebooks = {"preprocess"}  # a JS function
    for widget, folder in [(AttentionHeatmap, "attention-heatmap"), (SaliencyOverlay, "saliency-overlay"), (FeatureGrid, "feature-grid"), (HiddenStateTracer, "hidden-state-tracer")]:
        source = (REPO / "src" / "elements" / folder / f"{folder}.ts").read_text()
        properties = set(re.findall(r"@property\([^)]*\)\s+(\w+)[?!]?:", source)) - not_for_notebooks
        spec = widget()._spec
        mapped = set(spec["properties"].values()) | {a["property"] for a in spec["arrays"].values()} | set(spec["models"].values())
        assert properties - mapped == set(), widget.__name__


def test_arrays_arrive_as_binary_float32_in_chunks_never_json_numbers() -> None:
    attention = np.random.default_rng(1).random((2, 3, 5, 5))
    widget = AttentionHeatmap(attention=attention)
    state = widget.get_state()
    assert set(state["attention"]) == {"key", "dtype", "shape", "nbytes"}
    assert state["attention"]["dtype"] == "float32" and state["attention"]["shape"] == [2, 3, 5, 5]
    assert np.array_equal(received(widget, "attention"), attention.astype(np.float32))


def test_float16_option_halves_the_bytes() -> None:
    states = np.random.default_rng(2).random((100, 8)).astype(np.float16)
    widget = HiddenStateTracer(states=states, float16=True)
    assert widget.get_state()["states"]["nbytes"] == states.nbytes
    assert np.array_equal(received(widget, "states"), states)


def test_scalar_and_empty_arrays_round_trip_where_an_element_takes_them() -> None:
    widget = HiddenStateTracer(states=np.zeros((0, 4), dtype=np.float64))
    assert received(widget, "states").shape == (0, 4)
    widget = FeatureGrid(activations=np.zeros((3, 0, 2), dtype=np.int8))
    assert received(widget, "activations").shape == (3, 0, 2)


def test_hugging_face_tuple_of_layers_is_stacked() -> None:
    layers = tuple(np.full((1, 2, 4, 4), i, dtype=np.float32) for i in range(3))
    widget = AttentionHeatmap(attention=layers, tokens=list("abcd"))
    assert widget.get_state()["attention"]["shape"] == [3, 2, 4, 4]
    assert received(widget, "attention")[2].min() == 2


def test_a_new_array_gets_a_new_key_and_stale_requests_are_not_answered() -> None:
    widget = AttentionHeatmap(attention=np.zeros((3, 3)))
    old = widget.get_state()["attention"]["key"]
    widget.attention = np.ones((3, 3))
    sent: list = []
    widget.send = lambda content, buffers=None: sent.append(content)
    widget._on_message(widget, {"type": "request", "key": old}, [])
    assert sent == [] and widget.get_state()["attention"]["key"] != old


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: AttentionHeatmap(attention=np.zeros((5,))), NnValueError, r"^attention: expected rank 2 or 3 or 4, got rank 1 \(shape \[5\]\)"),
        (lambda: AttentionHeatmap(attention=np.zeros((2, 3, 4, 4)), tokens=list("abc")), NnValueError, r"^tokens: expected 4 \(one per token, as attention is \[2, 3, 4, 4\]\), got 3"),
        (lambda: AttentionHeatmap(attention=np.zeros((4, 6)), tokens=list("abcd")), NnValueError, r"^tokens: one list names both axes, but attention is \[4, 6\] \(4 queries, 6 keys\); give query_tokens and key_tokens"),
        (lambda: AttentionHeatmap(attention=np.zeros((4, 6)), query_tokens=list("abcd"), key_tokens=list("abc")), NnValueError, r"^key_tokens: expected 6 \(one per key, as attention is \[4, 6\]\), got 3"),
        (lambda: AttentionHeatmap(attention=np.zeros((2, 3, 4, 4)), layer=2), NnValueError, r"^layer: expected an index in \[0, 2\) \(2 layers, as attention is \[2, 3, 4, 4\]\), got 2"),
        (lambda: AttentionHeatmap(attention=np.zeros((2, 3, 4, 4)), head=3), NnValueError, r"^head: expected an index in \[0, 3\) \(3 heads"),
        (lambda: AttentionHeatmap(attention=np.zeros((4, 4)), mask=[0, 4]), NnValueError, r"^mask: expected an index in \[0, 4\)"),
        (lambda: AttentionHeatmap(attention="attention.npy"), NnTypeError, r"^attention: expected an array, got a string"),
        (lambda: AttentionHeatmap(attention=np.array([["a"]])), NnTypeError, r"^attention: expected numbers"),
        (lambda: SaliencyOverlay(image=np.zeros((4, 4, 2))), NnValueError, r"^image: expected \[H, W\], \[H, W, 1\] or \[H, W, 3\], got \[4, 4, 2\]"),
        (lambda: SaliencyOverlay(saliency=np.zeros(5), tokens=list("abcd")), NnValueError, r"^tokens: expected 5 \(one per row of saliency \[5\]\), got 4"),
        (lambda: SaliencyOverlay(image=np.zeros((4, 4)), saliency=np.zeros(16)), NnValueError, r"^saliency: with an image, expected \[H, W\] or \[H, W, C\], got \[16\]"),
        (lambda: SaliencyOverlay(threshold=1.5), NnValueError, r"^threshold: expected a fraction in \[0, 1\], got 1.5"),
        (lambda: FeatureGrid(activations=np.zeros((2, 4, 4, 8))), NnValueError, r"^activations: expected \[1, H, W, C\] \(one example\) at rank 4, got \[2, 4, 4, 8\]"),
        (lambda: FeatureGrid(activations=np.zeros((8, 4, 4)), activations_layout="chw", labels=["a"] * 4), NnValueError, r"^labels: expected 8 \(one per channel, as activations is \[8, 4, 4\]\), got 4"),
        (lambda: FeatureGrid(activations=np.zeros((4, 4, 8)), selected=8), NnValueError, r"^selected: expected an index in \[0, 8\) \(8 channels\), got 8"),
        (lambda: HiddenStateTracer(states=np.zeros((10, 4)), tokens=["a"] * 9), NnValueError, r"^tokens: expected 10 \(one per step, as states is \[10, 4\]\), got 9"),
        (lambda: HiddenStateTracer(states=np.zeros((10, 4)), cell_states=np.zeros((10, 5))), NnValueError, r"^cell_states: expected the shape of states, \[10, 4\], got \[10, 5\]"),
        (lambda: HiddenStateTracer(states=np.zeros((10, 4)), selection=[4, 11]), NnValueError, r"^selection: expected \[start, end\) with 0 <= start < end <= 10 steps, got \[4, 11\]"),
        (lambda: HiddenStateTracer(states=np.zeros((2, 10, 4)), layer=2), NnValueError, r"^layer: expected an index in \[0, 2\) \(2 layers"),
        (lambda: HiddenStateTracer(model="no/such/dir"), NnValueError, r"^model: expected a tfjs model directory with a model.json, but 'no/such/dir/model.json' does not exist"),
    ],
)
def test_bad_input_raises_in_python_naming_the_argument(make, error, message) -> None:
    with pytest.raises(error, match=message):
        make()


def test_a_bad_change_raises_and_leaves_the_widget_as_it_was() -> None:
    widget = HiddenStateTracer(states=np.zeros((10, 4)), tokens=["t"] * 10)
    with pytest.raises(NnValueError, match=r"^tokens: expected 10"):
        widget.tokens = ["t"] * 3
    assert widget.tokens == ["t"] * 10
    with pytest.raises(NnValueError, match=r"^states: expected rank 2 or 3"):
        widget.states = np.zeros(3)
    assert widget.get_state()["states"]["shape"] == [10, 4]


def test_related_traits_change_together_in_hold_trait_notifications() -> None:
    widget = HiddenStateTracer(states=np.zeros((10, 4)), tokens=["t"] * 10)
    with widget.hold_trait_notifications():
        widget.states = np.zeros((3, 4))
        widget.tokens = ["a", "b", "c"]
    assert widget.tokens == ["a", "b", "c"] and widget.get_state()["states"]["shape"] == [3, 4]
    with pytest.raises(NnValueError, match=r"^tokens: expected 5"):
        with widget.hold_trait_notifications():
            widget.states = np.zeros((5, 4))
    assert widget.get_state()["states"]["shape"] == [3, 4], "rolled back"


def test_on_hover_calls_back_with_the_views_detail() -> None:
    widget = AttentionHeatmap(attention=np.zeros((3, 3)))
    seen: list = []
    widget.on_hover(seen.append)
    widget._on_message(widget, {"type": "hover", "detail": {"query": 1, "key": 2, "value": 0.5}}, [])
    widget._on_message(widget, {"type": "hover", "detail": None}, [])
    widget.on_hover(seen.append, remove=True)
    widget._on_message(widget, {"type": "hover", "detail": {"query": 0}}, [])
    assert seen == [{"query": 1, "key": 2, "value": 0.5}, None]


def test_model_directories_are_served_through_the_comm() -> None:
    model_dir = REPO / "models" / "mnist-cnn"
    widget = FeatureGrid(model=str(model_dir), layer="conv2")
    meta = widget.get_state()["model"]
    assert "model.json" in meta["files"]
    spec = json.loads((model_dir / "model.json").read_text())
    for path in spec["weightsManifest"][0]["paths"]:
        sent: list = []
        widget.send = lambda content, buffers=None: sent.append((content, buffers))
        widget._on_message(widget, {"type": "request", "key": meta["files"][path]["key"]}, [])
        assert b"".join(bytes(b[0]) for _, b in sent) == (model_dir / path).read_bytes()


def test_widgets_work_with_ipywidgets_link_and_layout() -> None:
    import ipywidgets

    tracer = HiddenStateTracer(states=np.zeros((10, 4)))
    other = HiddenStateTracer(states=np.ones((10, 4)))
    link = ipywidgets.link((tracer, "selection"), (other, "selection"))
    tracer.selection = [2, 5]
    assert other.selection == [2, 5]
    link.unlink()
    jslink = ipywidgets.jslink((tracer, "selection"), (other, "selection"))
    assert jslink.source == (tracer, "selection")
    box = ipywidgets.HBox([tracer, other])
    assert box.children == (tracer, other)
