"""Resolving the names written in a workbook's cells to IRIs.

A cell may name a resource by the ID of a row of the same workbook, by label
or alternative label (case-insensitively), by a prefixed name (``role:...``,
``esco:UUID``), by an O*NET code (``13-1082.00``) or by its IRI.  The rules
are those of :meth:`KnowledgeGraph.find`: a preferred label beats an
alternative one, pmograph's own or a user's resource beats one imported from
ESCO or O*NET, and a name that still matches several resources is reported
with the candidates.  The names of the graph are read either from the quads
already loaded (while loading) or from a graph object's label index.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from pmograph.frameworks.schema import ESCO_OCCUPATION, ESCO_SKILL, ONET_CODE, ONET_SUMMARY
from pmograph.namespaces import CLASS_NAMES, ONTOLOGY_IRI, PMG_IRI, PMGID_IRI, PREFIXES

_RDF_TYPE = PREFIXES["rdf"] + "type"
_PREF = PREFIXES["skos"] + "prefLabel"
_ALT = PREFIXES["skos"] + "altLabel"
_NOTATION = PREFIXES["skos"] + "notation"
_EXACT = PREFIXES["skos"] + "exactMatch"
_IMPORTED = (PMGID_IRI + "esco/", PMGID_IRI + "onet/")
# Prefixes of pmograph's own resources, as the packaged TriG files write them.
ID_PREFIXES = {
    "role": "role/",
    "unit": "unit/",
    "activity": "activity/",
    "skill": "skill/",
    "qual": "qualification/",
    "cert": "certification/",
    "orgn": "organisation/",
    "level": "level/",
    "seniority": "seniority/",
    "family": "family/",
}


class NameError_(LookupError):
    """A name that resolves to nothing or to several resources; the text says which."""


def key_of(text: str) -> str:
    """A label as compared: lower case, runs of white space as one space."""
    return " ".join(text.lower().split())


class Names:
    """Labels, classes and codes of the resources a workbook may name."""

    def __init__(self) -> None:
        self.classes: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.by_label: dict[str, set[str]] = defaultdict(set)
        self.by_code: dict[str, set[str]] = defaultdict(set)
        self.matched: dict[str, set[str]] = defaultdict(set)
        self.spelling: dict[str, str] = {}
        """A label as compared -> the label as written, for suggestions."""
        """External IRI -> resources that ``skos:exactMatch`` it (imported ESCO, O*NET)."""
        self.local: dict[str, dict[str, str]] = defaultdict(dict)
        """Class -> ID written in this workbook -> IRI."""
        self.local_iris: set[str] = set()

    # -- building ----------------------------------------------------------
    @classmethod
    def from_quads(cls, quads: Iterable[Any]) -> Names:
        """Read types, labels and notations from pyoxigraph quads (the ontology is skipped)."""
        names = cls()
        for q in quads:
            g = q.graph_name
            if getattr(g, "value", None) == ONTOLOGY_IRI:
                continue
            p = q.predicate.value
            if p == _RDF_TYPE:
                o = q.object.value
                if o.startswith(PMG_IRI):
                    names.classes[q.subject.value].add(o[len(PMG_IRI) :])
            elif p == _EXACT and isinstance(q.object, ox.NamedNode):
                names.matched[q.object.value].add(q.subject.value)
            elif p in (_PREF, _ALT, _NOTATION) and isinstance(q.object, ox.Literal):
                names._add_text(q.subject.value, p, q.object.value)
        return names

    @classmethod
    def from_index(cls, index: Any, notations: Iterable[tuple[str, str]] = ()) -> Names:
        """Read the names from a graph object's label index (``kg.index``)."""
        names = cls()
        for iri, classes in index.classes.items():
            names.classes[iri].update(classes)
        names.labels.update(index.labels)
        names.spelling.update(getattr(index, "spelling", {}))
        for key, iris in index.by_label.items():
            names.by_label[key].update(iris)
        for iri, code in notations:
            names.by_code[code].add(iri)
        return names

    def copy(self) -> Names:
        """An independent copy (a workbook adds its own resources to the copy only)."""
        new = Names()
        for attr in ("classes", "by_label", "by_code", "matched"):
            mine, theirs = getattr(self, attr), getattr(new, attr)
            for k, v in mine.items():
                theirs[k] = set(v)
        new.labels = dict(self.labels)
        new.spelling = dict(self.spelling)
        for cls, ids in self.local.items():
            new.local[cls] = dict(ids)
        new.local_iris = set(self.local_iris)
        return new

    def _add_text(self, s: str, p: str, text: str) -> None:
        if p == _NOTATION:
            self.by_code[text.strip()].add(s)
            return
        if p == _PREF:
            self.labels.setdefault(s, text)
        self.by_label[key_of(text)].add(s)
        self.spelling.setdefault(key_of(text), text)

    def add_local(self, cls: str, ident: str, iri: str, labels: Sequence[str]) -> None:
        """A resource the workbook defines: its class, ID, IRI, label and alternative labels."""
        self.local[cls][ident] = iri
        self.local_iris.add(iri)
        self.classes[iri].add(cls)
        if labels:
            self.labels[iri] = labels[0]
        for text in labels:
            self.by_label[key_of(text)].add(iri)
            self.spelling.setdefault(key_of(text), text)

    # -- resolving ----------------------------------------------------------
    def label(self, iri: str) -> str:
        """The preferred label of ``iri``, or its last segment."""
        return self.labels.get(iri) or re.split(r"[/#]", iri)[-1]

    def find(self, text: str, classes: Sequence[str], *, external: bool = False) -> str:
        """The IRI that ``text`` names among resources of ``classes``.

        With ``external=True``, an IRI (or ESCO/O*NET code) that the graph
        does not hold is accepted as is (for alignments).

        Raises
        ------
        NameError_
            Nothing or several resources answer; the message says which and how to fix it.
        """
        kind = _kind(classes)
        value = text.strip()

        def ok(iri: str) -> bool:
            return bool(self.classes.get(iri, set()) & set(classes))

        for cls in classes:
            if value in self.local.get(cls, {}):
                return self.local[cls][value]
        if ONET_CODE.match(value):
            if external:  # alignments name O*NET's own IRI, as the packaged ones do
                return ONET_SUMMARY + value
            hits = sorted(i for i in self.by_code.get(value, ()) if ok(i))
            if len(hits) == 1:
                return hits[0]
            value = ONET_SUMMARY + value
        iri = self._iri_form(value, classes)
        if iri is not None:
            if ok(iri) or external:
                return iri
            same = sorted(i for i in self.matched.get(iri, ()) if ok(i))
            imported = [i for i in same if i.startswith(_IMPORTED)]
            same = imported if len(imported) == 1 else same
            if len(same) == 1:  # an ESCO or O*NET IRI, imported under pmograph's own IRI
                return same[0]
            raise NameError_(
                f"{text.strip()} is not a {kind} in the graph; import the taxonomy that defines it "
                "(pmograph import esco|onet), define it in this workbook, or check the IRI"
            )
        key = key_of(value)
        hits = sorted(i for i in self.by_label.get(key, ()) if ok(i))
        if len(hits) > 1:
            hits = self._prefer(hits, key)
        if len(hits) == 1:
            return hits[0]
        if hits:
            names = "; ".join(self._describe(h) for h in hits)
            raise NameError_(
                f"{value!r} names several {kind}s: {names}; write the ID or the IRI instead"
            )
        labels = sorted({lab for lab, iris in self.by_label.items() if any(ok(i) for i in iris)})
        close = difflib.get_close_matches(key, labels, n=3, cutoff=0.6)
        close = [self.spelling.get(c, c) for c in close]
        hint = (
            f"; did you mean {', '.join(close)}?"
            if close
            else "; define it in this workbook or check the spelling"
        )
        raise NameError_(f"no {kind} is called {value!r}{hint}")

    def _describe(self, iri: str) -> str:
        where = "this workbook" if iri in self.local_iris else f"<{iri}>"
        return f"{self.label(iri)} ({where})"

    def _prefer(self, hits: list[str], key: str) -> list[str]:
        by_pref = [h for h in hits if key_of(self.labels.get(h, "")) == key]
        hits = by_pref or hits
        own = [h for h in hits if not h.startswith(_IMPORTED)]
        return own if len(own) == 1 else hits

    def _iri_form(self, value: str, classes: Sequence[str]) -> str | None:
        """The IRI that an IRI, ``<IRI>`` or prefixed name spells, else ``None``."""
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1]
        if re.match(r"^(https?://|urn:)\S+$", value):
            return value
        prefix, sep, local = value.partition(":")
        if not sep or not re.fullmatch(r"[\w.~/-]+", local):
            return None
        if prefix == "esco":
            if local.startswith(("occupation/", "skill/")):
                return ESCO_OCCUPATION[: -len("occupation/")] + local
            return (ESCO_SKILL if "Skill" in classes else ESCO_OCCUPATION) + local
        if prefix in ID_PREFIXES and "/" not in local:
            return PMGID_IRI + ID_PREFIXES[prefix] + local
        if prefix in PREFIXES:
            return PREFIXES[prefix] + local
        return None


def _kind(classes: Sequence[str]) -> str:
    short = {v: k for k, v in CLASS_NAMES.items()}
    words = [short.get(c, c.lower()) for c in classes if c != "Qualification"]
    return " or ".join(words) or "resource"
