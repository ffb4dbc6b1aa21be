"""A notebook whose cell metadata nests 100,000 lists deep: reading or writing it recursively
fails. The submission must still get a recorded result (invalid-notebook) and a row."""
import json


def edit(nb):
    raw = json.dumps(nb).encode()
    return raw.replace(b'"metadata": {}', b'"metadata": {"x": ' + b"[" * 100_000 + b"]" * 100_000
                       + b"}", 1)
STATUS = "invalid-notebook"
