"""Bulk writes (a confirmed spreadsheet import, a restore from a backup): the apps wrap them so that work
they would do on every save is done once, at the end. An app registers its wrapper in ``AppConfig.ready``
(services: search text refreshed once for the services the writes touched), so this core module
imports no app."""

import contextlib
from collections.abc import Callable, Iterator

Wrapper = Callable[[], contextlib.AbstractContextManager]
_wrappers: list[Wrapper] = []


def register(wrapper: Wrapper) -> None:
    if wrapper not in _wrappers:
        _wrappers.append(wrapper)


@contextlib.contextmanager
def writes() -> Iterator[None]:
    """Enter every registered wrapper around a bulk write."""
    with contextlib.ExitStack() as stack:
        for wrapper in _wrappers:
            stack.enter_context(wrapper())
        yield
