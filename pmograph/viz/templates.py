"""Filling pmograph's page template: pyvis's generator, autoescape on, scripts pinned by hash.

pmograph's own template (``templates/viz.html``) replaces pyvis's, so that no
CDN reference reaches the page; data from the graph enters only through
:func:`script_json` (JSON in ``<script type="application/json">`` blocks with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped) and the page's script shows it
with ``textContent``.  :func:`generate` then writes the SHA-256 of every
executable script into the page's Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

__all__ = ["generate", "script_json"]

_TEMPLATE = "viz.html"
_HASH_PLACEHOLDER = "__PMOGRAPH_SCRIPT_HASHES__"
_SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.DOTALL)

# JSON that cannot end a <script> element nor start an HTML comment or entity.
_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def generate(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    options: dict[str, Any],
    heading: str,
    blocks: dict[str, Any],
) -> str:
    """Let pyvis build the page with pmograph's template, then pin its scripts.

    ``nodes``, ``edges`` and ``options`` are the network view's (pyvis's own
    template variables); ``blocks`` are more JSON blocks for the page's
    script (``map``, ``cards``, ``sources``, ``gaps``), by name.
    """
    from pyvis.network import Network

    net = Network(
        height="100%", width="100%", directed=True, heading=heading, cdn_resources="in_line"
    )
    # Filled directly: add_node/add_edge are quadratic, and their defaults add colours.
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = options  # a dict: pyvis passes it to the template as JSON text
    env = _environment()
    env.globals["blocks"] = blocks
    net.templateEnv = env
    net.path = _TEMPLATE
    try:
        page: str = net.generate_html()
    finally:
        env.globals["blocks"] = {}
    return _pin_scripts(page)


def _pin_scripts(page: str) -> str:
    """Put the SHA-256 of each of the page's scripts into its Content-Security-Policy."""
    hashes = []
    for match in _SCRIPT_RE.finditer(page):
        digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return page.replace(_HASH_PLACEHOLDER, " ".join(hashes), 1)


def script_json(value: Any) -> Any:
    """JSON for a ``<script type="application/json">`` block, as template-safe markup.

    ``value`` is any JSON-able value, or a ``str`` that already holds JSON.
    ``<``, ``>``, ``&``, U+2028 and U+2029 become ``\\uXXXX`` escapes (they can
    only occur inside JSON strings, where the escapes mean the same), so the
    text can neither close the script element nor open a comment.

    >>> str(script_json({"label": "</script><b>"}))
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    from markupsafe import Markup

    text = (
        value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    )
    return Markup(text.translate(_JSON_ESCAPES))


_ENV: Any = None


def _environment() -> Any:
    """pmograph's template environment: autoescape on, pyvis's lib/ reachable."""
    global _ENV
    if _ENV is None:
        import pyvis
        from jinja2 import ChoiceLoader, Environment, FileSystemLoader

        pyvis_templates = Path(pyvis.__file__).resolve().parent / "templates"
        env = Environment(
            loader=ChoiceLoader(
                [
                    FileSystemLoader(str(Path(__file__).resolve().parent.parent / "templates")),
                    FileSystemLoader(str(pyvis_templates)),
                ]
            ),
            autoescape=True,
            keep_trailing_newline=True,
        )
        env.filters["script_json"] = script_json
        env.globals["script_hashes"] = _HASH_PLACEHOLDER
        _ENV = env
    return _ENV
