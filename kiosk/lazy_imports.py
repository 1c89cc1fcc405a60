"""Parse the command line before the storage layer is imported: ``stampcard --help`` without SQLAlchemy.

Importing ``db`` loads SQLAlchemy (about 0.4 s of a 2-core kiosk's start, most of
``stampcard --help``'s time). The command modules import ``db``, ``printing`` and
``messages`` at their top, as the style guide asks (modules, not names). While the
parser is built and the arguments are parsed, :func:`deferred` makes those imports
lazy (``importlib.util.LazyLoader``): a module is created, and runs only when one of
its attributes is first used. ``--help`` and a usage error end there, so they never
run the storage layer. Afterwards :func:`load_all` runs every module still waiting,
in the main thread, before any command (or the kiosk's threads) can use one: from
then on imports behave as always.

Rules for the parser-building code (``register`` functions): read no attribute of
a ``db``, ``printing`` or ``messages`` module while building (a choice list lives
in a light module, e.g. ``cards``), and import no name from one (``from db.models
import utcnow`` runs ``db.models``; ``from db import ops`` does not). ``cards`` is not deferred: a
command module imports ``cards.decode`` (OpenCV) inside the command, not at its top (``kiosk/cli/scan.py``).
Only the chosen command's module is imported at all (``kiosk/cli/__init__.py``).
``tests/test_startup.py`` checks that ``--help`` of every command loads no SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Iterator, Sequence

DEFERRED = ("db", "printing", "messages")


class _Finder:
    """Finds our storage and printing modules as usual, but hands them to a ``LazyLoader``.

    A meta path finder by its ``find_spec`` alone: ``importlib.abc`` (which loads ``importlib.resources``
    and ``typing``, a third of ``stampcard --help``'s own imports) is not needed for that."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname.split(".", 1)[0] not in DEFERRED or "." not in fullname:
            return None  # a package's own __init__ runs (they are light): its submodules wait
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = importlib.util.LazyLoader(spec.loader)
                return spec
        return None


_ACTIVE: list[_Finder] = []


def start() -> None:
    """From now until :func:`finish`, ``import db.x`` (``printing.x``, ``messages.x``) waits until ``db.x`` is used."""
    if not _ACTIVE:
        _ACTIVE.append(_Finder())
        sys.meta_path.insert(0, _ACTIVE[0])


def finish() -> None:
    """Imports behave as always again, and every module left waiting runs now (:func:`load_all`)."""
    while _ACTIVE:
        sys.meta_path.remove(_ACTIVE.pop())
    load_all()


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Within the block, ``import db.x`` (and ``printing.x``, ``messages.x``) waits until ``db.x`` is used."""
    finder = _Finder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def waiting() -> list[str]:
    """The modules created lazily that have not run yet."""
    lazy = getattr(importlib.util, "_LazyModule", None)
    return [name for name, module in list(sys.modules.items()) if lazy is not None and type(module) is lazy]


def load_all() -> None:
    """Run every module :func:`deferred` left waiting (in import order), so nothing loads later in a thread."""
    for name in waiting():
        module = sys.modules.get(name)
        if module is not None:
            getattr(module, "__name__")  # the first attribute runs the module
