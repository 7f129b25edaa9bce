"""The graph as one interactive HTML page (career map and network) and as an image.

Exports :func:`render`, :func:`to_html`, :func:`show`, :class:`Page`,
:func:`write_image`, :func:`layout`, :func:`script_json` and :data:`CLASS_STYLES`.
"""

from pmograph.viz.image import IMAGE_FORMATS, write_image
from pmograph.viz.layout import layout
from pmograph.viz.page import DEFAULT_MAX_NODES, VIEWS, Page, render, show, to_html
from pmograph.viz.subset import CLASS_STYLES
from pmograph.viz.templates import script_json

__all__ = [
    "CLASS_STYLES",
    "DEFAULT_MAX_NODES",
    "IMAGE_FORMATS",
    "VIEWS",
    "Page",
    "layout",
    "render",
    "script_json",
    "show",
    "to_html",
    "write_image",
]
