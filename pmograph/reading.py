"""Reading one input file safely: a regular file (or a pipe), bounded in size, checked before parsing.

:func:`read_input` is how every RDF file reaches a parser: a device (``/dev/zero``,
or a link to one) is refused, the bytes read are capped
(:func:`pmograph.limits.max_file_bytes`), and RDF/XML is refused when it
declares DTD entities (whose expansion has no bound) or nests elements
deeper than :func:`pmograph.limits.max_xml_depth` (pyoxigraph's RDF/XML
parse is quadratic in the depth).  Every file read is remembered as an input
of this process (:func:`pmograph.output.protect`), so that no command writes
its output over one.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from pathlib import Path

from pmograph import limits, output
from pmograph.errors import DataFileError, InputError

# One XML markup item: comment, CDATA, processing instruction, DOCTYPE (with its
# internal subset), end tag, empty-element tag, start tag (quoted attributes may hold ">").
_XML_ITEM = re.compile(
    rb"<!--.*?-->"
    rb"|<!\[CDATA\[.*?\]\]>"
    rb"|<\?.*?\?>"
    rb"|<!DOCTYPE(?:[^>\[]|\[.*?\])*>"
    rb"|</[^>]*>"
    rb"|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.DOTALL | re.IGNORECASE,
)


def read_input(path: Path) -> tuple[bytes, str]:
    """The bytes of an input file and their SHA-256 (hex), read once.

    Raises
    ------
    DataFileError
        Missing, a folder, a device, unreadable (with the reason), or larger
        than the limit.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DataFileError("file not found; check the path", path=str(path)) from None
    except OSError as exc:
        raise DataFileError(
            f"cannot read ({exc.strerror or exc}); check the file's and its folder's permissions",
            path=str(path),
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataFileError(
            "is a folder, not an RDF file; name the files inside it", path=str(path)
        )
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        raise DataFileError(
            "is a device, not a file (or a link to one); give a regular RDF file", path=str(path)
        )
    most = refuse_oversized(info.st_size, path)
    output.protect(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(most + 1)
    except OSError as exc:
        raise DataFileError(f"cannot read ({exc.strerror or exc})", path=str(path)) from None
    if len(data) > most:
        raise DataFileError(_too_big(len(data), most), path=str(path))
    return data, hashlib.sha256(data).hexdigest()


def refuse_oversized(size: int, path: Path) -> int:
    """The file size limit, after refusing a file of ``size`` bytes over it.

    Raises
    ------
    DataFileError
        ``size`` is over :func:`pmograph.limits.max_file_bytes`.
    """
    most = limits.max_file_bytes()
    if size > most:
        raise DataFileError(_too_big(size, most), path=str(path))
    return most


def _too_big(size: int, most: int) -> str:
    return (
        f"is over {most / (1 << 20):,.0f} MB ({size / (1 << 20):,.0f} MB or more); "
        "split it, or raise PMOGRAPH_MAX_FILE_MB"
    )


def check_rdf_xml(data: bytes, path: Path) -> None:
    """Refuse RDF/XML that declares DTD entities or nests elements too deeply (linear scan).

    Raises
    ------
    DataFileError
        With the line of the entity declaration or of the element too deep.
    """
    most = limits.max_xml_depth()
    depth = 0
    for m in _XML_ITEM.finditer(data):
        item = m.group()
        if item.startswith(b"<!DOCTYPE") or item.startswith(b"<!doctype"):
            at = item.find(b"<!ENTITY")
            if at >= 0:
                raise DataFileError(
                    "declares a DTD entity (<!ENTITY), which pmograph refuses: entity "
                    "expansion can take any amount of memory; write the text out instead",
                    path=str(path),
                    line=data.count(b"\n", 0, m.start() + at) + 1,
                )
        elif item.startswith((b"<!", b"<?")):
            continue
        elif item.startswith(b"</"):
            depth -= 1
        elif not item.endswith(b"/>"):
            depth += 1
            if depth > most:
                raise DataFileError(
                    f"elements nest deeper than {most} levels; flatten the RDF/XML "
                    "(or raise PMOGRAPH_MAX_XML_DEPTH)",
                    path=str(path),
                    line=data.count(b"\n", 0, m.start()) + 1,
                )


def read_query_file(name: str) -> str:
    """A query's text from a file (``-`` for stdin), read up to the query limit.

    Raises
    ------
    InputError
        Missing, a folder, unreadable, not UTF-8, or longer than
        :func:`pmograph.limits.max_query_bytes` (``/dev/zero`` ends here
        too, after the limit, not never).
    """
    most = limits.max_query_bytes()
    where = "stdin" if name == "-" else name
    try:
        if name == "-":
            data = sys.stdin.buffer.read(most + 1)
        else:
            if os.path.isdir(name):
                raise InputError(f"{name}: is a folder; give the query file")
            output.protect(name)
            with open(name, "rb") as handle:
                data = handle.read(most + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such query file; check the path") from None
    except OSError as exc:
        raise InputError(
            f"{where}: cannot read the query ({exc.strerror or exc}); check the file"
        ) from None
    if len(data) > most:
        raise InputError(
            f"{where}: the query is over the {most // 1024:,} KB limit; shorten it "
            "(or raise PMOGRAPH_MAX_QUERY_KB)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: the query is not UTF-8 (byte {exc.start + 1}); save it as UTF-8"
        ) from None
