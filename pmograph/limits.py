"""The bounds on every input, in one place, each raisable by an environment variable.

==========================  ===============================  ==============
limit                       environment variable             default
==========================  ===============================  ==============
query text                  ``PMOGRAPH_MAX_QUERY_KB``        256 KB
query nesting (``( [ {``)   ``PMOGRAPH_MAX_QUERY_NESTING``   500
one RDF file (``--data``)   ``PMOGRAPH_MAX_FILE_MB``         2048 MB
RDF/XML element nesting     ``PMOGRAPH_MAX_XML_DEPTH``       1000
entailed triples            ``PMOGRAPH_MAX_ENTAILED``        2,000,000
==========================  ===============================  ==============

RDF/XML files that declare DTD entities are refused whatever the limits
(entity expansion is the "billion laughs" attack).  One term (a literal or
an IRI) may be at most 16 MB: that bound is pyoxigraph's own and cannot be
raised; a longer one is a one-line error naming the file and line.  A value that is not a
positive number is a one-line error naming the variable.
"""

from __future__ import annotations

import math
import os

from pmograph.errors import InputError

_DEFAULTS: dict[str, tuple[float, float]] = {
    # variable: (default, multiplier to the unit the code uses)
    "PMOGRAPH_MAX_QUERY_KB": (256, 1024),
    "PMOGRAPH_MAX_QUERY_NESTING": (500, 1),
    "PMOGRAPH_MAX_FILE_MB": (2048, 1 << 20),
    "PMOGRAPH_MAX_XML_DEPTH": (1000, 1),
    "PMOGRAPH_MAX_ENTAILED": (2_000_000, 1),
}


def limit(variable: str) -> int:
    """The limit named by ``variable`` (bytes for sizes, a count otherwise).

    Raises
    ------
    InputError
        The variable is set to something other than a positive number.
    """
    default, unit = _DEFAULTS[variable]
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return int(default * unit)
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0) or value * unit > 2**62:
        raise InputError(
            f"{variable}={raw!r} is not a limit; set it to a positive number "
            f"(default {default:g}) or unset it"
        )
    return int(value * unit)


def max_query_bytes() -> int:
    """The longest query text, in bytes of UTF-8."""
    return limit("PMOGRAPH_MAX_QUERY_KB")


def max_query_nesting() -> int:
    """How deeply brackets may nest in a query."""
    return limit("PMOGRAPH_MAX_QUERY_NESTING")


def max_file_bytes() -> int:
    """The largest RDF file read."""
    return limit("PMOGRAPH_MAX_FILE_MB")


def max_xml_depth() -> int:
    """How deeply RDF/XML elements may nest."""
    return limit("PMOGRAPH_MAX_XML_DEPTH")


def max_entailed() -> int:
    """The most triples the ontology's entailments may add (a transitive closure grows
    with the square of a progression chain's length)."""
    return limit("PMOGRAPH_MAX_ENTAILED")
