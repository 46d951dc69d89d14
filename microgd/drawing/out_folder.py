"""Checking an ``--out`` folder before a command writes anything into it.

Every command that writes files (`microgd demo`, `microgd graph`, `microgd fit`, and each demo
script) takes
``--out DIR``: a folder, created if missing. A path that cannot become a writable folder (an
existing file, a folder inside a file, a read-only place) is refused before any work is done
and before anything is written, in one line that names the path, the reason and what would
work. Nothing is created by the check itself.
"""

from __future__ import annotations

import os
from pathlib import Path


class OutFolderError(ValueError):
    """``--out`` names a path that cannot be a folder to write into; the message says why."""


def check_out_folder(out: str | Path, what: str = "the files") -> Path:
    """Make sure ``out`` is, or can be created as, a folder we can write into.

    The nearest part of the path that exists must be a folder we may write into (so that the
    rest can be created inside it), or ``out`` itself must be one.

    Args:
        out: the folder given with ``--out``.
        what: what goes into it, for the message: "the plots", "the pictures".
    Returns:
        ``out`` as a Path.
    Raises:
        OutFolderError: naming the path, why it cannot be written and what would work.
    """
    path = Path(out)
    wanted = f"expected a folder for {what} (it is created if missing), such as --out microgd-out"
    if not str(out).strip():  # an unset shell variable, say: writing into "." would surprise
        raise OutFolderError(f"--out {str(out)!r} is empty; {wanted}, or --out . for this folder")
    if path.exists() and not path.is_dir():
        raise OutFolderError(f"--out {str(out)!r} is an existing file; {wanted}")
    existing = path
    while not existing.exists():  # the nearest part of the path that is there ('.' or '/' at worst)
        existing = existing.parent
    if not existing.is_dir():
        raise OutFolderError(f"--out {str(out)!r} is inside the file {str(existing)!r}; {wanted}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutFolderError(f"--out {str(out)!r} cannot be written: {str(existing)!r} is read-only; {wanted}")
    return path
