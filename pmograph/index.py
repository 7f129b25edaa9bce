"""The label and class index of a graph: types, labels, definitions and links, read once.

:class:`Index` is built from a store's :meth:`~pmograph.stores.Store.index_quads`
(raw strings, no term conversion), so that looking up a role by name and
drawing the network need no SPARQL.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
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

LANGUAGE_ENV = "PMOGRAPH_LANGUAGE"
"""The environment variable naming the language labels are shown in (default ``en``)."""


def label_language() -> str:
    """The language whose labels are shown: ``$PMOGRAPH_LANGUAGE`` (a tag such as ``fr``), else ``en``."""
    import os

    return (os.environ.get(LANGUAGE_ENV) or "en").strip().lower() or "en"


def language_rank(lang: str, wanted: str) -> int:
    """How well a label's language tag (lower-cased) suits ``wanted``: 0 is best.

    The wanted language (``en`` also matches ``en-gb``), then untagged text,
    then English, then any other language.
    """
    if lang == wanted or lang.split("-", 1)[0] == wanted:
        return 0
    if not lang:
        return 1
    return 2 if lang.split("-", 1)[0] == "en" else 3


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
        """Read what the index needs from ``store.index_quads`` (raw strings, no conversion).

        A resource's label is its ``skos:prefLabel`` in :func:`label_language`
        (English unless ``PMOGRAPH_LANGUAGE`` names another), else an untagged
        one, else English, else any; among equals the first in code-point
        order, so every store gives the same label.
        """
        idx = cls()
        seen: set[tuple[str, str, str]] = set()
        wanted = frozenset((_RDF_TYPE, _PREF, _ALT, _DEF))
        language = label_language()
        best: dict[str, tuple[int, str]] = {}  # resource -> (language rank, label) of its label
        for s, p, o, o_is_iri, lang in store.index_quads(wanted, PMG_IRI, ONTOLOGY_IRI):
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
                    rank = (language_rank(lang, language), o)
                    if s not in best or rank < best[s]:
                        best[s] = rank
                        idx.labels[s] = o
                else:
                    idx.alt_labels[s].add(o)
                idx.by_label[key].add(s)
                idx.spelling.setdefault(key, o)
        return idx


def suggest(idx: Index, key: str, ok: Callable[[str], bool], n: int = 5) -> list[str]:
    """The labels a user most likely meant by ``key`` (normalised), best first.

    Ranked by meaning before spelling: a label that holds every word of
    ``key`` (``PMO`` -> ``PMO Analyst``), then one that starts with it, then
    close spellings (difflib), then labels that contain it.  A label merely
    inside ``key`` (``PM`` inside ``PMO``) is never suggested: it names
    something else.  An alternative title is shown as the preferred label it
    belongs to, with the title: ``Project Manager (PM)``.
    """
    words = key.split()
    scored: dict[str, tuple[int, float, int]] = {}
    for lab, iris in idx.by_label.items():
        if not any(ok(i) for i in iris) or lab == key:
            continue
        lab_words = lab.split()
        if all(w in lab_words for w in words):
            tier = 0
        elif lab.startswith(key):
            tier = 1
        else:
            ratio = difflib.SequenceMatcher(None, key, lab).ratio()
            if ratio >= 0.6 and not (lab in key and len(lab) < len(key)):
                tier = 2
            elif key in lab:
                tier = 3
            else:
                continue
        closeness = difflib.SequenceMatcher(None, key, lab).ratio()
        scored[lab] = (tier, -closeness, len(lab))
    shown: list[str] = []
    for lab in sorted(scored, key=lambda lab: (*scored[lab], lab)):
        text = _shown(idx, lab, ok)
        if text not in shown:
            shown.append(text)
        if len(shown) == n:
            break
    return shown


def _shown(idx: Index, lab: str, ok: Callable[[str], bool]) -> str:
    spelled = idx.spelling.get(lab, lab)
    owners = sorted(i for i in idx.by_label.get(lab, ()) if ok(i))
    prefs = [idx.labels.get(i, "") for i in owners]
    if prefs and all(" ".join(p.lower().split()) != lab for p in prefs) and prefs[0]:
        return f"{prefs[0]} ({spelled})"
    return spelled
