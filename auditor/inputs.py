"""Files a person hands the toolkit (orgs, feeds, attestations), read within one bound.

Every loader used to stat the file, compare its size and then read it whole, each in
its own words; a file that grew in between, or a pipe, was read without limit. Here
the read itself stops one byte past the bound.
"""

from __future__ import annotations

from pathlib import Path

from auditor.errors import BadInput, Problem

__all__ = ["read_text"]


def read_text(path: Path | str, *, max_bytes: int, error: type[BadInput]) -> str:
    """The file's text (UTF-8, a leading BOM dropped), never reading past `max_bytes`.

    Raises `error` naming the file when it is missing, not a regular file, larger than
    `max_bytes`, or not UTF-8 (with the line of the first bad byte)."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise error(f"{name}: no such file")
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise error(f"{name}: larger than {max_bytes} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(f"{name}: not UTF-8 text",
                    problems=[Problem(name, line, None, f"not UTF-8 text: {exc.reason}")]
                    ) from None
