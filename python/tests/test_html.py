"""Static HTML: one self-contained page (the module once, data embedded), and the text/html fallback."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest

import nnscope
from nnscope import AttentionHeatmap, HiddenStateTracer
from nnscope.html import FALLBACK_LIMIT_BYTES

MODULE = (Path(nnscope.__file__).parent / "static" / "widget.js").read_bytes()


def payloads(page: str) -> list[dict]:
    return [json.loads(text.replace("<\\/", "</")) for text in re.findall(r'<script type="application/vnd.nnscope\+json"[^>]*>(.*?)</script>', page, re.S)]


def test_save_html_writes_one_page_with_the_module_once_and_every_widget(tmp_path: Path) -> None:
    attention = np.random.default_rng(0).random((2, 2, 3, 3)).astype(np.float32)
    heatmap = AttentionHeatmap(attention=attention, tokens=["a", "</script>", "c"], view="model")
    tracer = HiddenStateTracer(states=np.zeros((4, 2)), selection=[1, 3])
    path = nnscope.save_html(tmp_path / "page.html", heatmap, tracer)
    page = path.read_text()
    assert page.count('id="nnscope-module"') == 1 and base64.b64encode(MODULE).decode() in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    first, second = payloads(page)
    assert first["state"]["tokens"] == ["a", "</script>", "c"] and first["state"]["view"] == "model"
    key = first["state"]["attention"]["key"]
    assert np.array_equal(np.frombuffer(base64.b64decode(first["blobs"][key]), np.float32).reshape(2, 2, 3, 3), attention)
    assert second["state"]["selection"] == [1, 3]
    assert "_esm" not in first["state"], "the module is in the page once, not in each widget's state"


def test_save_html_names_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="save_html: expected at least one widget after the path, got none"):
        nnscope.save_html(tmp_path / "x.html")
    with pytest.raises(TypeError, match="save_html: argument 2 must be an nnscope widget, got str"):
        nnscope.save_html(tmp_path / "x.html", "heatmap")


def test_to_html_is_a_whole_page() -> None:
    page = AttentionHeatmap(attention=np.eye(3)).to_html(title="eye")
    assert page.startswith("<!doctype html>") and "<title>eye</title>" in page and len(payloads(page)) == 1


def test_widgets_give_a_text_html_fallback_beside_the_widget_view() -> None:
    data = AttentionHeatmap(attention=np.eye(3))._repr_mimebundle_()[0]
    assert "application/vnd.jupyter.widget-view+json" in data
    assert len(payloads(data["text/html"])) == 1 and base64.b64encode(MODULE).decode() in data["text/html"]


def test_nnscope_output_html_leaves_the_widget_view_out_and_keeps_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NNSCOPE_OUTPUT", "html")
    data = AttentionHeatmap(attention=np.eye(3))._repr_mimebundle_()[0]
    assert sorted(data) == ["text/html", "text/plain"]
    assert len(payloads(data["text/html"])) == 1
    monkeypatch.setenv("NNSCOPE_OUTPUT", "widget")
    assert "application/vnd.jupyter.widget-view+json" in AttentionHeatmap(attention=np.eye(3))._repr_mimebundle_()[0]
    monkeypatch.setenv("NNSCOPE_OUTPUT", "static")
    with pytest.raises(ValueError, match="NNSCOPE_OUTPUT must be 'widget' or 'html', got 'static'"):
        AttentionHeatmap(attention=np.eye(3))._repr_mimebundle_()


def test_the_fallback_leaves_out_arrays_too_large_for_a_notebook_file() -> None:
    big = np.zeros((FALLBACK_LIMIT_BYTES // 4 + 1,), dtype=np.float32).reshape(1, -1)
    html = AttentionHeatmap(attention=big)._repr_mimebundle_()[0]["text/html"]
    assert "nnscope.save_html(path, widget)" in html and "vnd.nnscope" not in html
