"""Reference values for the saliency display maths, computed by numpy.

Writes test/fixtures/saliency/reference.json:
- map: a seeded [6, 8, 3] signed map (float32 values), its channel reductions
  (sum; max |value|), np.percentile of |sum| at 50, 90, 99.5 and 100 (numpy's
  default "linear" method);
- resize: the [6, 8] sum map resized to [12, 16] and [3, 4] by bilinear
  interpolation with half-pixel centres (the rule of TF2's tf.image.resize,
  OpenCV's resize; written out here, not taken from a library);
- spearman: pairs of arrays (with ties) and Spearman's rho, computed as the
  Pearson correlation of average ranks (scipy.stats.spearmanr's definition;
  scipy is not installed here, so the ranks are computed below).

    python3 scripts/make_saliency_fixtures.py
"""
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "saliency"


def average_ranks(x):
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x), dtype=np.float64)
    sorted_x = x[order]
    i = 0
    while i < len(x):
        j = i + 1
        while j < len(x) and sorted_x[j] == sorted_x[i]:
            j += 1
        ranks[order[i:j]] = (i + j + 1) / 2.0
        i = j
    return ranks


def spearman(a, b):
    ra, rb = average_ranks(np.asarray(a, np.float64)), average_ranks(np.asarray(b, np.float64))
    return float(np.corrcoef(ra, rb)[0, 1])


def resize_bilinear_half_pixel(image, height, width):
    h, w = image.shape
    out = np.empty((height, width), dtype=np.float64)
    for y in range(height):
        sy = max(0.0, (y + 0.5) * h / height - 0.5)
        y0 = min(int(np.floor(sy)), h - 1)
        y1 = min(y0 + 1, h - 1)
        fy = sy - y0
        for x in range(width):
            sx = max(0.0, (x + 0.5) * w / width - 0.5)
            x0 = min(int(np.floor(sx)), w - 1)
            x1 = min(x0 + 1, w - 1)
            fx = sx - x0
            top = image[y0, x0] * (1 - fx) + image[y0, x1] * fx
            bottom = image[y1, x0] * (1 - fx) + image[y1, x1] * fx
            out[y, x] = top * (1 - fy) + bottom * fy
    return out


def main():
    rng = np.random.default_rng(4)
    signed = rng.normal(size=(6, 8, 3)).astype(np.float32)
    summed = signed.sum(axis=2, dtype=np.float64)
    maxabs = np.abs(signed).max(axis=2)
    percentiles = {str(q): float(np.percentile(np.abs(summed), q)) for q in (50, 90, 99.5, 100)}
    pairs = []
    for n, ties in ((10, False), (40, True), (200, True)):
        a = rng.normal(size=n)
        b = 0.6 * a + rng.normal(size=n)
        if ties:
            a = np.round(a, 1)
            b = np.round(b, 1)
        pairs.append({"a": a.tolist(), "b": b.tolist(), "rho": spearman(a, b)})
    reference = {
        "description": "numpy references for test/compute/saliency.test.ts, written by scripts/make_saliency_fixtures.py",
        "map": {"shape": [6, 8, 3], "data": signed.astype(np.float64).ravel().tolist()},
        "sum": summed.ravel().tolist(),
        "maxAbs": maxabs.astype(np.float64).ravel().tolist(),
        "absPercentiles": percentiles,
        "resizeUp": resize_bilinear_half_pixel(summed, 12, 16).ravel().tolist(),
        "resizeDown": resize_bilinear_half_pixel(summed, 3, 4).ravel().tolist(),
        "spearman": pairs,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "reference.json").write_text(json.dumps(reference) + "\n")
    print("wrote", OUT / "reference.json")


if __name__ == "__main__":
    main()
