"""The plain-data protocol: what a lying kernel can and cannot send."""
import base64
import pickle

import numpy as np
import pytest

from autograder import protocol
from autograder.protocol import ProtocolError, decode, encode
from autograder.student import Opaque


def roundtrip(value):
    return decode(protocol.parse(protocol.pack({"v": encode(value, Opaque)})[4:])["v"], Opaque)


def test_plain_values_roundtrip_exactly():
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    value = {"a": a, "t": (1, 2.5, None, "x", True, 3 + 4j), "l": [np.array([True, False])],
             "h": Opaque(7)}
    back = roundtrip(value)
    assert back["a"].dtype == np.float32 and np.array_equal(back["a"], a)
    assert back["t"] == (1, 2.5, None, "x", True, 3 + 4j) and type(back["t"]) is tuple
    assert back["h"].ref == 7 and isinstance(back["h"], Opaque)
    assert back["a"].flags.writeable


@pytest.mark.parametrize("dtype", ["|O", "O", "<U3", "|V8", "[('a','<f8')]", "<M8[s]", "(2,)f8", "pickle"])
def test_arrays_of_other_dtypes_are_refused(dtype):
    with pytest.raises(ProtocolError):
        decode({"__nd__": [dtype, [1], base64.b64encode(b"\0" * 8).decode()]}, Opaque)


def test_pickled_payloads_cannot_execute():
    class Boom:
        def __reduce__(self):
            return (print, ("executed",))
    raw = base64.b64encode(pickle.dumps(Boom())).decode()
    with pytest.raises(ProtocolError):
        decode({"__nd__": ["|O", [1], raw]}, Opaque)
    with pytest.raises(ProtocolError):
        decode({"__pickle__": raw}, Opaque)


@pytest.mark.parametrize("bad", [
    {"__nd__": ["<f8", [2], base64.b64encode(b"\0" * 8).decode()]},    # size mismatch
    {"__nd__": ["<f8", [-1], ""]},
    {"__nd__": ["<f8", [2 ** 39, 2 ** 39], ""]},      # 2**78 elements: 0 in int64 arithmetic
    {"__nd__": ["<f8", [2 ** 32, 2 ** 32, 1], ""]},
    {"__nd__": ["<f8", [1], "not base64!"]},
    {"__tuple__": [1], "__dict__": []},
    {"__dict__": [[1, 2]]},
    {"__opaque__": -1},
    {"__complex__": ["1", 2]},
    {"a": 1},
])
def test_malformed_values_are_refused(bad):
    with pytest.raises(ProtocolError):
        decode(bad, Opaque)


def test_framing_refuses_garbage_and_oversized_messages():
    with pytest.raises(ProtocolError):
        protocol.parse(b"{not json")
    with pytest.raises(ProtocolError):
        protocol.parse(b"[1, 2]")
    with pytest.raises(ProtocolError):
        protocol.unpack_header((protocol.MAX_MESSAGE + 1).to_bytes(4, "big"))


def test_non_plain_values_cannot_be_encoded():
    class Sub(np.ndarray):
        pass
    with pytest.raises(ProtocolError):
        encode(np.zeros(2).view(Sub))
    with pytest.raises(ProtocolError):
        encode(object())


def test_a_reply_small_on_the_wire_and_huge_decoded_is_refused_before_decoding():
    import tracemalloc
    raw = b'{"value": [' + b",".join([b"[]"] * 3_000_000) + b"]}"    # 9 MB, ~3 GB as lists
    tracemalloc.start()
    with pytest.raises(ProtocolError, match="values is over the limit"):
        protocol.parse(raw)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 3 * len(raw)


@pytest.mark.parametrize("raw, word", [
    (b'{"v": ' + b"[" * 65 + b"]" * 65 + b"}", "levels deep"),
    (b'{"v": [' + b",".join([b"1"] * (protocol.MAX_ITEMS + 1)) + b"]}", "values is over"),
    (b" " * (protocol.MAX_MESSAGE + 1), "byte limit"),
])
def test_parse_refuses_costly_payloads(raw, word):
    with pytest.raises(ProtocolError, match=word):
        protocol.parse(raw)


def test_brackets_commas_and_escapes_inside_strings_cost_nothing():
    text = '[[{{,,\\"\\\\' * 50_000 + '\\'
    message = {"value": [text, {"__tuple__": [1, 2.5, text]}], "q": 'a"b\\'}
    assert protocol.parse(protocol.pack(message)[4:]) == message
    deepest = {"v": [[[[[[[[[[1]]]]]]]]]]}
    assert protocol.parse(protocol.pack(deepest)[4:]) == deepest


def test_decode_keeps_to_the_same_budget():
    with pytest.raises(ProtocolError, match="items"):
        decode([0] * protocol.MAX_ITEMS, Opaque)
    nested = 1
    for _ in range(protocol.MAX_DEPTH + 1):
        nested = {"__tuple__": [nested]}
    with pytest.raises(ProtocolError, match="levels"):
        decode(nested, Opaque)


def test_the_kernel_side_cannot_send_what_the_grader_would_refuse():
    with pytest.raises(ProtocolError):
        protocol.pack({"value": [[]] * (protocol.MAX_ITEMS + 1)})
