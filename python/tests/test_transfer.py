"""Chunking: BERT-base attention (12 x 12 x 512 x 512 float32, 144 MiB) goes in messages under Jupyter's 10 MiB websocket limit, with no copy."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from nnscope import AttentionHeatmap
from nnscope.transfer import CHUNK_BYTES, chunks

WEBSOCKET_LIMIT = 10 * 2**20


def test_chunks_are_views_that_cover_the_buffer() -> None:
    data = np.arange(10, dtype=np.uint8)
    parts = list(chunks(memoryview(data), 4))
    assert [offset for offset, _ in parts] == [0, 4, 8]
    assert [bytes(view) for _, view in parts] == [b"\x00\x01\x02\x03", b"\x04\x05\x06\x07", b"\x08\x09"]
    assert all(view.obj is data for _, view in parts)
    assert list(chunks(memoryview(b""), 4)) == []
    with pytest.raises(ValueError, match="chunk_bytes must be positive, got 0"):
        list(chunks(memoryview(data), 0))


def test_bert_base_attention_is_sent_in_chunks_under_the_websocket_limit_without_copies() -> None:
    attention = np.random.default_rng(0).random((12, 12, 512, 512), dtype=np.float32)
    assert attention.nbytes == 144 * 2**20
    widget = AttentionHeatmap(attention=attention, view="model")
    meta = widget.get_state()["attention"]
    assert np.shares_memory(widget.attention.values, attention), "a float32 C-ordered array is sent as it is"

    received = np.empty(attention.nbytes, dtype=np.uint8)  # the browser's buffer, allocated before measuring
    sizes: list[int] = []

    def send(content: dict, buffers: list) -> None:
        view = memoryview(buffers[0]).cast("B")
        sizes.append(view.nbytes)
        received[content["offset"] : content["offset"] + view.nbytes] = view

    widget.send = send  # type: ignore[method-assign]
    tracemalloc.start()
    widget._on_message(widget, {"type": "request", "key": meta["key"]}, [])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert len(sizes) == 36 and max(sizes) == CHUNK_BYTES < WEBSOCKET_LIMIT
    assert np.array_equal(received.view(np.float32).reshape(attention.shape), attention)
    assert peak < 2**20, f"sending allocated {peak} bytes at peak; chunks must be views"


def test_converting_float64_costs_one_float32_copy() -> None:
    attention = np.random.default_rng(0).random((12, 12, 128, 128))  # float64, 18.9 MB
    tracemalloc.start()
    widget = AttentionHeatmap(attention=attention)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert widget.attention.nbytes == attention.nbytes // 2
    assert peak < widget.attention.nbytes * 1.1, f"peak {peak} bytes for a {widget.attention.nbytes}-byte float32 copy"
