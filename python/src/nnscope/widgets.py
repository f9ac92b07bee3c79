"""The four widgets, one per nnscope element, with their traits and the checks made before anything is sent.

Every attribute of the element is a trait of the same name in snake_case.
Shapes, ranks and token counts are checked in Python: a mistake raises
NnValueError (a ValueError) or NnTypeError (a TypeError) naming the
argument, what was expected and what was given, and nothing is sent.
"""

from __future__ import annotations

from typing import Any

import traitlets
from traitlets import Bool, Dict, Enum, Float, Int, List, Unicode, Union

from .arrays import EncodedArray, NnValueError, format_shape
from .base import ArrayTrait, ModelTrait, NnWidget


def _shape(value: Any) -> tuple[int, ...] | None:
    return value.shape if isinstance(value, EncodedArray) else None


def _check_count(name: str, items: list | None, expected: int, what: str) -> None:
    if items is not None and len(items) != expected:
        raise NnValueError(f"{name}: expected {expected} ({what}), got {len(items)}")


def _check_index(name: str, index: Any, size: int, what: str) -> None:
    if isinstance(index, int) and not 0 <= index < size:
        raise NnValueError(f"{name}: expected an index in [0, {size}) ({what}), got {index}")


def _json_domain(value: Any, _widget: Any) -> Any:
    """The element's `domain` is a string: 'auto' or '[min, max]'."""
    return value if isinstance(value, str) else f"[{float(value[0])!r}, {float(value[1])!r}]"


class _Checked(NnWidget):
    """Checks the whole state (:meth:`_check`) whenever one of ``_checked`` changes.

    Each subclass registers ``_validate_state`` for its ``_checked`` traits. In
    a constructor or a ``hold_trait_notifications()`` block, traitlets runs the
    check once all values are set, and rolls them all back when it raises.
    """

    _checked: tuple[str, ...] = ()

    def _validated(self, proposal: Any) -> Any:
        state = {name: getattr(self, name) for name in self._checked}
        state[proposal["trait"].name] = proposal["value"]
        self._check(state)
        return proposal["value"]

    def _check(self, state: dict[str, Any]) -> None:
        raise NotImplementedError


class AttentionHeatmap(_Checked):
    """``<nn-attention-heatmap>``: attention of any transformer, one head to a whole model.

    Example::

        model = AutoModel.from_pretrained(name, attn_implementation="eager")  # sdpa returns no attentions
        out = model(**inputs, output_attentions=True)
        AttentionHeatmap(attention=out.attentions, tokens=tokenizer.convert_ids_to_tokens(inputs.input_ids[0]), view="model")

    The user's picks come back: ``layer`` and ``head`` (a head clicked in the
    model view), ``pinned`` (``{"query", "key"}`` of the cell clicked),
    ``focus_query`` / ``focus_key``, ``rollout``.
    """

    _tag = "nn-attention-heatmap"
    _renamed = {"normalize": "normalization"}
    _readback = ("layer", "head", "rollout", "focus_query", "focus_key")
    _pins = True
    _view_only = ("pinned",)
    _checked = ("attention", "tokens", "query_tokens", "key_tokens", "layer", "head", "mask", "focus_query", "focus_key")

    attention = ArrayTrait(
        (2, 3, 4), layers=True, help="[q, k], [heads, q, k], [layers, heads, q, k], or Hugging Face's tuple of [1, heads, q, k]"
    )
    tokens = List(Unicode(), default_value=None, allow_none=True, help="Tokens of both axes (self-attention).").tag(sync=True)
    query_tokens = List(Unicode(), default_value=None, allow_none=True, help="Query-axis tokens (cross-attention).").tag(sync=True)
    key_tokens = List(Unicode(), default_value=None, allow_none=True, help="Key-axis tokens (cross-attention).").tag(sync=True)
    view = Enum(["matrix", "model", "lines", "text", "patches"], "matrix").tag(sync=True)
    layer = Int(0, help="Layer index (from 0).").tag(sync=True)
    head = Union([Int(), Enum(["mean", "max"])], default_value=0, help="Head index, or 'mean' / 'max' over the heads.").tag(sync=True)
    rollout = Bool(False, help="Attention rollout (Abnar & Zuidema, 2020) through `layer`.").tag(sync=True)
    mask = List(Int(), default_value=None, allow_none=True, help="Token indices to hide.").tag(sync=True)
    scale = Enum(["linear", "sqrt", "log"], "linear").tag(sync=True)
    domain = Union([Enum(["auto"]), List(Float(), minlen=2, maxlen=2)], default_value="auto").tag(sync=True, to_json=_json_domain)
    normalize = Enum(["none", "row", "column"], "none").tag(sync=True)
    downsample = Enum(["max", "mean"], "max").tag(sync=True)
    focus_query = Int(None, allow_none=True, help="The query token in focus (set by the view too).").tag(sync=True)
    focus_key = Int(None, allow_none=True, help="The key token in focus (set by the view too).").tag(sync=True)
    patch_grid = List(Int(), default_value=None, allow_none=True, minlen=2, maxlen=2, help="ViT: [rows, cols] of patches.").tag(sync=True)
    patch_offset = Int(None, allow_none=True, help="ViT: index of the first patch token.").tag(sync=True)
    image = Unicode(None, allow_none=True, help="ViT: URL (or data: URL) of the picture under the patches.").tag(sync=True)
    text_direction = Enum(["received", "given"], "received").tag(sync=True)
    pinned = Dict(default_value=None, allow_none=True, help="The cell the user clicked: {'query', 'key'} (set by the view).").tag(sync=True)

    @traitlets.validate(*_checked)
    def _validate_state(self, proposal: Any) -> Any:
        return self._validated(proposal)

    def _check(self, state: dict[str, Any]) -> None:
        shape = _shape(state["attention"])
        if shape is None:
            return
        full = (1,) * (4 - len(shape)) + shape
        layers, heads, queries, keys = full
        given = f"attention is {format_shape(shape)}"
        if state["tokens"] is not None and (state["query_tokens"] is None or state["key_tokens"] is None):
            if queries != keys:
                raise NnValueError(
                    f"tokens: one list names both axes, but {given} ({queries} queries, {keys} keys); give query_tokens and key_tokens"
                )
            _check_count("tokens", state["tokens"], queries, f"one per token, as {given}")
        _check_count("query_tokens", state["query_tokens"], queries, f"one per query, as {given}")
        _check_count("key_tokens", state["key_tokens"], keys, f"one per key, as {given}")
        _check_index("layer", state["layer"], layers, f"{layers} layers, as {given}")
        _check_index("head", state["head"], heads, f"{heads} heads, as {given}")
        for index in state["mask"] or []:
            _check_index("mask", index, max(queries, keys), given)
        _check_index("focus_query", state["focus_query"], queries, given)
        _check_index("focus_key", state["focus_key"], keys, given)


class SaliencyOverlay(_Checked):
    """``<nn-saliency-overlay>``: an attribution map over an image or text.

    Give ``image`` ([H, W] or [H, W, 1|3], values in [0, 1]) and a map
    ``saliency`` computed in Python, or a tfjs ``model`` (a model.json
    directory, served through the comm) with ``target`` and ``method`` to
    compute it in the browser. ``threshold`` (and ``top_percent`` in mask
    mode) come back when the user moves the slider.
    """

    _tag = "nn-saliency-overlay"
    _readback = ("threshold", "top_percent")
    _checked = ("image", "saliency", "tokens", "token_ids", "threshold", "top_percent")

    image = ArrayTrait((2, 3), as_tensor=True, urls=True, help="The picture: [H, W] or [H, W, 1|3] in [0, 1], or a URL.")
    saliency = ArrayTrait((1, 2, 3), help="A precomputed map: [H, W] or [H, W, C]; text: [tokens] or [tokens, features].")
    saliency_src = Unicode(None, allow_none=True, help="URL of a precomputed map file.").tag(sync=True)
    model = ModelTrait(help="A tfjs LayersModel directory (model.json and weights) or a URL.")
    target = Int(None, allow_none=True, help="The class whose logit is explained.").tag(sync=True)
    method = Enum(["gradient", "gradient-x-input", "smoothgrad", "integrated-gradients", "grad-cam", "occlusion"], "gradient").tag(sync=True)
    samples = Int(25).tag(sync=True)
    noise = Float(0.15).tag(sync=True)
    steps = Int(32).tag(sync=True)
    baseline = Enum(["black", "white", "blur", "noise"], "black").tag(sync=True)
    layer = Unicode(None, allow_none=True, help="Grad-CAM's layer name.").tag(sync=True)
    window = Int(None, allow_none=True, help="Occlusion's window side in pixels.").tag(sync=True)
    seed = Int(0).tag(sync=True)
    tokens = List(Unicode(), default_value=None, allow_none=True).tag(sync=True)
    token_ids = List(Int(), default_value=None, allow_none=True).tag(sync=True)
    mode = Enum(["overlay", "side-by-side", "heatmap", "mask"], "overlay").tag(sync=True)
    opacity = Float(0.75).tag(sync=True)
    signed = Bool(False).tag(sync=True)
    clip_percentile = Float(99.5).tag(sync=True)
    top_percent = Float(10.0, help="Mask mode: percentage of pixels kept (set by the slider too).").tag(sync=True)
    threshold = Float(0.0, help="Fraction of the clip value under which the map is hidden (set by the slider too).").tag(sync=True)
    compare = Union([Unicode(), List(Unicode())], default_value=None, allow_none=True).tag(sync=True)
    backdrop = Enum(["auto", "colour", "grey"], "auto", help="The picture under an overlay: as it is, greyed, or grey only for a colour picture in overlay mode.").tag(sync=True)
    labels = List(Unicode(), default_value=None, allow_none=True, help="Class names, so the legend says which class it explains.").tag(sync=True)

    @traitlets.validate(*_checked)
    def _validate_state(self, proposal: Any) -> Any:
        return self._validated(proposal)

    def _check(self, state: dict[str, Any]) -> None:
        image, saliency, tokens = _shape(state["image"]), _shape(state["saliency"]), state["tokens"]
        if image is not None and len(image) == 3 and image[2] not in (1, 3):
            raise NnValueError(f"image: expected [H, W], [H, W, 1] or [H, W, 3], got {format_shape(image)}")
        if saliency is not None and tokens is not None:
            if len(saliency) > 2:
                raise NnValueError(f"saliency: with tokens, expected [tokens] or [tokens, features], got {format_shape(saliency)}")
            _check_count("tokens", tokens, saliency[0], f"one per row of saliency {format_shape(saliency)}")
        elif saliency is not None and image is not None and len(saliency) < 2:
            raise NnValueError(f"saliency: with an image, expected [H, W] or [H, W, C], got {format_shape(saliency)}")
        if state["token_ids"] is not None and tokens is not None:
            _check_count("token_ids", state["token_ids"], len(tokens), "one per token")
        if not 0 <= state["threshold"] <= 1:
            raise NnValueError(f"threshold: expected a fraction in [0, 1], got {state['threshold']}")
        if not 0 <= state["top_percent"] <= 100:
            raise NnValueError(f"top_percent: expected a percentage in [0, 100], got {state['top_percent']}")


class FeatureGrid(_Checked):
    """``<nn-feature-grid>``: a layer's channel activations as a grid of tiles.

    ``activations`` are [H, W, C], [1, H, W, C], or [N, C] for a dense layer; ``activations_layout="chw"``
    (the attribute ``layout``, renamed apart from ipywidgets' ``layout``) takes PyTorch's [C, H, W]. ``selected`` (the channel
    clicked) comes back.
    """

    _tag = "nn-feature-grid"
    _renamed = {"normalize": "normalization", "activations_layout": "layout"}
    _readback = ("selected",)
    _checked = ("activations", "activations_layout", "labels", "images", "selected")

    activations = ArrayTrait((2, 3, 4), help="[H, W, C] (or activations_layout='chw'), [1, H, W, C], or [N, C].")
    activations_layout = Enum(["hwc", "chw"], None, allow_none=True, help="Attribute `layout`: channels last (default) or first (PyTorch). Named apart from ipywidgets' `layout`.").tag(sync=True)
    images = ArrayTrait((4,), as_tensor=True, help="Precomputed pictures [N, h, w, 1|3|4], one tile each.")
    labels = List(Unicode(), default_value=None, allow_none=True).tag(sync=True)
    model = ModelTrait(help="A tfjs LayersModel directory; with layer and input the browser computes the activations.")
    layer = Unicode(None, allow_none=True, help="Name of the model's layer.").tag(sync=True)
    input = ArrayTrait((3, 4), as_tensor=True, urls=True, help="The example for `model`: [h, w, c] or [1, h, w, c], or a URL.")
    channels = Union([List(Int()), Unicode()], default_value=None, allow_none=True, help="Indices, or 'top:N'.").tag(sync=True)
    optimize = Bool(False).tag(sync=True)
    steps = Int(256).tag(sync=True)
    learning_rate = Float(0.05).tag(sync=True)
    seed = Int(0).tag(sync=True)
    total_variation = Float(0.0).tag(sync=True)
    sparsity = Float(0.0).tag(sync=True)
    background = Float(0.5).tag(sync=True)
    objective = Enum(["channel", "neuron"], "channel").tag(sync=True)
    sort = Union([Enum(["index", "mean", "max"]), List(Int())], default_value="index").tag(sync=True)
    normalize = Enum(["global", "tile"], "global").tag(sync=True)
    columns = Int(None, allow_none=True).tag(sync=True)
    view = Enum(["grid", "spatial"], "grid").tag(sync=True)
    selected = Int(None, allow_none=True, help="The selected channel (set by a click too).").tag(sync=True)

    @traitlets.validate(*_checked)
    def _validate_state(self, proposal: Any) -> Any:
        return self._validated(proposal)

    def _check(self, state: dict[str, Any]) -> None:
        shape, images = _shape(state["activations"]), _shape(state["images"])
        if images is not None and images[3] not in (1, 3, 4):
            raise NnValueError(f"images: expected [N, h, w, 1|3|4], got {format_shape(images)}")
        if shape is None:
            if images is not None:
                _check_count("labels", state["labels"], images[0], f"one per image, as images is {format_shape(images)}")
            return
        if len(shape) == 4 and shape[0] != 1:
            raise NnValueError(f"activations: expected [1, H, W, C] (one example) at rank 4, got {format_shape(shape)}")
        if len(shape) == 2:
            channels = shape[1]
        elif state["activations_layout"] == "chw":
            channels = shape[-3]
        else:
            channels = shape[-1]
        _check_count("labels", state["labels"], channels, f"one per channel, as activations is {format_shape(shape)}")
        _check_index("selected", state["selected"], channels, f"{channels} channels")


class HiddenStateTracer(_Checked):
    """``<nn-hidden-state-tracer>``: LSTMVis for hidden states ``[T, D]`` or ``[L, T, D]``.

    Brushing steps sets ``selection`` (``[start, end]``), and with it
    ``selected_units`` (the units on throughout) and ``match_runs`` (other
    places they are all on, ``[start, end]`` each).
    """

    _tag = "nn-hidden-state-tracer"
    _renamed = {"state": "stateKind"}
    _readback = ("selection", "selected_units", "match_runs")
    _view_only = ("selected_units", "match_runs")
    _checked = ("states", "cell_states", "layer", "tokens", "selection")

    states = ArrayTrait((2, 3), help="Hidden states [T, D] or [L, T, D].")
    cell_states = ArrayTrait((2, 3), help="Cell states of the same shape (an LSTM's c_t).")
    cell_src = Unicode(None, allow_none=True).tag(sync=True)
    state = Enum(["hidden", "cell"], "hidden").tag(sync=True)
    layer = Union([Int(), Unicode()], default_value=None, allow_none=True, help="Layer index of [L, T, D], or a model's layer name.").tag(sync=True)
    tokens = List(Unicode(), default_value=None, allow_none=True, help="One string per step.").tag(sync=True)
    model = ModelTrait(help="A tfjs LayersModel directory with an LSTM, GRU or SimpleRNN layer.")
    input = ArrayTrait((1, 2), as_tensor=True, help="Token ids [T] (or [T, features]) for `model`.")
    threshold = Float(0.3).tag(sync=True)
    selection = List(Int(), default_value=None, allow_none=True, minlen=2, maxlen=2, help="Brushed steps [start, end) (set by the view too).").tag(sync=True)
    strict = Bool(False).tag(sync=True)
    max_matches = Int(50).tag(sync=True)
    context = Int(4).tag(sync=True)
    heatmap = Enum(["selected", "all"], "selected").tag(sync=True)
    selected_units = List(Int(), help="Units on throughout the selection (set by the view).").tag(sync=True)
    match_runs = List(List(Int()), help="Other runs where all selected units are on, [start, end] each (set by the view).").tag(sync=True)

    @traitlets.validate(*_checked)
    def _validate_state(self, proposal: Any) -> Any:
        return self._validated(proposal)

    def _check(self, state: dict[str, Any]) -> None:
        shape, cells = _shape(state["states"]), _shape(state["cell_states"])
        if shape is None:
            return
        if cells is not None and cells != shape:
            raise NnValueError(f"cell_states: expected the shape of states, {format_shape(shape)}, got {format_shape(cells)}")
        steps = shape[-2]
        layers = shape[0] if len(shape) == 3 else 1
        _check_count("tokens", state["tokens"], steps, f"one per step, as states is {format_shape(shape)}")
        _check_index("layer", state["layer"], layers, f"{layers} layers, as states is {format_shape(shape)}")
        selection = state["selection"]
        if selection is not None and not 0 <= selection[0] < selection[1] <= steps:
            raise NnValueError(f"selection: expected [start, end) with 0 <= start < end <= {steps} steps, got {list(selection)}")
