"""Helpers shared by the tests: a widget's bytes as the front end receives them."""

from __future__ import annotations

import numpy as np
import pytest

from nnscope.arrays import EncodedArray
from nnscope.base import NnWidget


def received(widget: NnWidget, trait: str) -> np.ndarray:
    """Asks ``widget`` for ``trait``'s bytes as the front end does, and rebuilds the array from the chunks sent."""
    meta = widget.get_state()[trait]
    sent: list[tuple[dict, list]] = []
    widget.send = lambda content, buffers=None: sent.append((content, buffers))  # type: ignore[method-assign]
    widget._on_message(widget, {"type": "request", "key": meta["key"]}, [])
    data = bytearray(meta["nbytes"])
    for content, buffers in sent:
        assert content["type"] == "chunk" and content["key"] == meta["key"] and content["nbytes"] == meta["nbytes"]
        view = memoryview(buffers[0]).cast("B")
        data[content["offset"] : content["offset"] + view.nbytes] = view
    return np.frombuffer(bytes(data), dtype=meta["dtype"]).reshape(meta["shape"])


@pytest.fixture
def encoded_type() -> type:
    return EncodedArray
