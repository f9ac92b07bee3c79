"""Reference values for the attention compute tests, computed by numpy.

Writes test/fixtures/attention/*.json (small) and *.npy:
- rollout.json: a random softmax attention [3 layers, 2 heads, 5, 5], the mean
  and max over heads of each layer, and attention rollout (Abnar & Zuidema,
  2020) through every layer, computed here with numpy in float64.
- causal.npy: a causal [2, 3, 6, 6] attention (upper triangle exactly 0).
"""
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "attention"


def softmax(x, causal=False):
    if causal:
        n = x.shape[-1]
        x = np.where(np.tril(np.ones((n, n), dtype=bool)), x, -np.inf)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def rollout(attention):
    """R_0 = Â_0, R_l = Â_l · R_(l-1), Â = rownorm(0.5 * mean_heads(A) + 0.5 * I)."""
    n = attention.shape[-1]
    result, out = None, []
    for layer in attention:
        a = 0.5 * layer.mean(axis=0) + 0.5 * np.eye(n)
        a = a / a.sum(axis=-1, keepdims=True)
        result = a if result is None else a @ result
        out.append(result)
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20201)
    attention = softmax(rng.normal(size=(3, 2, 5, 5)) * 2).astype(np.float32)
    a64 = attention.astype(np.float64)
    reference = {
        "attention": attention.reshape(-1).tolist(),
        "shape": list(attention.shape),
        "mean_heads": [a64[l].mean(axis=0).reshape(-1).tolist() for l in range(3)],
        "max_heads": [a64[l].max(axis=0).reshape(-1).tolist() for l in range(3)],
        "rollout": [r.reshape(-1).tolist() for r in rollout(a64)],
    }
    (OUT / "rollout.json").write_text(json.dumps(reference))
    causal = softmax(rng.normal(size=(2, 3, 6, 6)), causal=True).astype(np.float32)
    np.save(OUT / "causal.npy", causal)


if __name__ == "__main__":
    main()
