"""Where ``pybabel extract`` finds the command line's help (babel.cfg names :func:`extract` for ``kiosk/cli``).

The ``help=`` and ``description=`` texts of the commands' options, the one-line summary a command is
registered with (``command(container, name, func, "summary")``), and argparse's own words (below) are
sentences of the ``stampcard`` catalogue; ``kiosk.cli.Parser`` says them in the user's language when it
formats help and errors. Nothing here runs when a command runs: only the extraction imports this module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import IO, Any


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a sentence for the catalogue (extracted, not translated here)."""
    return message


#: argparse's words a person reads (argparse looks them up with gettext: ``kiosk.cli`` binds them to ours).
ARGPARSE_WORDS = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("unrecognized arguments: %s"), N_("expected one argument"),
    N_("expected at least one argument"), N_("expected at most one argument"), N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"), N_("can't open '%(filename)s': %(error)s"),
)

_HELP_KEYWORDS = ("help", "description")


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[Any, ...]]:
    """A Babel extractor: what ``extract_python`` finds (gettext calls, ``N_``), and every literal ``help=``
    and ``description=`` text and ``command(...)`` summary of a ``kiosk/cli`` module."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        texts = [kw.value for kw in node.keywords if kw.arg in _HELP_KEYWORDS]
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "command" and len(node.args) >= 4:
            texts.append(node.args[3])
        for text in texts:
            if isinstance(text, ast.Constant) and isinstance(text.value, str) and text.value:
                yield text.lineno, None, text.value, []
