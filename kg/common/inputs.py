"""Open input files safely: regular files only (a named pipe would block, a device never end),
never more bytes than a limit, counted as they are read rather than trusted from the file's size,
and file names shown printable whatever bytes they hold."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from kg.common.errors import DataError, InputError

STDIN = Path("-")  # the file name that stands for standard input (or output)
STDIN_NAME = "standard input"  # how findings and messages name it

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def shown(path: str | Path) -> str:
    """The path as text that prints and serialises anywhere: bytes of a file name that are not
    UTF-8 become escapes such as \\xe9."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def megabytes(size: int) -> str:
    return f"{size / 1e6:.0f} MB" if size >= 10_000_000 or size % 1_000_000 == 0 else f"{size / 1e6:.1f} MB"


def _kind(mode: int) -> str | None:
    """What the file is when it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def _refuse(path: Path, kind: str) -> InputError:
    if kind == "a folder":
        return InputError(shown(path), "a folder, not a file", "name a file")
    return InputError(shown(path), f"{kind}, not a regular file",
                      "save what it holds to a regular file and give that")


def _stat_error(path: Path, err: OSError) -> InputError:
    if isinstance(err, FileNotFoundError) and os.path.islink(path):
        return InputError(shown(path), f"a broken link (to {shown(os.readlink(path))}, which does not exist)",
                          "fix the link or remove it")
    if isinstance(err, FileNotFoundError):
        return InputError(shown(path), "no such file", "check the path")
    return InputError(shown(path), f"cannot be read ({err.strerror or err})", "check the path and permissions")


def check_regular(path: Path) -> os.stat_result:
    """The file's status, after following links; an InputError unless it is a regular file."""
    try:
        status = os.stat(path)
    except OSError as err:
        raise _stat_error(path, err) from None
    kind = _kind(status.st_mode)
    if kind is not None:
        raise _refuse(path, kind)
    return status


def too_large(path: Path, size: int | None, limit: int, what: str, remedy: str) -> InputError:
    stated = f"{megabytes(size)}, more" if size is not None else "more"
    return InputError(shown(path), f"{stated} than the {megabytes(limit)} {what} may have", remedy)


@contextmanager
def open_regular(path: Path) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """The file open for reading in binary, and its status. Refused before it is opened when it
    is not a regular file, and checked again once open (it may have been swapped meanwhile);
    opened without blocking, so a named pipe put in its place cannot hang the open."""
    check_regular(path)
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        raise _stat_error(path, err) from None
    status = os.fstat(handle)
    kind = _kind(status.st_mode)
    if kind is not None:
        os.close(handle)
        raise _refuse(path, kind)
    with os.fdopen(handle, "rb") as stream:
        yield stream, status


def read_limited(path: Path, limit: int | None, what: str = "a file", remedy: str = "split it") -> bytes:
    """The bytes of a regular file; with a limit, an InputError beyond it, whatever the file
    says its size is (at most `limit + 1` bytes are read)."""
    with open_regular(path) as (stream, status):
        if limit is not None and status.st_size > limit:
            raise too_large(path, status.st_size, limit, what, remedy)
        try:
            data = stream.read() if limit is None else stream.read(limit + 1)
        except OSError as err:
            raise InputError(shown(path), f"cannot be read ({err.strerror or err})",
                             "check the file") from None
    if limit is not None and len(data) > limit:
        raise too_large(path, None, limit, what, remedy)
    return data


# A document type declaration may declare entities, which the RDF/XML parser expands without
# limit: a few hundred bytes of nested entities ("billion laughs") grow to gigabytes. The parser
# accepts one in any case and anywhere in the file, so the whole file is searched.
_XML_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# JSON strings (closed, or running to the end of a broken file), and the brackets outside them
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\Z)', re.DOTALL)
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\Z)|[\[{]|[\]}]', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
MAX_JSON_DEPTH = 100  # JSON-LD written by people or tools nests a few levels; the parser recurses


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# the parts of XML that change the depth of elements, and those that hide "<" from it; an
# unclosed comment, section or instruction runs to the end, a tag stops at the next "<"
_XML_TOKEN = re.compile(rb"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<\?.*?(?:\?>|\Z)|<!"
                        rb"|</[^<>]*>|<(?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*>", re.DOTALL)
MAX_XML_DEPTH = 100  # RDF/XML nests a few levels; the parser takes time quadratic in the depth


def refuse_deep_xml(path: Path, data: bytes, limit: int = MAX_XML_DEPTH) -> None:
    """XML elements nested deeper than `limit`, found by one pass over the tags."""
    if data.count(b"<") <= limit:
        return
    depth = 0
    for token in _XML_TOKEN.finditer(data):
        text = token.group()
        if text.startswith(b"</"):
            depth -= 1
        elif not text.startswith((b"<!", b"<?")) and not text.endswith(b"/>"):
            depth += 1
            if depth > limit:
                raise InputError(shown(path), f"XML nested more than {limit} elements deep",
                                 "flatten it: RDF/XML needs a few levels", line=_line_of(data, token.start()))


def refuse_xml_declarations(path: Path, data: bytes) -> None:
    found = _XML_DECLARATION.search(data)
    if found is not None:
        keyword = found.group(1).decode().upper()
        raise InputError(shown(path), f"RDF/XML with a {keyword} declaration, which could declare entities "
                         "that expand without limit", "remove the DOCTYPE (RDF/XML needs none) and write the "
                         "entities out", line=_line_of(data, found.start()))


def _too_deep(brackets: bytes, limit: int) -> bool:
    depth = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > limit:
            return True
    return False


def _too_deep_at(data: bytes, limit: int) -> int:
    depth = 0
    for token in _JSON_TOKEN.finditer(data):
        first = data[token.start()]
        if first in b"[{":
            depth += 1
            if depth > limit:
                return token.start()
        elif first in b"]}":
            depth -= 1
    return 0


def refuse_deep_json(path: Path, data: bytes, limit: int = MAX_JSON_DEPTH) -> None:
    """JSON nested deeper than `limit` arrays and objects, found by one pass over the bytes that
    skips strings: the JSON-LD parser recurses, and a file nested thousands deep overflows its stack."""
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    if len(brackets) > limit and _too_deep(brackets, limit):
        raise InputError(shown(path), f"JSON nested more than {limit} levels deep",
                         "flatten it: JSON-LD needs a few levels", line=_line_of(data, _too_deep_at(data, limit)))


_SLUG = re.compile(r"[^a-z0-9._-]+")


def slugify(name: str) -> str:
    """A file name or a record's id as an id in IRIs: lower case, runs of other characters as '-'."""
    slug = _SLUG.sub("-", name.lower()).strip("-.")
    return slug or "article"


def without_notes(section: Mapping[str, Any]) -> dict[str, Any]:
    """A data file's section without its notes: the keys that begin with '_' ("_about")."""
    return {k: v for k, v in section.items() if not k.startswith("_")}


def read_json_object(path: Path, what: str) -> dict[str, Any]:
    """The JSON object in the file; `what` names the file's contents in the error."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"{path}: cannot read the {what} ({err}); restore the file") from err
    if not isinstance(raw, dict):
        raise DataError(f"{path}: cannot read the {what} (not a JSON object); restore the file")
    return raw
