"""The label and class index of a graph: types, labels, definitions and links, read once.

:class:`Index` is built from a store's :meth:`~pmograph.stores.Store.index_quads`
(raw strings, no term conversion), so that looking up a role by name and
drawing the network need no SPARQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pmograph.namespaces import CLASS_NAMES, ONTOLOGY_IRI, PMG_IRI, PMGID_IRI, PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.stores import Store

_RDF_TYPE = PREFIXES["rdf"] + "type"
_PREF = PREFIXES["skos"] + "prefLabel"
_ALT = PREFIXES["skos"] + "altLabel"
_DEF = PREFIXES["skos"] + "definition"
# Most specific first: a certification is also a qualification.
_CLASS_ORDER = [
    "Certification",
    "Role",
    "OrganisationalUnit",
    "Activity",
    "Skill",
    "Qualification",
    "Organisation",
    "Level",
    "Seniority",
    "ResponsibilityLevel",
    "EmployerType",
]
SHORT_NAMES = {v: k for k, v in CLASS_NAMES.items()}
"""Full class name -> the short name the command line uses (``Role`` -> ``role``)."""

_IMPORTED = (PMGID_IRI + "esco/", PMGID_IRI + "onet/")


def prefer(hits: list[str], key: str, labels: dict[str, str]) -> list[str]:
    """Narrow several matches: a preferred-label match beats an alternative
    title, and pmograph's own (or a user's) resource beats one imported from
    ESCO or O*NET, which the packaged alignments link to it anyway."""
    by_pref = [h for h in hits if " ".join(labels.get(h, "").lower().split()) == key]
    hits = by_pref or hits
    own = [h for h in hits if not h.startswith(_IMPORTED)]
    return own if len(own) == 1 else hits


def most_specific(classes: Iterable[str]) -> str | None:
    present = set(classes)
    for name in _CLASS_ORDER:
        if name in present:
            return name
    return None


class Index:
    """Per-resource types, labels and definitions, and the IRI-to-IRI triples."""

    def __init__(self) -> None:
        self.classes: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.alt_labels: dict[str, set[str]] = defaultdict(set)
        self.definitions: dict[str, str] = {}
        self.by_label: dict[str, set[str]] = defaultdict(set)
        self.spelling: dict[str, str] = {}
        """Normalised label -> the label as written."""
        self.edges: list[tuple[str, str, str]] = []

    @classmethod
    def build(cls, store: Store) -> Index:
        """Read what the index needs from ``store.index_quads`` (raw strings, no conversion)."""
        idx = cls()
        seen: set[tuple[str, str, str]] = set()
        wanted = frozenset((_RDF_TYPE, _PREF, _ALT, _DEF))
        for s, p, o, o_is_iri in store.index_quads(wanted, PMG_IRI, ONTOLOGY_IRI):
            if p == _RDF_TYPE:
                if o_is_iri and o.startswith(PMG_IRI):
                    idx.classes[s].add(o[len(PMG_IRI) :])
            elif o_is_iri:
                if p.startswith(PMG_IRI):
                    t = (s, p, o)
                    if t not in seen:
                        seen.add(t)
                        idx.edges.append(t)
            elif p == _DEF:
                idx.definitions.setdefault(s, o)
            elif p in (_PREF, _ALT):
                key = " ".join(o.lower().split())
                if p == _PREF:
                    idx.labels.setdefault(s, o)
                else:
                    idx.alt_labels[s].add(o)
                idx.by_label[key].add(s)
                idx.spelling.setdefault(key, o)
        return idx
