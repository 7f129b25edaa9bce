"""Light Python values for RDF terms, shared by every store.

Query rows carry plain Python values: ``str`` for plain and language-tagged
literals, ``int``/``float``/``Decimal``/``bool``/``date``/``datetime`` for typed
literals, and :class:`IRI` (a ``str`` subclass) for IRIs, so that callers can
tell an IRI from a string without importing rdflib.
"""

from __future__ import annotations


class IRI(str):
    """An IRI; compares and hashes like the plain string of the IRI."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"

    def local_name(self) -> str:
        """The part after the last ``#`` or ``/``."""
        cut = max(self.rfind("#"), self.rfind("/"))
        return self[cut + 1 :]


class BNode(str):
    """A blank node identifier (only meaningful within one result)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"BNode({str.__repr__(self)})"
