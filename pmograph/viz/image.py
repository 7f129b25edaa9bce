"""The career map as an image for slides: Graphviz renders SVG or PNG from the map's DOT text.

The image shows what the page's map shows (the same rows, lanes, boxes and
arrows, from the same DOT text), sized for a 16:9 slide: 13.33 x 7.5 inches,
PNG at 150 dpi (2000 x 1125 pixels).  Labels are quoted DOT strings, so any
text in the data is drawn as text (Graphviz escapes it in SVG).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pmograph.errors import InputError
from pmograph.viz.layout import run_dot

__all__ = ["IMAGE_FORMATS", "image", "write_image"]

IMAGE_FORMATS = ("svg", "png")
_SLIDE = ["-Gsize=13.33,7.5", "-Gratio=compress", "-Gdpi=150"]


def image(page: Any, fmt: str) -> bytes:
    """The career map of a rendered :class:`~pmograph.viz.page.Page` as SVG or PNG bytes.

    Raises
    ------
    InputError
        An unknown format, a page whose map has no roles, or Graphviz missing.
    """
    if fmt not in IMAGE_FORMATS:
        raise InputError(f"unknown image format {fmt!r}; use one of: {', '.join(IMAGE_FORMATS)}")
    if page.map is None or not page.map.dot:
        raise InputError("the career map has no roles to draw; check --types, --focus or the query")
    return run_dot(page.map.dot, fmt, args=_SLIDE)


def write_image(
    kg: Any, path: str | os.PathLike[str], fmt: str | None = None, **options: Any
) -> Path:
    """Write the career map as an image (atomically); the format defaults to the file's suffix.

    ``options`` choose the roles as for :func:`pmograph.viz.render`.

    Raises
    ------
    InputError
        As for :func:`image`, or the format cannot be told from the path.
    OutputError
        The file could not be written.
    """
    from pmograph.output import atomic_write
    from pmograph.viz.page import render

    if fmt is None:
        fmt = Path(path).suffix.lstrip(".").lower()
        if fmt not in IMAGE_FORMATS:
            raise InputError(
                f"{path}: cannot tell the image format from the suffix; "
                f"use .svg or .png, or give --format"
            )
    data = image(render(kg, **options), fmt)
    return atomic_write(path, data)
