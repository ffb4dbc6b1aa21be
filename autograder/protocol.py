"""Messages between the grader and a jailed kernel.

Each message is a 4-byte big-endian length followed by that many bytes of
UTF-8 JSON. Values are plain data only; JSON cannot carry code, and the few
non-JSON types are tagged objects:

- ``{"__nd__": [dtype, shape, base64]}`` a NumPy array of bool, int, uint,
  float or complex dtype, as raw little- or big-endian bytes;
- ``{"__tuple__": [...]}``, ``{"__dict__": [[key, value], ...]}``,
  ``{"__complex__": [re, im]}`` and ``{"__opaque__": n}``.

``decode`` is strict: anything else is a ``ProtocolError``. It is what the
grader applies to whatever a kernel sends, so a kernel that lies can only
produce wrong plain values, never objects with behaviour of their own.

What a message may cost its reader is bounded before it is decoded: at most
``MAX_MESSAGE`` bytes on the wire, ``MAX_ITEMS`` JSON values and
``MAX_DEPTH`` levels of nesting (``parse`` counts them in the raw bytes
before ``json.loads`` builds anything), and ``decode`` keeps to the same
budget while it builds the plain values.

This module runs on both sides and imports nothing from the repository.
"""
import base64
import json
import math
import re
import struct

import numpy as np

MAX_MESSAGE = 32 * 1024 * 1024     # bytes of one framed message
MAX_ITEMS = 100_000                # JSON values (numbers, strings, lists, ...) in one message
MAX_DEPTH = 64                     # levels of nested lists and objects in one message
_PLAIN_KINDS = "biufc"
_HEADER = struct.Struct(">I")


class ProtocolError(Exception):
    """A message that is not well-formed plain data."""


def _check_dtype(text):
    if not isinstance(text, str) or len(text) > 8:
        raise ProtocolError(f"bad dtype {text!r}")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise ProtocolError(f"bad dtype {text!r}") from None
    if dtype.kind not in _PLAIN_KINDS or dtype.hasobject or dtype.fields is not None \
            or dtype.subdtype is not None:
        raise ProtocolError(f"dtype {text!r} is not a plain number type")
    return dtype


def encode(value, opaque_type=None):
    """Plain data -> JSON-compatible structure (``opaque_type`` is the class
    whose ``ref`` attribute marks a handle)."""
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value
    if type(value) is complex:
        return {"__complex__": [value.real, value.imag]}
    if type(value) is np.ndarray:
        arr = np.ascontiguousarray(value)
        _check_dtype(arr.dtype.str)
        return {"__nd__": [arr.dtype.str, list(arr.shape),
                           base64.b64encode(arr.tobytes()).decode("ascii")]}
    if type(value) is tuple:
        return {"__tuple__": [encode(v, opaque_type) for v in value]}
    if type(value) is list:
        return [encode(v, opaque_type) for v in value]
    if type(value) is dict:
        return {"__dict__": [[str(k), encode(v, opaque_type)] for k, v in value.items()]}
    if opaque_type is not None and isinstance(value, opaque_type):
        return {"__opaque__": int(value.ref)}
    raise ProtocolError(f"cannot send a value of type {type(value).__name__}")


def decode(data, make_opaque, depth=0, budget=None):
    """JSON structure -> plain data; ``make_opaque(n)`` builds a handle.
    At most ``MAX_ITEMS`` values and ``MAX_DEPTH`` levels are decoded
    (``budget`` is the one-element list of values left, shared by the
    recursive calls)."""
    budget = [MAX_ITEMS] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        raise ProtocolError(f"value of more than {MAX_ITEMS} items")
    if depth > MAX_DEPTH:
        raise ProtocolError(f"value nested more than {MAX_DEPTH} levels deep")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v, make_opaque, depth + 1, budget) for v in data]
    if type(data) is not dict or len(data) != 1:
        raise ProtocolError("unexpected value in message")
    (tag, body), = data.items()
    if tag == "__nd__":
        if type(body) is not list or len(body) != 3:
            raise ProtocolError("bad array")
        dtype = _check_dtype(body[0])
        shape = body[1]
        if type(shape) is not list or len(shape) > 32 or \
                not all(type(n) is int and 0 <= n < 2 ** 40 for n in shape):
            raise ProtocolError("bad array shape")
        if type(body[2]) is not str:
            raise ProtocolError("bad array data")
        try:
            raw = base64.b64decode(body[2].encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            raise ProtocolError("bad array data") from None
        size = math.prod(shape)          # exact: an int64 product can wrap around to len(raw)
        if size * dtype.itemsize != len(raw):
            raise ProtocolError("array data does not match its shape")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if tag == "__tuple__" and type(body) is list:
        return tuple(decode(v, make_opaque, depth + 1, budget) for v in body)
    if tag == "__dict__" and type(body) is list:
        out = {}
        for item in body:
            if type(item) is not list or len(item) != 2 or type(item[0]) is not str:
                raise ProtocolError("bad dict item")
            out[item[0]] = decode(item[1], make_opaque, depth + 1, budget)
        return out
    if tag == "__complex__" and type(body) is list and len(body) == 2 \
            and all(type(v) in (int, float) for v in body):
        return complex(body[0], body[1])
    if tag == "__opaque__" and type(body) is int and body >= 0:
        return make_opaque(body)
    raise ProtocolError(f"unexpected tag {tag!r}")


_STRING = re.compile(rb'"[^"]*"')
_BRACKET = re.compile(rb"[\[\]{}]")


def check_cost(raw, max_items=MAX_ITEMS, max_depth=MAX_DEPTH):
    """Refuse JSON bytes whose decoding would cost more than ``max_items``
    values or ``max_depth`` levels of nesting, counted on the raw bytes
    (strings blanked out first) without building any value."""
    bare = _STRING.sub(b'""', raw.replace(b"\\\\", b"").replace(b'\\"', b""))
    items = bare.count(b",") + bare.count(b"[") + bare.count(b"{") + 1
    if items > max_items:
        raise ProtocolError(f"message of about {items} values is over the limit of {max_items}")
    depth = deepest = 0
    for match in _BRACKET.finditer(bare):
        depth += 1 if match.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    if deepest > max_depth:
        raise ProtocolError(f"message nested {deepest} levels deep, over the limit of {max_depth}")


def pack(message):
    """Dict -> framed bytes, within the limits ``parse`` applies."""
    raw = json.dumps(message, allow_nan=True).encode("utf-8")
    if len(raw) > MAX_MESSAGE:
        raise ProtocolError(f"message of {len(raw)} bytes is over the {MAX_MESSAGE}-byte limit")
    check_cost(raw)
    return _HEADER.pack(len(raw)) + raw


def unpack_header(header):
    (size,) = _HEADER.unpack(header)
    if size > MAX_MESSAGE:
        raise ProtocolError(f"message of {size} bytes is over the {MAX_MESSAGE}-byte limit")
    return size


def parse(raw):
    """Framed payload bytes -> dict (no tagged-value decoding yet); refuses
    a payload over ``MAX_MESSAGE`` bytes, ``MAX_ITEMS`` values or
    ``MAX_DEPTH`` levels before decoding it."""
    if len(raw) > MAX_MESSAGE:
        raise ProtocolError(f"message of {len(raw)} bytes is over the {MAX_MESSAGE}-byte limit")
    check_cost(raw)
    try:
        message = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ProtocolError("message is not valid JSON") from None
    if type(message) is not dict:
        raise ProtocolError("message is not a JSON object")
    return message


def read_message(fd):
    """Blocking read of one framed message from a file descriptor (used on
    the kernel side)."""
    import os

    def read_exact(n):
        chunks = []
        while n:
            chunk = os.read(fd, min(n, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    return parse(read_exact(unpack_header(read_exact(_HEADER.size))))


def write_message(fd, message):
    import os
    data = memoryview(pack(message))
    while data:
        data = data[os.write(fd, data):]
