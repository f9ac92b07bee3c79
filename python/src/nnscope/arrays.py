"""Arrays in: from whatever the user has to the bytes the widget sends.

Accepts numpy arrays of every numeric dtype (float16 included), torch
tensors (any device, with or without grad), JAX and TensorFlow arrays,
anything with ``__array__``, nested lists, and Hugging Face's tuple of
per-layer ``[1, heads, q, k]`` attentions. The result is one C-ordered
float32 (or, on request, float16) array: the only copy the kernel holds
while it sends, and none at all when the input already is one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from traitlets import TraitError


class NnValueError(ValueError, TraitError):
    """A value of the right kind but the wrong shape, rank, size or range.

    A ``TraitError`` too, so traitlets rolls back every change made in the same
    ``hold_trait_notifications()`` block (and in a constructor) when it is raised.
    """


class NnTypeError(TypeError, TraitError):
    """A value of a kind nnscope cannot send (strings, objects, complex numbers)."""


#: dtypes the browser's loaders take (npy's ``?``, ``i1``..``u8``, ``f2``..``f8``).
_NUMERIC_KINDS = frozenset("biuf")

#: The largest finite float16, for the overflow check of ``float16=True``.
_FLOAT16_MAX = float(np.finfo(np.float16).max)


@dataclass(eq=False)
class EncodedArray:
    """An array ready to send: C-ordered float32 or float16 values and a shape.

    Compared by identity, so assigning a new array always redraws.
    """

    values: np.ndarray
    key: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(int(n) for n in self.values.shape)

    @property
    def nbytes(self) -> int:
        return int(self.values.nbytes)

    def meta(self) -> dict[str, Any]:
        """What the front end needs before the bytes arrive (the trait's JSON)."""
        return {"key": self.key, "dtype": str(self.values.dtype), "shape": list(self.shape), "nbytes": self.nbytes}

    def buffer(self) -> memoryview:
        """The values as bytes, without a copy."""
        return memoryview(self.values.reshape(-1)).cast("B")


def describe(value: Any) -> str:
    """A short description of a value for error messages: its type and shape."""
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    kind = f"{type(value).__module__}.{type(value).__qualname__}".removeprefix("builtins.")
    if shape is not None:
        return f"{kind} of shape {format_shape(tuple(shape))}" + (f" and dtype {dtype}" if dtype is not None else "")
    if isinstance(value, (list, tuple)):
        return f"{kind} of length {len(value)}"
    return kind if not isinstance(value, (str, int, float)) else f"{kind} {value!r}"


def format_shape(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(int(n)) for n in shape) + "]"


def _from_torch(value: Any) -> np.ndarray | None:
    """A torch tensor's values on the CPU, detached; None for other values."""
    module = type(value).__module__
    if not module.startswith("torch") or not hasattr(value, "detach"):
        return None
    tensor = value.detach()
    if tensor.is_complex():
        return np.asarray(tensor.cpu().numpy())  # rejected below, with its dtype named
    if str(tensor.dtype) == "torch.bfloat16":  # numpy has no bfloat16
        tensor = tensor.float()
    return tensor.cpu().numpy()


def to_numpy(value: Any, name: str) -> np.ndarray:
    """Any array-like as a numpy array of a numeric dtype (not yet float32).

    Raises NnTypeError naming ``name`` for values that are not numeric arrays,
    and NnValueError for ragged nested lists.
    """
    if value is None or isinstance(value, (str, bytes, dict)):
        raise NnTypeError(f"{name}: expected an array (numpy, torch, JAX, TensorFlow or nested lists), got {describe(value)}")
    array = _from_torch(value)
    if array is None:
        try:
            array = np.asarray(value)
        except ValueError as error:  # numpy 2 refuses ragged lists
            raise NnValueError(f"{name}: expected a rectangular array, got ragged nested lists ({error})") from None
    if array.dtype.kind == "O":
        raise NnValueError(f"{name}: expected a rectangular array of numbers, got ragged or non-numeric values ({describe(value)})")
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise NnTypeError(f"{name}: expected numbers (bool, int, uint or float), got dtype {array.dtype} ({describe(value)})")
    return array


def stack_layers(value: Sequence[Any], name: str) -> np.ndarray:
    """Hugging Face's ``outputs.attentions``: a tuple of ``[1, heads, q, k]``, one per layer, as ``[layers, heads, q, k]``."""
    layers = [to_numpy(layer, f"{name}[{i}]") for i, layer in enumerate(value)]
    if not layers:
        # transformers 5 computes attention with sdpa by default, and then returns
        # `outputs.attentions == ()` for output_attentions=True (only a log line says why).
        raise NnValueError(
            f"{name}: expected one [1, heads, q, k] array per layer, got an empty {type(value).__name__}"
            " (Hugging Face returns no attentions from sdpa or flash attention: load the model with attn_implementation='eager')"
        )
    first = layers[0].shape
    for i, layer in enumerate(layers):
        if layer.ndim != 4 or layer.shape[0] != 1:
            raise NnValueError(
                f"{name}[{i}]: expected [1, heads, q, k] (one sequence; pass outputs.attentions of a batch of 1), got shape {format_shape(layer.shape)}"
            )
        if layer.shape != first:
            raise NnValueError(f"{name}[{i}]: every layer must have the shape of layer 0, {format_shape(first)}; got {format_shape(layer.shape)}")
    out = np.empty((len(layers),) + first[1:], dtype=np.float32)
    for i, layer in enumerate(layers):
        out[i] = layer[0]
    return out


def is_layer_sequence(value: Any) -> bool:
    """True for a list or tuple whose items are arrays (not numbers or nested lists), and for an empty one.

    An empty tuple is what Hugging Face returns for attentions it did not keep;
    taking it as a layer sequence lets :func:`stack_layers` say why.
    """
    return isinstance(value, (list, tuple)) and all(hasattr(item, "shape") for item in value)


def encode(value: Any, name: str, *, ranks: Sequence[int], float16: bool = False, layers: bool = False) -> EncodedArray:
    """Validates ``value`` and converts it to the array the widget sends.

    ``ranks`` are the ranks the element takes; ``layers`` accepts a tuple of
    per-layer ``[1, heads, q, k]`` arrays (Hugging Face attentions). float64
    and int64 are rounded to float32 as ``astype(np.float32)`` rounds; with
    ``float16`` values are sent as float16 (half the bytes), and values that
    overflow it raise instead of turning into infinities.
    """
    array = stack_layers(value, name) if layers and is_layer_sequence(value) else to_numpy(value, name)
    if array.ndim not in ranks:
        expected = " or ".join(str(r) for r in ranks)
        raise NnValueError(f"{name}: expected rank {expected}, got rank {array.ndim} (shape {format_shape(array.shape)})")
    dtype = np.float16 if float16 else np.float32
    if float16 and array.dtype.kind == "f" and array.dtype != np.float16 and array.size:
        peak = float(np.nanmax(np.abs(array), initial=0.0, where=np.isfinite(array)))
        if peak > _FLOAT16_MAX:
            raise NnValueError(f"{name}: values up to {peak:g} overflow float16 (largest {_FLOAT16_MAX:g}); send float32 (float16=False)")
    # np.asarray, not ascontiguousarray, which turns a scalar into shape [1].
    return EncodedArray(np.asarray(array, dtype=dtype, order="C"))
