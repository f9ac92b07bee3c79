"""The widget base class shared by the four elements, and its array and model traits.

Each widget is an anywidget whose front end (static/widget.js) creates one
nnscope element. Plain traits map to element properties by name
(``focus_query`` → ``focusQuery``); array traits hold an
:class:`~nnscope.arrays.EncodedArray` whose JSON is only its key, dtype and
shape, the bytes following in chunks when a view asks for them.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Callable, ClassVar, Sequence

import anywidget
import traitlets
from traitlets import Bool, Dict, Enum, Int, TraitType, Unicode

from .arrays import EncodedArray, NnTypeError, encode
from .transfer import CHUNK_BYTES, ModelFiles, send_bytes

_STATIC = Path(__file__).parent / "static"

#: The output a front end with a kernel draws the widget from.
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def _to_json(value: Any, _widget: Any) -> Any:
    if isinstance(value, (EncodedArray, ModelFiles)):
        return value.meta()
    return value


class ArrayTrait(TraitType):
    """An array the element shows; validated and converted when set.

    ``ranks`` are the accepted ranks; ``urls`` also accepts a string, passed to
    the element as a URL it loads itself; ``layers`` accepts Hugging Face's
    tuple of per-layer attentions.
    """

    default_value = None
    info_text = "an array (numpy, torch, JAX, TensorFlow, nested lists) or None"

    def __init__(self, ranks: Sequence[int], *, as_tensor: bool = False, urls: bool = False, layers: bool = False, **kwargs: Any):
        super().__init__(None, allow_none=True, **kwargs)
        self.ranks = tuple(ranks)
        self.as_tensor = as_tensor
        self.urls = urls
        self.layers = layers
        self.tag(sync=True, to_json=_to_json)

    def validate(self, obj: Any, value: Any) -> Any:
        if value is None or isinstance(value, EncodedArray):
            return value
        if isinstance(value, str):
            if self.urls:
                return value
            raise NnTypeError(f"{self.name}: expected an array, got a string; files are read in Python (e.g. numpy.load) and passed as arrays")
        return encode(value, self.name, ranks=self.ranks, float16=getattr(obj, "_float16", False), layers=self.layers)


class ModelTrait(TraitType):
    """A tfjs LayersModel directory (or its model.json) on the kernel's disk, served through the comm; or a URL the browser loads."""

    default_value = None
    info_text = "a path to a tfjs model directory, a URL, or None"

    def __init__(self, **kwargs: Any):
        super().__init__(None, allow_none=True, **kwargs)
        self.tag(sync=True, to_json=_to_json)

    def validate(self, obj: Any, value: Any) -> Any:
        if value is None or isinstance(value, ModelFiles):
            return value
        if isinstance(value, str) and re.match(r"^(https?:|/|\./)", value) and not Path(value).exists():
            return value  # a URL for the browser
        if isinstance(value, (str, os.PathLike)):
            return ModelFiles.open(value, self.name)
        raise NnTypeError(f"{self.name}: expected the path of a tfjs model directory (with model.json), got {type(value).__name__}")


def _loader_module() -> str:
    """The ``_esm`` every widget shares: a small module that imports static/widget.js once per page.

    anywidget evaluates ``_esm`` once per widget model. Evaluating the widget
    module (tfjs inside) twice on one page breaks tfjs: the second copy's
    layer classes replace the first's in tfjs's registries, so a model loaded
    through one copy fails in the other's executor ("Feed dict has no
    SymbolicTensor name"). So the module travels as a string and is imported
    from one blob: URL, the first time a view needs it.
    """
    module = _STATIC / "widget.js"
    if not module.is_file():
        raise ImportError(f"nnscope: {module} is missing; in a clone of the repository, build it with `npm ci && npm run build:widget`")
    code = module.read_text(encoding="utf-8")
    return (
        f"const code = {json.dumps(code)};\n"
        "globalThis.__nnscopeWidget ??= import(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));\n"
        "export default { async render(props) { return (await globalThis.__nnscopeWidget).render(props); } };\n"
    )


def camel(name: str) -> str:
    """``focus_query`` → ``focusQuery``."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


class NnWidget(anywidget.AnyWidget):
    """One nnscope element in a notebook. Subclasses name the element and declare its traits.

    Keyword ``float16=True`` sends arrays as float16 (half the bytes; values
    over 65504 raise). Changing any trait redraws; traits the user changes by
    interacting (listed per class) come back and can be observed.
    """

    _esm = _loader_module()

    #: The element's tag.
    _tag: ClassVar[str] = ""
    #: Traits whose element property is not ``camel(trait)``.
    _renamed: ClassVar[dict[str, str]] = {}
    #: Traits the user changes in the view, read back after each interaction.
    _readback: ClassVar[tuple[str, ...]] = ()
    #: True where the element pins cells (trait ``pinned``).
    _pins: ClassVar[bool] = False
    #: Traits only the view sets (the element's read-only getters, or state it keeps private).
    _view_only: ClassVar[tuple[str, ...]] = ()

    _spec = Dict().tag(sync=True)

    # NnElement's attributes, common to every element.
    src = Unicode(None, allow_none=True, help="URL of a file the element loads itself (.npy, .npz#name, .safetensors, .json).").tag(sync=True)
    eager = Bool(True, help="Compute at once rather than when scrolled near (the element's default is lazy).").tag(sync=True)
    theme = Enum(["auto", "light", "dark"], "auto", help="Colours: follow the page around the widget, or force light or dark.").tag(sync=True)
    colormap = Unicode(None, allow_none=True, help="Any d3-scale-chromatic scheme name ('viridis', 'magma', 'RdBu', ...).").tag(sync=True)
    link = Unicode(
        None,
        allow_none=True,
        help="Link group name: widgets (and elements on the page) with the same name show each other's focused token, range, channel, head.",
    ).tag(sync=True)
    height = Unicode(None, allow_none=True, help="CSS height of the element, e.g. '480px'; None keeps the element's own.").tag(sync=True)

    # What the view reports.
    error = Unicode(None, allow_none=True, help="The element's error message, or None (set by the view).").tag(sync=True)
    rendered = Int(0, help="How many times the view finished drawing (set by the view).").tag(sync=True)

    def __init__(self, *, float16: bool = False, **kwargs: Any):
        self._float16 = bool(float16)
        self._hover_callbacks: list[Callable[[dict | None], None]] = []
        super().__init__(**kwargs)
        self.on_msg(self._on_message)

    @traitlets.default("_spec")
    def _default_spec(self) -> dict[str, Any]:
        return self._make_spec()

    # ------------------------------------------------------------------ spec

    @classmethod
    def _element_traits(cls) -> dict[str, TraitType]:
        hidden = {"_spec", "error", "rendered", "height"}
        return {
            name: trait
            for name, trait in cls.class_traits(sync=True).items()
            if not name.startswith("_") and name not in hidden and name not in traitlets_layout_traits()
        }

    def _make_spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"tag": self._tag, "properties": {}, "arrays": {}, "models": {}, "readback": {}, "pins": self._pins}
        for name, trait in self._element_traits().items():
            prop = self._renamed.get(name, camel(name))
            if isinstance(trait, ArrayTrait):
                spec["arrays"][name] = {"property": prop, "as": "tensor" if trait.as_tensor else "array"}
            elif isinstance(trait, ModelTrait):
                spec["models"][name] = prop
            elif name not in self._view_only:
                spec["properties"][name] = prop
        for name in self._readback:
            spec["readback"][name] = self._renamed.get(name, camel(name))
        return spec

    # -------------------------------------------------------------- messages

    def _blob(self, key: str) -> memoryview | bytes | None:
        for name, trait in self._element_traits().items():
            value = getattr(self, name)
            if isinstance(value, EncodedArray) and value.key == key:
                return value.buffer()
            if isinstance(value, ModelFiles):
                data = value.read(key)
                if data is not None:
                    return data
        return None

    def _on_message(self, _widget: Any, content: dict, _buffers: list) -> None:
        kind = content.get("type")
        if kind == "request":
            blob = self._blob(content.get("key", ""))
            if blob is not None:
                send_bytes(self.send, content["key"], memoryview(blob), CHUNK_BYTES)
        elif kind == "hover":
            for callback in list(self._hover_callbacks):
                callback(content.get("detail"))

    def on_hover(self, callback: Callable[[dict | None], None], remove: bool = False) -> None:
        """Calls ``callback(detail)`` as the pointer moves over the view (``None`` when it leaves).

        The view sends at most 10 hovers a second, the latest winning, so a
        kernel keeps up. ``detail`` is the element's ``nn-hover`` detail, e.g.
        ``{"layer", "head", "query", "key", "value", ...}`` for attention.

        Example::

            heatmap.on_hover(lambda detail: print(detail))
        """
        if remove:
            self._hover_callbacks.remove(callback)
        else:
            self._hover_callbacks.append(callback)

    # ------------------------------------------------------------ static HTML

    def to_html(self, title: str = "nnscope") -> str:
        """This widget as one self-contained HTML page: interactive, no kernel, no network."""
        from .html import page

        return page([self], title=title)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        from .html import fallback_html, html_output_only

        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if isinstance(data, dict):
            data["text/html"] = fallback_html(self)
            if html_output_only():
                data.pop(WIDGET_VIEW_MIME, None)
        return bundle


def traitlets_layout_traits() -> set[str]:
    """Traits every DOMWidget has (layout, tabbable, tooltip, ...), which are not the element's."""
    import ipywidgets

    return set(ipywidgets.DOMWidget.class_traits(sync=True)) | set(anywidget.AnyWidget.class_traits(sync=True))

