"""The graph (or the user's part of it) as the rows of the framework template.

What a workbook states comes back out as the same rows: roles, progressions,
requirements, activities, skills, certifications and the sources rows cite,
in the order of the rows they came from, so that importing the exported
workbook again gives an isomorphic graph.  A cell that names a resource
holds its ID when the workbook defines it, else its label when that label
names it alone, else its IRI.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pmograph.frameworks import schema as sc
from pmograph.frameworks.names import Names, key_of
from pmograph.frameworks.writer import Rows
from pmograph.namespaces import ONTOLOGY_IRI, PMGID_IRI, PREFIXES, USER_GRAPH_IRI

_RDF_TYPE = PREFIXES["rdf"] + "type"
_SKOS, _DCT, _PROV = PREFIXES["skos"], PREFIXES["dcterms"], PREFIXES["prov"]
_COMMENT = PREFIXES["rdfs"] + "comment"
_FOAF_PAGE = "http://xmlns.com/foaf/0.1/page"
_MATCH = {v: k for k, v in sc.MATCH_PROPERTY.items()}
_SHEET_OF = {
    "Role": "Roles",
    "Skill": "Skills",
    "Certification": "Certifications",
    "Activity": "Activities",
}
_KIND_OF = {
    "Role": "role",
    "Skill": "skill",
    "Certification": "certification",
    "Activity": "activity",
}


def user_graphs(graph: Any) -> set[str]:
    """The named graphs that came from the user's --data files (not the packaged ones)."""
    from pmograph import resources

    packaged = {str(p) for p in resources.packaged_files()}
    files = getattr(graph, "graph_files", {}) or {}
    return {g for g, f in files.items() if str(f) not in packaged and g != ONTOLOGY_IRI}


def framework_rows(graph: Any, *, only_user: bool = False) -> Rows:
    """The rows of every template sheet for ``graph`` (a graph object with ``.store``, ``.index``).

    ``only_user=True`` keeps what the user's files state (see :func:`user_graphs`).
    """
    keep = user_graphs(graph) if only_user else None
    facts: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    where: dict[str, tuple[str, int]] = {}
    described: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    graph_of: dict[tuple[str, str, str], str] = {}
    placed = (_RDF_TYPE, sc.P["progressesTo"], sc.P["hasRequirement"])  # rows keep their order
    origins: dict[str, tuple[str, int] | None] = {}
    for q in graph.store.ox_quads():  # ~7,700 quads on the packaged graph: kept lean
        g = getattr(q.graph_name, "value", None)
        if g is None:
            described[q.subject.value][q.predicate.value].append(q.object.value)
            continue
        if g == ONTOLOGY_IRI or (keep is not None and g not in keep):
            continue
        s, p, o = q.subject.value, q.predicate.value, q.object.value
        spo = (s, p, o)
        if spo not in graph_of:
            facts[s][p].append(o)
            graph_of[spo] = g
        if p in placed:
            origin = origins[g] if g in origins else origins.setdefault(g, _origin(g))
            if origin:
                where.setdefault(f"{s} {p} {o}" if p != _RDF_TYPE else s, origin)
    names = Names.from_index(graph.index)
    defined: dict[str, str] = {}
    kinds = [(sc.P[cls], cls) for cls in ("Certification", "Role", "Skill", "Activity")]
    for s, props in facts.items():
        types = props.get(_RDF_TYPE)
        if types:
            for kind, cls in kinds:
                if kind in types:
                    defined[s] = cls
                    break
    out = _Out(names, defined, described, graph_of)
    order = {s: where.get(s, ("", 10**9)) + (key_of(names.label(s)), s) for s in defined}
    for s in sorted(defined, key=lambda s: order[s]):
        out.resource(s, defined[s], facts[s])
    steps = [(s, o) for s, props in facts.items() for o in props.get(sc.P["progressesTo"], ())]
    steps.sort(
        key=lambda e: (
            where.get(f"{e[0]} {sc.P['progressesTo']} {e[1]}", ("", 10**9)),
            names.label(e[0]),
            names.label(e[1]),
        )
    )
    for s, o in steps:
        out.progression(s, o)
    reqs = [(s, o) for s, props in facts.items() for o in props.get(sc.P["hasRequirement"], ())]
    reqs.sort(
        key=lambda e: (where.get(f"{e[0]} {sc.P['hasRequirement']} {e[1]}", ("", 10**9)), e[1])
    )
    covered: set[tuple[str, str]] = set()
    for role, req in reqs:
        covered.add(out.requirement(role, req, facts[req]))
    for s in sorted(s for s in facts if s in defined):
        props = facts[s]
        for prop, importance in _SHORTCUTS:
            for target in props.get(sc.P[prop], ()):
                if (s, target) not in covered:
                    out.rows["Requirements"].append(
                        {"role": out.name(s), "target": out.name(target), "importance": importance}
                    )
    performs = sc.P["performs"]
    for s, props in facts.items():
        if performs not in props or "Role" not in names.classes.get(s, ()):
            continue  # units perform activities too; the template lists roles only
        for a in props[performs]:
            if a in out.activity_rows:
                row = out.activity_rows[a]
                row["performed"] = "; ".join(filter(None, [row.get("performed"), out.name(s)]))
    out.sources()
    return dict(out.rows)


_SHORTCUTS = (
    ("requiresEssentialSkill", "essential"),
    ("requiresOptionalSkill", "optional"),
    ("requiresEssentialQualification", "essential"),
    ("requiresOptionalQualification", "optional"),
)


def _origin(g: str) -> tuple[str, int] | None:
    """``.../graph/user/f.xlsx/Roles/12`` -> ``("Roles", 12)``."""
    if not g.startswith(USER_GRAPH_IRI):
        return None
    parts = g.rsplit("/", 2)
    if len(parts) == 3 and parts[2].isdigit() and sc.norm(parts[1]) in sc.BY_NAME:
        return (sc.BY_NAME[sc.norm(parts[1])].name, int(parts[2]))
    return None


class _Out:
    def __init__(
        self, names: Names, defined: dict[str, str], described: Any, graph_of: Any
    ) -> None:
        self.names, self.defined, self.described, self.graph_of = (
            names,
            defined,
            described,
            graph_of,
        )
        self.rows: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.activity_rows: dict[str, dict[str, str]] = {}
        self.cited: dict[str, str] = {}

    def name(self, iri: str) -> str:
        cls = self.defined.get(iri)
        if cls is not None:
            return sc.local_id(_KIND_OF[cls], iri)
        label = self.names.labels.get(iri)
        if label and self.names.by_label.get(key_of(label)) == {iri}:
            return label
        return iri

    def source_of(self, s: str, p: str, o: str) -> str | None:
        g = self.graph_of.get((s, p, o))
        for src in self.described.get(g, {}).get(_PROV + "wasDerivedFrom", []) if g else []:
            if not src.startswith(PMGID_IRI + "source/user/"):
                self.cited.setdefault(src, sc.local_id("source", src))
                return self.cited[src]
        return None

    def resource(self, s: str, cls: str, props: dict[str, list[Any]]) -> None:
        row = {"id": sc.local_id(_KIND_OF[cls], s)}
        row["label"] = (props[_SKOS + "prefLabel"] or [""])[0]
        row["definition"] = (props[_SKOS + "definition"] or [""])[0]
        row["alt"] = "; ".join(sorted(props[_SKOS + "altLabel"]))
        src = self.source_of(s, _RDF_TYPE, sc.P[cls])
        if src:
            row["source"] = src
        aligned = [(p, o) for p in sc.MATCH_PROPERTY.values() for o in props[p]]
        if aligned:
            row["aligned"] = "; ".join(self.aligned_name(o) for _, o in aligned)
            row["match"] = _MATCH[aligned[0][0]]
        if cls == "Role":
            row["family"] = _last(props[sc.P["inFamily"]], "family/")
            row["seniority"] = _last(props[sc.P["hasSeniority"]], "seniority/")
            row["level"] = "; ".join(
                sorted(x for x in (_last([o], "level/") for o in props[sc.P["operatesAt"]]) if x)
            )
        elif cls == "Skill":
            row["sfia"] = (props[sc.P["sfiaCode"]] or [""])[0]
            row.pop("match", None)
        elif cls == "Certification":
            kind = props[sc.P["certificationKind"]]
            row["kind"] = (
                "method" if kind and kind[0] == sc.P["Method"] else "credential" if kind else ""
            )
            if props[sc.P["issuedBy"]]:
                row["issuer"] = self.name(props[sc.P["issuedBy"]][0])
            for key, prop in (
                ("experience", "requiresExperienceMonths"),
                ("education", "requiresEducationHours"),
                ("renewal", "renewalYears"),
                ("credits", "renewalCredits"),
            ):
                if props[sc.P[prop]]:
                    row[key] = str(props[sc.P[prop]][0])
        row = {k: v for k, v in row.items() if v}
        self.rows[_SHEET_OF[cls]].append(row)
        if cls == "Activity":
            self.activity_rows[s] = row

    def aligned_name(self, iri: str) -> str:
        if iri.startswith(sc.ONET_SUMMARY):
            return iri[len(sc.ONET_SUMMARY) :]
        return self.name(iri) if iri in self.names.classes else iri

    def progression(self, s: str, o: str) -> None:
        row = {"from": self.name(s), "to": self.name(o)}
        g = self.graph_of.get((s, sc.P["progressesTo"], o))
        note = self.described.get(g, {}).get(_COMMENT) if g else None
        if note:
            row["note"] = note[0]
        src = self.source_of(s, sc.P["progressesTo"], o)
        if src:
            row["source"] = src
        self.rows["Progressions"].append(row)

    def requirement(self, role: str, req: str, props: dict[str, list[Any]]) -> tuple[str, str]:
        target = (props[sc.P["requiredSkill"]] or props[sc.P["requiredQualification"]] or [""])[0]
        row = {"role": self.name(role), "target": self.name(target)}
        row["importance"] = (
            "optional" if sc.P["Optional"] in props[sc.P["importance"]] else "essential"
        )
        level = props[sc.P["requiredLevel"]]
        if level and sc.P["SFIALevelScale"] in props[sc.P["levelScale"]]:
            row["level"] = str(level[0])
        src = self.source_of(role, sc.P["hasRequirement"], req)
        if src:
            row["source"] = src
        if target:
            self.rows["Requirements"].append(row)
        return (role, target)

    def sources(self) -> None:
        for iri in self.described:
            if iri.startswith(sc.USER_IRI + "source/"):
                self.cited.setdefault(iri, sc.local_id("source", iri))
        for iri, ident in sorted(self.cited.items(), key=lambda kv: kv[1]):
            d = self.described.get(iri, {})
            row = {"id": ident, "title": (d.get(_DCT + "title") or [ident])[0]}
            if d.get(_FOAF_PAGE):
                row["url"] = d[_FOAF_PAGE][0]
            if d.get(_DCT + "description"):
                row["note"] = d[_DCT + "description"][0]
            self.rows["Sources"].append(row)


def _last(values: Iterable[str], segment: str) -> str:
    for v in values:
        if v.startswith(PMGID_IRI + segment):
            return v[len(PMGID_IRI + segment) :]
    return ""


def export_framework(
    graph: Any, path: str | Path, *, fmt: str = "xlsx", only_user: bool = False
) -> Path:
    """Write ``graph`` (or its user part) into the template at ``path``; see :func:`framework_rows`."""
    from pmograph.frameworks.writer import write

    return write(path, framework_rows(graph, only_user=only_user), fmt=fmt)
