"""A tfjs Layers model's forward and backward pass in plain numpy, for saliency_mnist.ipynb.

Reads a ``model.json`` directory written by tfjs (``model.save``) or the
tensorflowjs converter: the topology gives the layers, the weights manifest
gives each weight's name, shape and dtype in the order its bytes follow one
another in the ``.bin`` files. Sequential models of ``Conv2D`` (stride and
dilation 1 or more, ``valid`` or ``same``), ``MaxPooling2D``, ``Flatten`` and
``Dense`` layers with ``linear`` or ``relu`` activations run; anything else
raises, naming the layer. That covers this repository's ``models/mnist-cnn``
(conv 8 → max-pool → conv 16 → max-pool → dense 10 logits).

No autograd: :meth:`SequentialModel.gradient` is the chain rule written out
layer by layer, the derivative of one output (a class logit) with respect to
the input. Gradient × input multiplies it by the input. Computations are in
float64 by default, so that the tests can check the gradient against central
finite differences to 1e-3 (it is in fact exact to ~1e-9: the network is
piecewise linear in its input).

This file sits next to the notebook rather than in the ``nnscope`` package:
it is example code, a reader's to read and change, not part of the widgets'
API, and the wheel does not carry the model it runs. The notebook imports it
from its own folder; the tests put that folder on ``sys.path``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

_DTYPES = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}


def read_weights(directory: str | Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """``model.json``'s topology and its weights by name (``"conv1/kernel"``), read from the manifest's files."""
    directory = Path(directory)
    model = json.loads((directory / "model.json").read_text(encoding="utf-8"))
    weights: dict[str, np.ndarray] = {}
    for group in model["weightsManifest"]:
        data = b"".join((directory / path).read_bytes() for path in group["paths"])
        offset = 0
        for spec in group["weights"]:
            if "quantization" in spec:
                raise ValueError(f"{spec['name']}: quantized weights are not read here (dequantize with the tensorflowjs converter)")
            if spec["dtype"] not in _DTYPES:
                raise ValueError(f"{spec['name']}: dtype {spec['dtype']} is not one of {sorted(_DTYPES)}")
            dtype = np.dtype(_DTYPES[spec["dtype"]]).newbyteorder("<")  # tfjs writes little-endian
            count = int(np.prod(spec["shape"], dtype=np.int64))
            end = offset + count * dtype.itemsize
            if end > len(data):
                raise ValueError(f"{spec['name']}: the manifest wants bytes {offset}-{end}, the files hold {len(data)}")
            weights[spec["name"]] = np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(spec["shape"])
            offset = end
        if offset != len(data):
            raise ValueError(f"{group['paths']}: {len(data) - offset} bytes left after the manifest's weights")
    return model["modelTopology"], weights


def _same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TensorFlow's 'same' padding along one axis: (before, after), the extra pixel after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


@dataclass
class Layer:
    """One layer: its kind, config and weights, and what it kept of the forward pass for the backward one."""

    kind: str
    name: str
    config: dict[str, Any]
    weights: dict[str, np.ndarray] = field(default_factory=dict)

    # ------------------------------------------------------------- forward

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        """``x`` [N, ...] → (output, what the backward pass needs)."""
        if self.kind == "Conv2D":
            return self._conv_forward(x)
        if self.kind == "MaxPooling2D":
            return self._pool_forward(x)
        if self.kind == "Flatten":
            return x.reshape(len(x), -1), x.shape
        if self.kind == "Dense":
            y = x @ self.weights["kernel"] + self.weights["bias"]
            return self._activate(y), (x, y)
        raise AssertionError(self.kind)

    def _activate(self, y: np.ndarray) -> np.ndarray:
        return np.maximum(y, 0) if self.config.get("activation") == "relu" else y

    def _activation_gradient(self, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        # relu's derivative at 0 taken as 0, as tfjs's (step(x) = x > 0).
        return dy * (y > 0) if self.config.get("activation") == "relu" else dy

    def _conv_geometry(self, x: np.ndarray) -> tuple[np.ndarray, tuple[int, int], tuple[int, int], tuple[int, int, int, int]]:
        kh, kw = self.weights["kernel"].shape[:2]
        sh, sw = self.config.get("strides", [1, 1])
        dh, dw = self.config.get("dilation_rate", [1, 1])
        pads = (0, 0, 0, 0)
        if self.config.get("padding", "valid") == "same":
            pads = (*_same_padding(x.shape[1], (kh - 1) * dh + 1, sh), *_same_padding(x.shape[2], (kw - 1) * dw + 1, sw))
            x = np.pad(x, ((0, 0), pads[:2], pads[2:], (0, 0)))
        return x, (sh, sw), (dh, dw), pads

    def _conv_forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        kernel = self.weights["kernel"]  # [kh, kw, C, F]
        kh, kw = kernel.shape[:2]
        padded, (sh, sw), (dh, dw), pads = self._conv_geometry(x)
        span_h, span_w = (kh - 1) * dh + 1, (kw - 1) * dw + 1
        # windows[n, i, j, c, a, b] = padded[n, i + a, j + b, c]; keep every stride-th start and every dilation-th tap.
        windows = sliding_window_view(padded, (span_h, span_w), axis=(1, 2))[:, ::sh, ::sw, :, ::dh, ::dw]
        y = np.einsum("nijcab,abcf->nijf", windows, kernel, optimize=True) + self.weights["bias"]
        return self._activate(y), (x.shape, padded.shape, pads, y)

    def _pool_forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        ph, pw = self.config["pool_size"]
        sh, sw = self.config.get("strides") or (ph, pw)
        if self.config.get("padding", "valid") != "valid":
            raise ValueError(f"{self.name}: MaxPooling2D padding {self.config['padding']!r} is not supported here (only 'valid')")
        windows = sliding_window_view(x, (ph, pw), axis=(1, 2))[:, ::sh, ::sw]  # [N, Ho, Wo, C, ph, pw]
        flat = windows.reshape(*windows.shape[:4], ph * pw)
        # The gradient goes to the first maximum of each window in row-major order.
        return flat.max(-1), (x.shape, flat.argmax(-1))

    # ------------------------------------------------------------ backward

    def backward(self, dy: np.ndarray, saved: Any) -> np.ndarray:
        """d(score)/d(output) → d(score)/d(input), from what :meth:`forward` kept."""
        if self.kind == "Conv2D":
            _, padded_shape, pads, y = saved
            dy = self._activation_gradient(y, dy)
            kernel = self.weights["kernel"]
            kh, kw = kernel.shape[:2]
            (sh, sw), (dh, dw) = self.config.get("strides", [1, 1]), self.config.get("dilation_rate", [1, 1])
            out_h, out_w = dy.shape[1:3]
            dx = np.zeros(padded_shape, dtype=dy.dtype)
            # Each tap (a, b) of the kernel reads a strided grid of the input: send dy back through it.
            for a in range(kh):
                for b in range(kw):
                    rows = slice(a * dh, a * dh + (out_h - 1) * sh + 1, sh)
                    cols = slice(b * dw, b * dw + (out_w - 1) * sw + 1, sw)
                    dx[:, rows, cols, :] += dy @ kernel[a, b].T
            top, bottom, left, right = pads
            return dx[:, top : padded_shape[1] - bottom, left : padded_shape[2] - right, :]
        if self.kind == "MaxPooling2D":
            x_shape, argmax = saved
            ph, pw = self.config["pool_size"]
            sh, sw = self.config.get("strides") or (ph, pw)
            dx = np.zeros(x_shape, dtype=dy.dtype)
            n, i, j, c = np.indices(argmax.shape, sparse=True)
            np.add.at(dx, (n, i * sh + argmax // pw, j * sw + argmax % pw, c), dy)
            return dx
        if self.kind == "Flatten":
            return dy.reshape(saved)
        if self.kind == "Dense":
            x, y = saved
            return self._activation_gradient(y, dy) @ self.weights["kernel"].T
        raise AssertionError(self.kind)


class SequentialModel:
    """A tfjs Sequential Layers model in numpy: :meth:`logits`, :meth:`gradient`, :meth:`gradient_x_input`.

    Example::

        model = SequentialModel("models/mnist-cnn")
        model.logits(digit)                 # [10] for a [28, 28, 1] digit, [N, 10] for [N, 28, 28, 1]
        model.gradient_x_input(digit, 7)    # [28, 28, 1]
    """

    SUPPORTED = ("Conv2D", "MaxPooling2D", "Flatten", "Dense")

    def __init__(self, directory: str | Path, dtype: Any = np.float64):
        topology, weights = read_weights(directory)
        config = topology.get("config", {})
        if topology.get("class_name") != "Sequential":
            raise ValueError(f"{directory}: expected a Sequential model, got {topology.get('class_name')}")
        self.dtype = np.dtype(dtype)
        self.layers: list[Layer] = []
        specs = config["layers"] if isinstance(config, dict) else config  # older tfjs writes the list alone
        if not specs or "batch_input_shape" not in specs[0]["config"]:
            raise ValueError(f"{directory}: expected the first layer's config to give batch_input_shape")
        for spec in specs:
            kind, layer_config = spec["class_name"], spec["config"]
            name = layer_config["name"]
            if kind not in self.SUPPORTED:
                raise ValueError(f"{name}: layer {kind} is not one of {', '.join(self.SUPPORTED)}")
            if layer_config.get("activation", "linear") not in ("linear", "relu"):
                raise ValueError(f"{name}: activation {layer_config['activation']!r} is not 'linear' or 'relu'")
            if layer_config.get("data_format", "channels_last") != "channels_last":
                raise ValueError(f"{name}: only channels_last is supported")
            own = {key.split("/", 1)[1]: value.astype(self.dtype) for key, value in weights.items() if key.split("/", 1)[0] == name}
            if kind in ("Conv2D", "Dense") and not layer_config.get("use_bias", True):
                own["bias"] = np.zeros(own["kernel"].shape[-1], dtype=self.dtype)
            self.layers.append(Layer(kind, name, layer_config, own))
        self.input_shape = tuple(specs[0]["config"]["batch_input_shape"][1:])

    def _batch(self, x: Any) -> tuple[np.ndarray, bool]:
        x = np.asarray(x, dtype=self.dtype)
        single = x.shape == self.input_shape
        if single:
            x = x[None]
        if x.shape[1:] != self.input_shape:
            raise ValueError(f"x: expected {list(self.input_shape)} or [N, {', '.join(map(str, self.input_shape))}], got {list(x.shape)}")
        return x, single

    def forward(self, x: Any, until: str | None = None) -> list[np.ndarray]:
        """Every layer's output for ``x`` (one example or a batch), up to and including layer ``until``."""
        h, single = self._batch(x)
        outputs = []
        for layer in self.layers:
            h, _ = layer.forward(h)
            outputs.append(h[0] if single else h)
            if layer.name == until:
                break
        return outputs

    def logits(self, x: Any) -> np.ndarray:
        """The last layer's output: [classes] for one example, [N, classes] for a batch."""
        return self.forward(x)[-1]

    def gradient(self, x: Any, target: int) -> np.ndarray:
        """d logits[target] / d x, of x's shape: the forward pass, then the chain rule back through each layer."""
        h, single = self._batch(x)
        saved = []
        for layer in self.layers:
            h, kept = layer.forward(h)
            saved.append(kept)
        if not 0 <= target < h.shape[-1]:
            raise ValueError(f"target: expected a class in [0, {h.shape[-1]}), got {target}")
        dy = np.zeros_like(h)
        dy[:, target] = 1
        for layer, kept in zip(reversed(self.layers), reversed(saved)):
            dy = layer.backward(dy, kept)
        return dy[0] if single else dy

    def gradient_x_input(self, x: Any, target: int) -> np.ndarray:
        """Gradient × input (Shrikumar et al., 2016): how much each pixel, as it is, adds to logits[target]."""
        return self.gradient(x, target) * np.asarray(x, dtype=self.dtype)
