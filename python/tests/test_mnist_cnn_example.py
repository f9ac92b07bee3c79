"""examples/saliency_mnist.ipynb and its numpy model (examples/mnist_cnn.py).

The numpy forward pass is checked against TensorFlow.js's own logits, and by
hand on the first convolution and max-pool; the backward pass against
TensorFlow.js's gradients and against central finite differences; then the
notebook is executed with nbclient, as nbconvert does.

The reference (reference/mnist_cnn_tfjs.json) is written by
reference/mnist_cnn_tfjs.mjs with tfjs-layers on tfjs's cpu backend.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "python/examples"
MODEL = ROOT / "models/mnist-cnn"
REFERENCE = Path(__file__).parent / "reference/mnist_cnn_tfjs.json"

sys.path.insert(0, str(EXAMPLES))
from mnist_cnn import SequentialModel, read_weights  # noqa: E402


@pytest.fixture(scope="module")
def model() -> SequentialModel:
    return SequentialModel(MODEL)


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, list[int]]:
    data = json.loads((ROOT / "test/fixtures/attribution/mnist-digits.json").read_text())
    return np.asarray(data["data"], dtype=np.float64).reshape(data["shape"]), data["labels"]


@pytest.fixture(scope="module")
def reference() -> dict:
    ref = json.loads(REFERENCE.read_text())
    weights = hashlib.sha256((MODEL / "weights.bin").read_bytes()).hexdigest()
    assert ref["weightsSha256"] == weights, "models/mnist-cnn changed: rerun `node python/tests/reference/mnist_cnn_tfjs.mjs`"
    return ref


def central_differences(model: SequentialModel, x: np.ndarray, target: int, eps: float = 1e-6) -> np.ndarray:
    """[28, 28, 3]: per pixel, the central difference, the slope on the right and the slope on the left of logits[target]."""
    f0 = model.logits(x)[target]
    steps = np.eye(x.size).reshape(x.size, *x.shape) * eps  # one batch of inputs, each with one pixel moved
    up, down = model.logits(x + steps)[:, target], model.logits(x - steps)[:, target]
    return np.stack([(up - down) / (2 * eps), (up - f0) / eps, (f0 - down) / eps], -1).reshape(*x.shape[:2], 3)


def relative_errors(gradient: np.ndarray, estimate: np.ndarray) -> np.ndarray:
    """|g - d| / max(|g|, |d|); 0 where both are under 1e-9 (a pixel no unit sees)."""
    scale = np.maximum(np.abs(gradient), np.abs(estimate))
    return np.where(scale < 1e-9, 0.0, np.abs(gradient - estimate) / np.where(scale < 1e-9, 1, scale))


# ----------------------------------------------------------------- weights


def test_weights_are_read_with_the_manifests_shapes_and_dtypes():
    topology, weights = read_weights(MODEL)
    manifest = json.loads((MODEL / "model.json").read_text())["weightsManifest"][0]["weights"]
    assert [(name, list(array.shape), str(array.dtype)) for name, array in weights.items()] == [
        (spec["name"], spec["shape"], spec["dtype"]) for spec in manifest
    ]
    # every byte of weights.bin is a weight: 5,258 float32 parameters
    assert sum(array.size for array in weights.values()) * 4 == (MODEL / "weights.bin").stat().st_size == 5258 * 4
    assert [layer["class_name"] for layer in topology["config"]["layers"]] == ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]


def test_a_truncated_weights_file_and_an_unsupported_layer_raise(tmp_path):
    spec = json.loads((MODEL / "model.json").read_text())
    (tmp_path / "model.json").write_text(json.dumps(spec))
    (tmp_path / "weights.bin").write_bytes((MODEL / "weights.bin").read_bytes()[:-4])
    with pytest.raises(ValueError, match="logits/bias: the manifest wants bytes"):
        read_weights(tmp_path)
    (tmp_path / "weights.bin").write_bytes((MODEL / "weights.bin").read_bytes())
    spec["modelTopology"]["config"]["layers"].insert(4, {"class_name": "Dropout", "config": {"name": "drop", "rate": 0.5}})
    (tmp_path / "model.json").write_text(json.dumps(spec))
    with pytest.raises(ValueError, match="drop: layer Dropout is not one of"):
        SequentialModel(tmp_path)


# ----------------------------------------------------------------- forward


def test_the_first_convolution_and_max_pool_by_hand(model, digits):
    """conv1 at a few places as the sum it is, and pool1 as the max of its 2 x 2 window."""
    x = digits[0][3]
    conv1, pool1 = model.forward(x, until="pool1")
    kernel, bias = model.layers[0].weights["kernel"], model.layers[0].weights["bias"]
    for row, col, channel in [(0, 0, 0), (5, 11, 3), (12, 9, 7), (25, 25, 2)]:
        total = bias[channel] + sum(x[row + a, col + b, 0] * kernel[a, b, 0, channel] for a in range(3) for b in range(3))
        assert conv1[row, col, channel] == pytest.approx(max(total, 0.0), abs=1e-12)
    for row, col, channel in [(0, 0, 0), (3, 6, 3), (6, 4, 7), (12, 12, 5)]:
        assert pool1[row, col, channel] == conv1[2 * row : 2 * row + 2, 2 * col : 2 * col + 2, channel].max()
    assert conv1.shape == (26, 26, 8) and pool1.shape == (13, 13, 8)


def test_logits_equal_tensorflow_js(model, digits, reference):
    images, labels = digits
    logits = model.logits(images)
    expected = np.asarray(reference["logits"]).reshape(10, 10)
    # float64 here, float32 in tfjs: agreement to float32's precision on logits of size ~10
    np.testing.assert_allclose(logits, expected, rtol=0, atol=1e-5)
    np.testing.assert_array_equal(logits.argmax(1), expected.argmax(1))


def test_predicted_classes_of_the_held_out_digits(model, digits):
    images, labels = digits
    predicted = model.logits(images).argmax(1).tolist()
    # 9 of 10 right, as test/compute/attribution/mnist.test.ts finds in the browser: the 6 is read as a 0.
    assert predicted == [0, 1, 2, 3, 4, 5, 0, 7, 8, 9]
    float32 = SequentialModel(MODEL, dtype=np.float32)
    assert float32.logits(images).dtype == np.float32
    np.testing.assert_allclose(float32.logits(images), model.logits(images), atol=1e-4)


# ---------------------------------------------------------------- backward


def test_gradients_equal_tensorflow_js(model, digits, reference):
    """Every pixel of every digit, kinks included: both take the first maximum of a max-pool window, and ReLU'(0) = 0."""
    images, labels = digits
    expected = np.asarray(reference["gradients"]).reshape(10, 28, 28, 1)
    for i, label in enumerate(labels):
        gradient = model.gradient(images[i], label)
        np.testing.assert_allclose(gradient, expected[i], rtol=0, atol=1e-6, err_msg=f"digit {i}")


def test_gradient_matches_central_differences_where_the_logit_is_smooth(model, digits):
    """On four real digits, at every pixel whose left and right slopes agree.

    Flat runs of pixels (black background, saturated ink) give max-pool windows
    whose inputs tie exactly; there the logit has a kink and the slopes on the
    two sides differ, so finite differences say nothing (the gradient taken
    there is checked against tfjs above): about 60% of the pixels here.
    """
    images, labels = digits
    worst, smooth_pixels = 0.0, 0
    for x, label in zip(images[[0, 3, 6, 7]], [labels[i] for i in (0, 3, 6, 7)]):
        differences = central_differences(model, x, label)
        right, left = differences[..., 1], differences[..., 2]
        smooth = np.abs(right - left) <= 1e-4 * np.maximum(np.maximum(np.abs(right), np.abs(left)), 1e-3)
        errors = relative_errors(model.gradient(x, label)[..., 0][smooth], differences[..., 0][smooth])
        worst, smooth_pixels = max(worst, errors.max()), smooth_pixels + smooth.sum()
    assert smooth_pixels >= 1000, f"only {smooth_pixels} of 3,136 pixels are away from a kink"
    assert worst < 1e-3, worst


def test_gradient_matches_central_differences_on_dithered_digits(model, digits):
    """Four digits plus up to 1e-2 of uniform noise have no exact ties: every pixel must match."""
    images, labels = digits
    rng = np.random.default_rng(2026)
    worst = 0.0
    for x, label in zip(images[[1, 5, 8, 9]], [labels[i] for i in (1, 5, 8, 9)]):
        x = x + rng.uniform(0, 1e-2, x.shape)
        worst = max(worst, relative_errors(model.gradient(x, label), central_differences(model, x, label)[..., :1]).max())
    assert worst < 1e-3, worst


def test_gradient_x_input_and_batches(model, digits):
    images, labels = digits
    x = images[3]
    np.testing.assert_array_equal(model.gradient_x_input(x, 3), model.gradient(x, 3) * x)
    batch = model.gradient(images[:4], 2)
    assert batch.shape == (4, 28, 28, 1)
    np.testing.assert_allclose(batch[3], model.gradient(images[3], 2), atol=1e-12)
    with pytest.raises(ValueError, match=r"target: expected a class in \[0, 10\), got 10"):
        model.gradient(x, 10)
    with pytest.raises(ValueError, match=r"x: expected \[28, 28, 1\] or \[N, 28, 28, 1\], got \[28, 28\]"):
        model.logits(x[..., 0])


def test_strides_same_padding_and_dilation(tmp_path):
    """The layer options models/mnist-cnn does not use, on a random model: backward pass against central differences."""
    rng = np.random.default_rng(7)
    layers = [
        {"class_name": "Conv2D", "config": {"name": "a", "filters": 3, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same",
                                             "activation": "relu", "batch_input_shape": [None, 9, 8, 2]}},
        {"class_name": "Conv2D", "config": {"name": "b", "filters": 4, "kernel_size": [2, 3], "strides": [1, 1], "padding": "same",
                                             "dilation_rate": [2, 1], "activation": "linear", "use_bias": False}},
        {"class_name": "MaxPooling2D", "config": {"name": "c", "pool_size": [2, 2], "strides": [1, 1], "padding": "valid"}},
        {"class_name": "Flatten", "config": {"name": "d"}},
        {"class_name": "Dense", "config": {"name": "e", "units": 5, "activation": "relu"}},
        {"class_name": "Dense", "config": {"name": "f", "units": 3, "activation": "linear"}},
    ]
    shapes = {"a/kernel": [3, 3, 2, 3], "a/bias": [3], "b/kernel": [2, 3, 3, 4], "e/kernel": [4 * 3 * 4, 5], "e/bias": [5],
              "f/kernel": [5, 3], "f/bias": [3]}
    values = {name: rng.normal(size=shape).astype(np.float32) for name, shape in shapes.items()}
    manifest = [{"paths": ["w.bin"], "weights": [{"name": name, "shape": shape, "dtype": "float32"} for name, shape in shapes.items()]}]
    (tmp_path / "w.bin").write_bytes(b"".join(value.tobytes() for value in values.values()))
    (tmp_path / "model.json").write_text(json.dumps({"modelTopology": {"class_name": "Sequential", "config": {"layers": layers}},
                                                     "weightsManifest": manifest}))
    model = SequentialModel(tmp_path)
    x = rng.normal(size=(9, 8, 2))
    assert [output.shape for output in model.forward(x)] == [(5, 4, 3), (5, 4, 4), (4, 3, 4), (48,), (5,), (3,)]
    # TensorFlow's 'same' with stride 2 and kernel 3: 9 rows pad 1 above and 1 below, 8 columns 0 left and 1 right
    a = model.forward(x, until="a")[0]
    padded = np.pad(x, ((1, 1), (0, 1), (0, 0)))
    expected = np.maximum(np.einsum("abc,abcf->f", padded[0:3, 0:3], values["a/kernel"].astype(np.float64)) + values["a/bias"], 0)
    np.testing.assert_allclose(a[0, 0], expected, atol=1e-12)
    for target in range(3):
        gradient = model.gradient(x, target)
        pixels = [(r, c) for r in range(9) for c in range(8)]
        for channel in range(2):
            estimates = []
            for r, c in pixels:
                step = np.zeros_like(x)
                step[r, c, channel] = 1e-6
                estimates.append((model.logits(x + step)[target] - model.logits(x - step)[target]) / 2e-6)
            errors = relative_errors(np.array([gradient[r, c, channel] for r, c in pixels]), np.array(estimates))
            assert errors.max() < 1e-3, (target, channel, errors.max())


# ---------------------------------------------------------------- notebook


def test_the_notebook_runs_and_shows_two_saliency_widgets_with_their_static_fallback():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(EXAMPLES / "saliency_mnist.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    text = "".join(output.get("text", "") for output in outputs if output.output_type == "stream")
    assert "predicted class: 3" in text
    lines = [line for line in text.splitlines() if line.startswith("pixel (")]
    assert len(lines) == 4
    for line in lines:
        # "pixel ( 5, 12): backward pass +0.19, slope on the left +0.19, on the right +0.17": the backward pass is one of the slopes
        backward, left, right = (float(part.split()[-1]) for part in line.split(",")[-3:])
        assert backward == pytest.approx(left, abs=1e-6) or backward == pytest.approx(right, abs=1e-6), line
    figures = [output for output in outputs if "application/vnd.jupyter.widget-view+json" in output.get("data", {})]
    assert len(figures) == 2
    assert all('class="nnscope-static"' in figure["data"]["text/html"] for figure in figures)
