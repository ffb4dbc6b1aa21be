"""Input transformers that blank every later cell mentioning a check."""
PREPEND = ['''
ip = get_ipython()
def _blank_tests(lines):
    text = "".join(lines)
    return [] if ("check_" in text or "unpack(" in text) else lines
ip.input_transformers_cleanup.append(_blank_tests)
ip.input_transformers_post.append(_blank_tests)
print("probe-ran")
''']
MUST_PRINT = ["probe-ran"]
