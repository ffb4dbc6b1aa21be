"""A notebook whose outputs nest 900 dicts deep: Python's JSON reader still reads it, but
anything that walks it recursively afterwards (a writer, a sanitiser) may not. It must be
refused on its depth before it is decoded, and still get a recorded result and a row."""
import json


def edit(nb):
    raw = json.dumps(nb).encode()
    deep = b'{"a": ' * 900 + b"1" + b"}" * 900
    return raw.replace(b'"outputs": []', b'"outputs": [{"output_type": "display_data", "data": '
                       + deep + b', "metadata": {}}]', 1)
STATUS = "invalid-notebook"
