"""Files written during a request that fails are removed again.

Database rows roll back on an error; files in storage do not. Code that stores a file calls
``remember_stored_file``; the door that runs the whole operation (an admin save, an import, an
upload) wraps it in ``files_removed_on_failure`` so nothing is left behind unseen.
"""

import contextlib
import threading

from django.core.files.storage import default_storage

_state = threading.local()


def _stack() -> list[list[str]]:
    if not hasattr(_state, "stack"):
        _state.stack = []
    return _state.stack


def remember_stored_file(name: str) -> None:
    stack = _stack()
    if stack:
        stack[-1].append(name)


@contextlib.contextmanager
def files_removed_on_failure():
    written: list[str] = []
    stack = _stack()
    stack.append(written)
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    finally:
        stack.pop()
        if stack:  # an enclosing operation owns these files too
            stack[-1].extend(written)
