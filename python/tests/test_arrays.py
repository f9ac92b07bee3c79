"""encode(): every dtype and shape the loaders take arrives exactly as astype(float32) (or float16) gives it."""

from __future__ import annotations

import numpy as np
import pytest

from nnscope.arrays import NnTypeError, NnValueError, encode
from nnscope.transfer import chunks

DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float16", "float32", "float64"]
SHAPES = [(), (0,), (5,), (3, 0, 2), (2, 3), (2, 3, 4), (1, 2, 3, 4), (0, 0)]


def sample(dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    rng = np.random.default_rng(0)
    if dtype == "bool":
        return rng.random(shape) > 0.5
    info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else np.finfo(dtype)
    values = rng.uniform(max(float(info.min), -1e6) / 2, min(float(info.max), 1e6) / 2, size=shape)
    out = np.asarray(values).astype(dtype)
    if out.size and np.dtype(dtype).kind in "iu":  # the extremes, where float32 rounds
        out.reshape(-1)[0] = info.max
        out.reshape(-1)[-1] = info.min
    if out.size > 2 and np.dtype(dtype).kind == "f":
        out.reshape(-1)[1] = np.nan
        out.reshape(-1)[2] = -np.inf
    return out


def round_trip(encoded, chunk_bytes: int = 7) -> np.ndarray:
    buffer = encoded.buffer()
    data = bytearray(buffer.nbytes)
    for offset, view in chunks(buffer, chunk_bytes):
        data[offset : offset + view.nbytes] = view
    meta = encoded.meta()
    return np.frombuffer(bytes(data), dtype=meta["dtype"]).reshape(meta["shape"])


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES)
def test_encode_round_trips_every_dtype_and_shape_exactly_as_astype_float32(dtype: str, shape: tuple[int, ...]) -> None:
    value = sample(dtype, shape)
    got = round_trip(encode(value, "x", ranks=range(5)))
    expected = value.astype(np.float32)
    assert got.dtype == np.float32 and got.shape == shape
    assert np.array_equal(got, expected, equal_nan=True)
    assert np.array_equal(np.signbit(got), np.signbit(expected))


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_encode_float16_sends_half_the_bytes_and_keeps_float16_values_exactly(shape: tuple[int, ...]) -> None:
    value = sample("float16", shape)
    encoded = encode(value, "x", ranks=range(5), float16=True)
    assert encoded.meta()["dtype"] == "float16" and encoded.nbytes == value.size * 2
    assert np.array_equal(round_trip(encoded), value, equal_nan=True)


def test_encode_float16_rounds_float32_as_astype_float16() -> None:
    value = np.array([0.1, 1 / 3, 65504.0, -2.5e-8], dtype=np.float32)
    assert np.array_equal(round_trip(encode(value, "x", ranks=[1], float16=True)), value.astype(np.float16))


def test_encode_float16_refuses_values_it_would_turn_into_infinity() -> None:
    with pytest.raises(NnValueError, match=r"^attention: values up to 100000 overflow float16 \(largest 65504\)"):
        encode(np.array([1.0, 1e5]), "attention", ranks=[1], float16=True)


def test_encode_keeps_a_float32_c_ordered_array_without_copying_it() -> None:
    value = np.zeros((4, 5), dtype=np.float32)
    assert np.shares_memory(encode(value, "x", ranks=[2]).values, value)


def test_encode_makes_fortran_ordered_and_strided_arrays_c_ordered() -> None:
    value = np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4))[:, ::2]
    got = round_trip(encode(value, "x", ranks=[2]))
    assert np.array_equal(got, value.astype(np.float32))


def test_encode_takes_nested_lists_and_objects_with_array() -> None:
    class Wrapped:
        def __array__(self, dtype=None, copy=None):
            return np.array([[1, 2], [3, 4]], dtype=np.int16)

    assert round_trip(encode([[1, 2], [3, 4.5]], "x", ranks=[2])).tolist() == [[1, 2], [3, 4.5]]
    assert round_trip(encode(Wrapped(), "x", ranks=[2])).tolist() == [[1, 2], [3, 4]]


def test_encode_stacks_hugging_face_layer_tuples() -> None:
    layers = tuple(np.full((1, 2, 3, 3), i, dtype=np.float32) for i in range(4))
    got = round_trip(encode(layers, "attention", ranks=[4], layers=True))
    assert got.shape == (4, 2, 3, 3) and got[3, 1, 2, 2] == 3


@pytest.mark.parametrize(
    ("value", "kwargs", "error", "message"),
    [
        ("a.npy", {}, NnTypeError, r"^x: expected an array \(numpy, torch, JAX, TensorFlow or nested lists\), got str 'a.npy'"),
        (None, {}, NnTypeError, r"^x: expected an array"),
        ({"data": [1]}, {}, NnTypeError, r"^x: expected an array .*got dict"),
        (np.array(["a", "b"]), {}, NnTypeError, r"^x: expected numbers \(bool, int, uint or float\), got dtype <U1"),
        (np.array([1 + 2j]), {}, NnTypeError, r"^x: expected numbers .*got dtype complex128"),
        ([[1, 2], [3]], {}, NnValueError, r"^x: expected a rectangular array, got ragged nested lists"),
        (np.zeros((2, 2)), {"ranks": [3, 4]}, NnValueError, r"^x: expected rank 3 or 4, got rank 2 \(shape \[2, 2\]\)"),
        (np.float32(1.5), {"ranks": [2]}, NnValueError, r"^x: expected rank 2, got rank 0 \(shape \[\]\)"),
        ((np.zeros((2, 2, 3, 3)),), {"layers": True}, NnValueError, r"^x\[0\]: expected \[1, heads, q, k\] \(one sequence"),
        ((), {"layers": True}, NnValueError, r"^x: expected one \[1, heads, q, k\] array per layer, got an empty tuple \(Hugging Face returns no attentions from sdpa .*attn_implementation='eager'\)$"),
        ([], {"layers": True}, NnValueError, r"^x: expected one \[1, heads, q, k\] array per layer, got an empty list"),
        ((np.zeros((1, 2, 3, 3)), np.zeros((1, 2, 4, 4))), {"layers": True}, NnValueError, r"^x\[1\]: every layer must have the shape of layer 0, \[1, 2, 3, 3\]; got \[1, 2, 4, 4\]"),
    ],
)
def test_encode_rejects_bad_input_naming_the_argument(value, kwargs, error, message) -> None:
    options = {"ranks": [1, 2, 3, 4], **kwargs}
    with pytest.raises(error, match=message):
        encode(value, "x", **options)


def test_errors_are_value_and_type_errors() -> None:
    assert issubclass(NnValueError, ValueError) and issubclass(NnTypeError, TypeError)


def test_torch_tensors_on_any_device_with_grad_are_detached_and_moved() -> None:
    torch = pytest.importorskip("torch", reason="torch is not installed (optional extra nnscope[torch])")
    value = torch.rand(2, 3, 4, requires_grad=True)
    got = round_trip(encode(value * 2, "x", ranks=[3]))
    assert np.array_equal(got, (value * 2).detach().numpy())
    half = torch.rand(2, 3, dtype=torch.bfloat16)
    assert np.array_equal(round_trip(encode(half, "x", ranks=[2])), half.float().numpy())
    if torch.cuda.is_available():
        assert np.array_equal(round_trip(encode(value.cuda(), "x", ranks=[3])), value.detach().numpy())


def test_jax_arrays() -> None:
    jnp = pytest.importorskip("jax.numpy", reason="jax is not installed")
    value = jnp.arange(12, dtype=jnp.float32).reshape(3, 4)
    assert np.array_equal(round_trip(encode(value, "x", ranks=[2])), np.arange(12, dtype=np.float32).reshape(3, 4))


def test_tensorflow_tensors() -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed")
    value = tf.reshape(tf.range(12, dtype=tf.float64), (3, 4))
    assert np.array_equal(round_trip(encode(value, "x", ranks=[2])), np.arange(12, dtype=np.float32).reshape(3, 4))


def test_hugging_face_attentions_from_a_real_model() -> None:
    torch = pytest.importorskip("torch", reason="torch is not installed (optional extra nnscope[examples])")
    transformers = pytest.importorskip("transformers", reason="transformers is not installed (optional extra nnscope[examples])")
    # transformers 5 defaults to sdpa attention, which returns no attentions (outputs.attentions == ()).
    config = transformers.BertConfig(
        vocab_size=50, hidden_size=16, num_hidden_layers=2, num_attention_heads=4, intermediate_size=32, attn_implementation="eager"
    )
    model = transformers.BertModel(config).eval()
    with torch.no_grad():
        out = model(torch.tensor([[1, 5, 7, 2]]), output_attentions=True)
    got = round_trip(encode(out.attentions, "attention", ranks=[4], layers=True))
    assert got.shape == (2, 4, 4, 4)
    assert np.array_equal(got, torch.cat(out.attentions).numpy())
