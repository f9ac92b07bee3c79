#!/usr/bin/env python3
"""Writes the data-layer test fixtures into test/fixtures/, with numpy itself.

Every npy and npz file is written by numpy (np.save, np.lib.format.write_array
with an explicit version, np.savez, np.savez_compressed), so the tests check
nnscope against the reference writer, not against nnscope's own idea of the
format. safetensors files are written here from the spec
(https://huggingface.co/docs/safetensors): 8-byte little-endian header length,
JSON header, raw little-endian data.

test/fixtures/manifest.json lists, for each readable fixture, the file, the
array name (npz, safetensors), shape, dtype as the file names it, and the
expected values: np.asarray(a, dtype=np.float32) flattened in C order, finite
values as JSON numbers (exact: a float32 printed by Python's repr of the
float64 holding it) and non-finite ones as 'NaN', 'Infinity', '-Infinity'.
Files nnscope must reject are listed under "errors" with the substrings the
message must contain.

Run: python3 scripts/make_fixtures.py  (deterministic: fixed seed).
"""

import contextlib
import io
import json
import os
import struct
import time
import warnings
import zipfile
from pathlib import Path

import numpy as np

# Format 3.0 is written on purpose; numpy warns that old numpys cannot read it.
warnings.filterwarnings('ignore', message='Stored array in format 3.0')
OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures'
rng = np.random.default_rng(20240607)
arrays = []  # manifest entries of readable fixtures
errors = []  # manifest entries of fixtures that must fail

# Shape (2, 3, 4): rank 3, so Fortran order is a real transpose on two axes.
SHAPE = (2, 3, 4)
SIZE = int(np.prod(SHAPE))

# Values each float type must carry through: non-finite ones, signed zero,
# and the type's extremes, subnormals and rounding cases.
FLOAT_SPECIALS = {
    'f2': [np.nan, np.inf, -np.inf, -0.0, 65504.0, -65504.0, 2.0**-24, 6.1035156e-05, 1 / 3],
    'f4': [np.nan, np.inf, -np.inf, -0.0, 3.4028235e38, -3.4028235e38, 2.0**-149, 1.1754944e-38, 1 / 3],
    # float64 → float32: overflow to inf, underflow to 0, ties to even (2^-150 → 0, 1.5·2^-149 → 2^-148).
    'f8': [np.nan, np.inf, -np.inf, -0.0, 1e300, -1e300, 1e-300, 2.0**-150, 1.5 * 2.0**-149, 1 / 3, 16777217.0],
}

# Integers whose float32 rounding is a trap: 2^62 + 2^38 + 1 rounds to
# 2^62 + 2^38 in float64, a float32 tie; numpy rounds it up to 2^62 + 2^39.
INT_SPECIALS = {
    'i8': [2**62 + 2**38 + 1, -(2**62 + 2**38 + 1), 2**53 + 1, 16777217],
    'u8': [2**62 + 2**38 + 1, 2**63 + 1, 2**53 + 1, 16777217],
    'i4': [16777217, -16777217, 2**31 - 1],
    'u4': [16777217, 2**32 - 1],
}


def values_for(kind_size):
    """24 values of a dtype ('f4', 'i2', 'b1', …): specials first, random after."""
    kind = kind_size[0]
    if kind == 'f':
        specials = FLOAT_SPECIALS[kind_size]
        rest = rng.standard_normal(SIZE - len(specials)) * 10
        with np.errstate(over='ignore', invalid='ignore'):
            return np.concatenate([specials, rest]).astype(kind_size)
    if kind == 'b':
        return rng.integers(0, 2, SIZE).astype(bool)
    info = np.iinfo(np.dtype(kind_size))
    specials = [info.min, info.max, 0, 1] + ([] if kind == 'u' else [-1]) + INT_SPECIALS.get(kind_size, [])
    rest = rng.integers(info.min, info.max, SIZE - len(specials), dtype=np.dtype(kind_size), endpoint=True)
    return np.concatenate([np.array(specials, dtype=np.dtype(kind_size)), rest])


def expected(array):
    """The values nnscope must produce: numpy's float32 cast, C order, JSON-safe."""
    with np.errstate(over='ignore', invalid='ignore'):
        flat = np.asarray(array, dtype=np.float32).ravel(order='C')
    out = []
    for value in flat.tolist():
        if value != value:
            out.append('NaN')
        elif value in (float('inf'), float('-inf')):
            out.append('Infinity' if value > 0 else '-Infinity')
        else:
            out.append(value)
    return out


def add(file, array, dtype, name=None):
    entry = {'file': file}
    if name is not None:
        entry['name'] = name
    entry.update({'shape': list(array.shape), 'dtype': dtype, 'values': expected(array)})
    arrays.append(entry)


def write_npy(file, array, version=(1, 0)):
    with open(OUT / file, 'wb') as f:
        np.lib.format.write_array(f, array, version=version)
    add(file, array, array.dtype.str)


def expect_error(file, *substrings, name=None):
    entry = {'file': file}
    if name is not None:
        entry['name'] = name
    entry['error'] = list(substrings)
    errors.append(entry)


def npy_files():
    for kind_size in ['f2', 'f4', 'f8', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'b1']:
        base = values_for(kind_size).reshape(SHAPE)
        orders = ['|'] if kind_size[1] == '1' else ['<', '>']
        for order in orders:
            typed = base.astype(order + kind_size if order != '|' else base.dtype)
            endian = {'<': 'le', '>': 'be', '|': 'na'}[order]
            write_npy(f'npy_{kind_size}_{endian}_c.npy', np.ascontiguousarray(typed))
            write_npy(f'npy_{kind_size}_{endian}_f.npy', np.asfortranarray(typed))
    # Versions 2.0 and 3.0 of the format (4-byte header length; 3.0 is UTF-8).
    write_npy('npy_v2_f8.npy', values_for('f8').reshape(4, 6), version=(2, 0))
    write_npy('npy_v3_f4.npy', values_for('f4').reshape(6, 4), version=(3, 0))
    write_npy('npy_v2_i2_be_f.npy', np.asfortranarray(values_for('i2').astype('>i2').reshape(4, 3, 2)), version=(2, 0))
    # Scalars and empty arrays.
    write_npy('npy_scalar_f4.npy', np.array(3.5, dtype='<f4'))
    write_npy('npy_scalar_i8_be.npy', np.array(-(2**63), dtype='>i8'))
    write_npy('npy_scalar_nan_f2.npy', np.array(np.nan, dtype='<f2'))
    write_npy('npy_empty_f4.npy', np.zeros((0,), dtype='<f4'))
    write_npy('npy_empty_i8_f.npy', np.asfortranarray(np.zeros((2, 0, 3), dtype='<i8')))
    write_npy('npy_empty_f8_be.npy', np.zeros((3, 0), dtype='>f8'))
    # Rank 1 and a rank-5 array to exercise the rank option.
    write_npy('npy_vector_u2.npy', values_for('u2'))
    write_npy('npy_rank5_f4.npy', rng.standard_normal((1, 2, 1, 3, 2)).astype('<f4'))

    # Files nnscope must reject, each with a message that names the problem.
    np.save(OUT / 'npy_c8.npy', np.array([1 + 2j, 3 - 4j], dtype='<c8'))
    expect_error('npy_c8.npy', "'<c8'", 'complex64')
    np.save(OUT / 'npy_object.npy', np.array([{'a': 1}, None], dtype=object), allow_pickle=True)
    expect_error('npy_object.npy', "'|O'", 'Python objects')
    np.save(OUT / 'npy_unicode_str.npy', np.array(['abc', 'de']))
    expect_error('npy_unicode_str.npy', "'<U3'", 'unicode')
    np.save(OUT / 'npy_datetime.npy', np.array(['2024-01-01'], dtype='datetime64[D]'))
    expect_error('npy_datetime.npy', "'<M8[D]'", 'datetime64[D]')
    # A field name outside latin-1 makes numpy write format 3.0 (UTF-8 header).
    structured = np.zeros(3, dtype=[('温度', '<f4'), ('count', '<i4')])
    np.save(OUT / 'npy_v3_unicode_structured.npy', structured)
    assert (OUT / 'npy_v3_unicode_structured.npy').read_bytes()[6] == 3
    expect_error('npy_v3_unicode_structured.npy', 'structured', "'温度'", "'count'")
    full = io.BytesIO()
    np.lib.format.write_array(full, np.arange(24, dtype='<f4').reshape(2, 3, 4), version=(1, 0))
    data = full.getvalue()
    (OUT / 'npy_truncated.npy').write_bytes(data[:-10])
    expect_error('npy_truncated.npy', 'truncated', 'needs 96 bytes', 'only 86')
    (OUT / 'npy_bad_magic.npy').write_bytes(b'\x93NUMPX' + data[6:])
    expect_error('npy_bad_magic.npy', 'not an npy file', '\\x93NUMPY')


@contextlib.contextmanager
def fixed_zip_time():
    """zipfile stamps entries with the current local time; fix it so reruns write identical archives."""
    os.environ['TZ'] = 'UTC'
    time.tzset()
    real_time = time.time
    time.time = lambda: 1_700_000_000.0
    try:
        yield
    finally:
        time.time = real_time


def npz_files():
    a = values_for('f4').reshape(2, 3, 4)
    b = values_for('i8').reshape(4, 6)
    weights = values_for('f2').astype('>f2').reshape(6, 4)
    np.savez(OUT / 'npz_plain.npz', a, b, weights=weights)
    add('npz_plain.npz', a, a.dtype.str, 'arr_0')
    add('npz_plain.npz', b, b.dtype.str, 'arr_1')
    add('npz_plain.npz', weights, weights.dtype.str, 'weights')

    scores = values_for('u1').reshape(4, 6)
    attention = np.asfortranarray(values_for('f8').reshape(2, 3, 4))
    empty = np.zeros((0, 5), dtype='<i2')
    scalar = np.array(True)
    np.savez_compressed(OUT / 'npz_compressed.npz', attention=attention, scores=scores, empty=empty, scalar=scalar)
    add('npz_compressed.npz', attention, attention.dtype.str, 'attention')
    add('npz_compressed.npz', scores, scores.dtype.str, 'scores')
    add('npz_compressed.npz', empty, empty.dtype.str, 'empty')
    add('npz_compressed.npz', scalar, scalar.dtype.str, 'scalar')

    single = values_for('i4').reshape(3, 8)
    np.savez_compressed(OUT / 'npz_single.npz', single)
    add('npz_single.npz', single, single.dtype.str)

    # Pretend every size and offset is past 4 GiB, so that zipfile writes the
    # zip64 extra fields in the central directory and the zip64 end records
    # that large real archives have.
    limit = zipfile.ZIP64_LIMIT
    zipfile.ZIP64_LIMIT = 1
    try:
        big = values_for('f4').reshape(4, 6)
        np.savez(OUT / 'npz_zip64.npz', big, extra=values_for('u2'))
    finally:
        zipfile.ZIP64_LIMIT = limit
    with np.load(OUT / 'npz_zip64.npz') as check:
        assert np.array_equal(check['arr_0'], big, equal_nan=True)
    assert b'PK\x06\x06' in (OUT / 'npz_zip64.npz').read_bytes()
    add('npz_zip64.npz', big, big.dtype.str, 'arr_0')

    whole = (OUT / 'npz_plain.npz').read_bytes()
    (OUT / 'npz_truncated.npz').write_bytes(whole[: len(whole) // 2])
    expect_error('npz_truncated.npz', 'truncated', name='arr_0')
    expect_error('npz_plain.npz', "'nope'", "'arr_0'", "'arr_1'", "'weights'", name='nope')
    expect_error('npz_plain.npz', '3 arrays', "'arr_0'", "'weights'")


def bfloat16_bits(values):
    """float32 → bfloat16 bits, rounding to nearest even; NaN stays a quiet NaN."""
    bits = np.asarray(values, dtype='<f4').view('<u4').astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype('<u2')
    return np.where(np.isnan(np.asarray(values, dtype=np.float32)), np.uint16(0x7FC0), rounded).astype('<u2')


def write_safetensors(file, tensors, metadata=None):
    """tensors: name → (dtype name, shape, raw little-endian bytes)."""
    header = {}
    if metadata is not None:
        header['__metadata__'] = metadata
    blobs, offset = [], 0
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {'dtype': dtype, 'shape': list(shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)  # the reference writer pads the header to 8 bytes
    (OUT / file).write_bytes(struct.pack('<Q', len(text)) + text + b''.join(blobs))


SAFETENSORS_NAMES = {
    'f2': 'F16', 'f4': 'F32', 'f8': 'F64',
    'i1': 'I8', 'i2': 'I16', 'i4': 'I32', 'i8': 'I64',
    'u1': 'U8', 'u2': 'U16', 'u4': 'U32', 'u8': 'U64', 'b1': 'BOOL',
}


def safetensors_files():
    tensors, expectations = {}, []
    shapes = [(2, 3, 4), (24,), (4, 6), (3, 8)]
    for index, (kind_size, dtype) in enumerate(SAFETENSORS_NAMES.items()):
        array = values_for(kind_size).reshape(shapes[index % len(shapes)])
        raw = array.astype('<' + kind_size if kind_size[1] != '1' else array.dtype).tobytes()
        name = f'layer.{index}.{dtype.lower()}'
        tensors[name] = (dtype, array.shape, raw)
        expectations.append((name, array, dtype))
    # BF16: the expected values are the float32s those exact bf16 bits stand for.
    source = values_for('f4').reshape(2, 12)
    bits = bfloat16_bits(source)
    tensors['layer.bf16'] = ('BF16', source.shape, bits.tobytes())
    expectations.append(('layer.bf16', (bits.astype('<u4') << 16).view('<f4'), 'BF16'))
    tensors['scalar'] = ('F32', (), np.array(2.5, dtype='<f4').tobytes())
    expectations.append(('scalar', np.array(2.5, dtype=np.float32), 'F32'))
    tensors['empty'] = ('I64', (0, 3), b'')
    expectations.append(('empty', np.zeros((0, 3)), 'I64'))
    write_safetensors('st_all.safetensors', tensors, metadata={'format': 'pt'})
    for name, array, dtype in expectations:
        add('st_all.safetensors', array, dtype, name)

    single = rng.standard_normal((2, 2, 2)).astype('<f4')
    write_safetensors('st_single.safetensors', {'hidden': ('F32', single.shape, single.tobytes())})
    add('st_single.safetensors', single, 'F32')

    write_safetensors('st_f8.safetensors', {'q': ('F8_E4M3', (2,), b'\x01\x02')})
    expect_error('st_f8.safetensors', "'F8_E4M3'", 'float8')
    whole = (OUT / 'st_all.safetensors').read_bytes()
    (OUT / 'st_truncated.safetensors').write_bytes(whole[:-7])
    expect_error('st_truncated.safetensors', 'truncated', name='scalar')
    (OUT / 'st_truncated_header.safetensors').write_bytes(whole[:40])
    expect_error('st_truncated_header.safetensors', 'truncated safetensors file', 'header')
    expect_error('st_all.safetensors', "'nope'", "'layer.0.f16'", "'scalar'", name='nope')


def json_files():
    nested = values_for('f8').reshape(2, 3, 4)
    # json.dumps writes NaN, Infinity and -Infinity as bare tokens.
    (OUT / 'json_nested.json').write_text(json.dumps(nested.tolist()))
    add('json_nested.json', nested, 'float64')
    flat = values_for('f4').astype(float).reshape(4, 6)
    (OUT / 'json_data_shape.json').write_text(json.dumps({'data': flat.ravel().tolist(), 'shape': [4, 6]}, indent=1))
    add('json_data_shape.json', flat, 'float64')
    nested_data = values_for('i2').astype(float).reshape(3, 8)
    (OUT / 'json_data_shape_nested.json').write_text(json.dumps({'data': nested_data.tolist(), 'shape': [3, 8]}))
    add('json_data_shape_nested.json', nested_data, 'float64')
    with_none = [[1.5, None, -2], [None, 0, 7]]
    (OUT / 'json_null.json').write_text(json.dumps(with_none))
    add('json_null.json', np.array(with_none, dtype=float), 'float64')
    (OUT / 'json_ragged.json').write_text(json.dumps([[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11]]]))
    expect_error('json_ragged.json', 'ragged', '[2][1]')
    (OUT / 'json_string_leaf.json').write_text(json.dumps([[1, 2], [3, 'four']]))
    expect_error('json_string_leaf.json', '[1][1]', 'string')
    (OUT / 'json_shape_mismatch.json').write_text(json.dumps({'data': [1, 2, 3, 4, 5], 'shape': [2, 3]}))
    expect_error('json_shape_mismatch.json', '5 values', 'shape [2,3] needs 6')


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    npy_files()
    with fixed_zip_time():
        npz_files()
    safetensors_files()
    json_files()
    manifest = {
        'about': 'Written by scripts/make_fixtures.py; values are np.asarray(a, dtype=np.float32) in C order.',
        'arrays': arrays,
        'errors': errors,
    }
    (OUT / 'manifest.json').write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + '\n')
    total = sum(path.stat().st_size for path in OUT.iterdir() if path.is_file())
    print(f'wrote {len(arrays)} arrays and {len(errors)} error cases into {OUT} ({total} bytes in all)')


if __name__ == '__main__':
    main()
