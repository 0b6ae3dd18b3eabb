"""A document appears under its final name only when it is complete.

Every PDF the reports write to a path goes through ``whole_file``: it is laid
out into ``<name>.<random>.part`` in the same folder (so the rename stays on
one file system) and moved onto the final name with ``os.replace`` once
ReportLab has saved it. A failure removes the part; a kill -9 may leave a
``.part`` behind, never a truncated ``.pdf``, and an earlier complete copy
under the final name stays as it was until the new one is whole.

(The core's CSV/XLSX exports and printed liquidations do the same in
``core/sheets.write_file`` and ``core/liquidations._write_whole``: the layers
keep reports and core from sharing a module below them that may do I/O.)
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

PART = ".part"


@contextmanager
def whole_file(out: str | os.PathLike | BinaryIO) -> Iterator[str | BinaryIO]:
    """For a path, a temporary path beside it to write to, renamed onto it when
    the block ends without error and removed otherwise; a binary file object
    (the caller's own) is handed back as it is."""
    if not isinstance(out, (str, os.PathLike)):
        yield out
        return
    path = Path(os.fspath(out))
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}{PART}")
    try:
        yield str(partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
