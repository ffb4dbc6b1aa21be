"""Make a result safe to write: valid UTF-8, bounded strings.

Whatever a learner prints or raises, every file written from a result
stays small and writable.
"""
MAX_TEXT = 50_000          # characters of any one string a result keeps
MAX_MESSAGE = 2_000        # characters of a test's message
MAX_KEY = 200              # characters of a dict key


def cut(text, limit):
    """``text`` as valid UTF-8 (lone surrogates escaped), at most ``limit``
    characters plus a note of what was left out."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else (
        text[:limit] + f"\n… ({len(text) - limit} more characters not kept)")


def sanitise(value, limit=MAX_TEXT):
    """A copy of ``value`` with every string cut to ``limit`` characters
    (test messages to ``MAX_MESSAGE``, keys to ``MAX_KEY``)."""
    if isinstance(value, str):
        return cut(value, limit)
    if isinstance(value, list):
        return [sanitise(v, limit) for v in value]
    if isinstance(value, dict):
        return {cut(k, MAX_KEY) if isinstance(k, str) else k:
                sanitise(v, MAX_MESSAGE if k == "message" else limit) for k, v in value.items()}
    return value
