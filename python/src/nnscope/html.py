"""Static HTML: widgets as self-contained pages that need no kernel and no network.

A page carries the widget module once (base64, imported from a blob: URL so
that no byte of it can end the script tag early), and per widget its trait
values and array bytes. The module's ``renderStaticPage`` draws each with the
same ``render`` as in a notebook, on a model with no kernel behind it: hover,
zoom, brush and clicks work; picks are not sent anywhere.
"""

from __future__ import annotations

import base64
import html as html_escape
import json
import os
import uuid
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .arrays import EncodedArray
from .transfer import ModelFiles

if TYPE_CHECKING:
    from .base import NnWidget

#: Above this many bytes of arrays a widget's text/html fallback says so
#: instead of embedding them (a notebook file holds every output twice over
#: in base64); ``save_html`` has no limit.
FALLBACK_LIMIT_BYTES = 32 * 2**20

#: ``NNSCOPE_OUTPUT=html`` in the kernel's environment: widget outputs carry
#: only the text/html fallback (and text/plain), no widget view. Quarto has no
#: option to rank text/html above a widget view, and shows a widget view with
#: the html-manager from a CDN, or nothing when the notebook holds no widget
#: state (its ``displayDataMimeType`` and ``widgets.ts``).
OUTPUT_VARIABLE = "NNSCOPE_OUTPUT"

#: The state traits the page needs: the element's, and ``_spec`` and ``height``.
_SKIPPED = {"layout", "tabbable", "tooltip", "_esm", "_css", "_anywidget_id", "_dom_classes", "error", "rendered"}


@lru_cache(maxsize=1)
def _module_base64() -> str:
    module = Path(__file__).parent / "static" / "widget.js"
    return base64.b64encode(module.read_bytes()).decode("ascii")


def _loader() -> str:
    """A module script that imports the widget module once per page and draws every widget not yet drawn."""
    return (
        "<script type=\"module\">\n"
        "const text = document.getElementById('nnscope-module').textContent;\n"
        "window.__nnscope ??= (async () => {\n"
        "  const bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));\n"
        "  const url = URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));\n"
        "  return import(url);\n"
        "})();\n"
        "(await window.__nnscope).renderStaticPage(document);\n"
        "</script>"
    )


def _json_script(value: Any) -> str:
    # "</" would end the script element; "<\/" is the same JSON string.
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


def widget_payload(widget: "NnWidget") -> tuple[dict[str, Any], dict[str, str], int]:
    """The widget's trait state, its bytes (base64, by key) and their size before encoding."""
    state = {key: value for key, value in widget.get_state().items() if key not in _SKIPPED}
    blobs: dict[str, str] = {}
    nbytes = 0
    for name in widget._element_traits():
        value = getattr(widget, name)
        if isinstance(value, EncodedArray):
            blobs[value.key] = base64.b64encode(value.buffer()).decode("ascii")
            nbytes += value.nbytes
        elif isinstance(value, ModelFiles):
            for file, key in value.keys.items():
                data = value.files[file].read_bytes()
                blobs[key] = base64.b64encode(data).decode("ascii")
                nbytes += len(data)
    return state, blobs, nbytes


def payload_bytes(widget: "NnWidget") -> int:
    """Bytes of arrays and model files the widget would embed."""
    total = 0
    for name in widget._element_traits():
        value = getattr(widget, name)
        if isinstance(value, EncodedArray):
            total += value.nbytes
        elif isinstance(value, ModelFiles):
            total += sum(path.stat().st_size for path in value.files.values())
    return total


def _widget_html(widget: "NnWidget") -> str:
    state, blobs, _ = widget_payload(widget)
    target = f"nnscope-{uuid.uuid4().hex}"
    return (
        f'<div id="{target}" class="nnscope-static"></div>\n'
        f'<script type="application/vnd.nnscope+json" data-target="{target}">{_json_script({"state": state, "blobs": blobs})}</script>\n'
    )


def _module_html() -> str:
    return f'<script type="text/plain" id="nnscope-module">{_module_base64()}</script>\n{_loader()}\n'


def page(widgets: Iterable["NnWidget"], title: str = "nnscope") -> str:
    """One HTML page with every widget in ``widgets``: the module once, the data embedded."""
    body = "".join(_widget_html(widget) for widget in widgets)
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html_escape.escape(title)}</title>\n"
        "<style>body { font-family: system-ui, sans-serif; margin: 1rem; } .nnscope-static { margin: 1rem 0; }</style>\n"
        f"</head>\n<body>\n{body}{_module_html()}</body>\n</html>\n"
    )


def save_html(path: str | os.PathLike[str], *widgets: "NnWidget", title: str = "nnscope") -> Path:
    """Writes ``widgets`` to one self-contained, interactive HTML file (no kernel, no network).

    Example::

        nnscope.save_html("attention.html", heatmap, tracer)
    """
    from .base import NnWidget

    if not widgets:
        raise ValueError("save_html: expected at least one widget after the path, got none")
    for i, widget in enumerate(widgets):
        if not isinstance(widget, NnWidget):
            raise TypeError(f"save_html: argument {i + 2} must be an nnscope widget, got {type(widget).__name__}")
    out = Path(path)
    out.write_text(page(widgets, title=title), encoding="utf-8")
    return out


def html_output_only() -> bool:
    """Whether ``NNSCOPE_OUTPUT`` asks for the text/html fallback alone; ``widget`` or unset: widget view and fallback."""
    value = os.environ.get(OUTPUT_VARIABLE, "widget")
    if value not in ("widget", "html"):
        raise ValueError(f"{OUTPUT_VARIABLE} must be 'widget' or 'html', got {value!r}")
    return value == "html"


def fallback_html(widget: "NnWidget") -> str:
    """The widget's text/html: what nbconvert, Quarto and Jupyter Book show where no kernel runs.

    Each output carries the module (a page imports it once) so that any one
    output draws on its own; data over :data:`FALLBACK_LIMIT_BYTES` is left
    out with a note.
    """
    nbytes = payload_bytes(widget)
    if nbytes > FALLBACK_LIMIT_BYTES:
        return (
            f"<p class=\"nnscope-static\">{html_escape.escape(type(widget).__name__)}: {nbytes / 1e6:.1f} MB of arrays is more than "
            f"a notebook output embeds ({FALLBACK_LIMIT_BYTES / 2**20:.0f} MiB); nnscope.save_html(path, widget) writes it to its own page.</p>"
        )
    state, blobs, _ = widget_payload(widget)
    target = f"nnscope-{uuid.uuid4().hex}"
    return (
        f'<div id="{target}" class="nnscope-static"></div>\n'
        f'<script type="application/vnd.nnscope+json" data-target="{target}">{_json_script({"state": state, "blobs": blobs})}</script>\n'
        f"{_module_html().replace('nnscope-module', f'{target}-module')}"
    )
