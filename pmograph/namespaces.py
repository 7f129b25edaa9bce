"""Namespaces used by pmograph, declared once.

The IRIs are plain strings so that importing this module costs nothing (the
command line avoids importing rdflib when it does not need it).  rdflib
``Namespace`` objects for the same IRIs are built on first use: ``PMG``,
``PMGID``, ``SKOS`` ... are available as module attributes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

PMG_IRI = "https://w3id.org/pmograph/ns#"
"""The vocabulary namespace (prefix ``pmg:``)."""
PMGID_IRI = "https://w3id.org/pmograph/id/"
"""Where pmograph's resources live (``.../id/role/project-manager``)."""
SHAPES_IRI = "https://w3id.org/pmograph/shapes#"
ONTOLOGY_IRI = "https://w3id.org/pmograph/ns"
"""The ontology's IRI, also the name of the named graph that holds it."""
USER_GRAPH_IRI = PMGID_IRI + "graph/user/"
"""Named graphs for user files given without graphs of their own."""
IMPORT_GRAPH_IRI = PMGID_IRI + "graph/import/"
"""Named graphs of imported datasets (``pmograph import``): ``.../graph/import/esco``, ``.../onet``."""
INFERRED_GRAPH_IRI = PMGID_IRI + "graph/inferred"
"""The named graph that holds what OWL 2 RL reasoning derived (``load(reason=True)``)."""
ENTAILED_GRAPH_IRI = PMGID_IRI + "graph/entailed"
"""What the ontology's axioms entail, materialised at load (:mod:`pmograph.entailment`)."""

PREFIXES: dict[str, str] = {
    "pmg": PMG_IRI,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
}
"""Prefixes predeclared in every query (and bound when serializing)."""

INSTANCE_PREFIXES: dict[str, str] = {
    name: PMGID_IRI + folder + "/"
    for name, folder in (
        ("role", "role"),
        ("unit", "unit"),
        ("activity", "activity"),
        ("skill", "skill"),
        ("qualification", "qualification"),
        ("certification", "certification"),
        ("cert", "certification"),
        ("organisation", "organisation"),
        ("level", "level"),
        ("seniority", "seniority"),
        ("employer-type", "employer-type"),
        ("responsibility-level", "responsibility-level"),
        ("family", "family"),
        ("requirement", "requirement"),
        ("source", "source"),
    )
}
"""One prefix per kind of resource pmograph names (``role:project-manager``), predeclared in queries."""

QUERY_PREFIXES: dict[str, str] = {**PREFIXES, **INSTANCE_PREFIXES}
"""Every prefix a query may use without declaring it: the vocabularies and the instance kinds."""

SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

_RDFLIB_NAMES = {
    "PMG": PMG_IRI,
    "PMGID": PMGID_IRI,
    "SKOS": PREFIXES["skos"],
    "PROV": PREFIXES["prov"],
    "DCTERMS": PREFIXES["dcterms"],
    "SCHEMA": PREFIXES["schema"],
    "OWL": PREFIXES["owl"],
    "RDFS": PREFIXES["rdfs"],
    "RDF": PREFIXES["rdf"],
    "XSD": PREFIXES["xsd"],
}

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Namespace

    PMG: Namespace
    PMGID: Namespace
    SKOS: Namespace
    PROV: Namespace
    DCTERMS: Namespace
    SCHEMA: Namespace
    OWL: Namespace
    RDFS: Namespace
    RDF: Namespace
    XSD: Namespace


def __getattr__(name: str) -> Any:
    if name in _RDFLIB_NAMES:
        from rdflib import Namespace

        value = Namespace(_RDFLIB_NAMES[name])
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Class local names in the vocabulary, with the short names used by the CLI
# (``--types role,skill``) and the visualization legend.
CLASS_NAMES: dict[str, str] = {
    "role": "Role",
    "unit": "OrganisationalUnit",
    "activity": "Activity",
    "skill": "Skill",
    "qualification": "Qualification",
    "certification": "Certification",
    "organisation": "Organisation",
    "level": "Level",
    "seniority": "Seniority",
    "responsibility": "ResponsibilityLevel",
    "employer": "EmployerType",
}
