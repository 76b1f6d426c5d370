"""A mail backend for tests that refuses chosen calls; the ``flaky`` fixture (copilote/conftest.py)
selects it and resets it."""


class FlakyBackend:
    """A mail backend that refuses the calls whose number (1, 2, ...) is in ``failing``."""

    failing: set = set()
    calls = 0
    sent: list = []

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls in FlakyBackend.failing:
            raise ConnectionRefusedError("smtp down")
        FlakyBackend.sent.extend(m.to[0] for m in messages)
        return len(messages)
