"""Harness functions that run on the learner's side for hidden tests.

Each driver takes the learner's namespace first, then plain-data arguments,
and returns plain data. Drivers hold no expected values and make no verdict:
they only exercise live objects (such as an ``nn.Module``) that cannot cross
the process boundary. The verdict is computed by the hidden test.
"""
