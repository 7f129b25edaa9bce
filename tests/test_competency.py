"""Competency questions, checks and provenance of the packaged ontology and data.

Every ``ontology/queries/*.rq`` file with an ``# expected:`` header line is run over the
packaged data and its first column compared, as a set, with the expected answers. The same
dataset must conform to ``ontology/shapes.ttl``, return no rows from any
``ontology/checks/*-violation.rq``, describe the provenance of every named graph, and give every
resource exactly one ``skos:prefLabel``.

The dataset is loaded inline with rdflib rather than through ``pmograph.load``: the loader was
written in parallel with this content, and these tests pin the content, not the loader.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph
import pyshacl
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "pmograph.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
CHECKS = sorted((ROOT / "ontology" / "checks").glob("*-violation.rq"))
DATA_FILES = sorted((ROOT / "data").glob("**/*.trig"))
FAQ_SOURCE = Path("/work/shared/sources/pmo-faq.txt")
FACTS_SOURCE = Path("/work/shared/sources/public-facts.md")

PMG = Namespace("https://w3id.org/pmograph/ns#")
ONTOLOGY_GRAPH = URIRef("https://w3id.org/pmograph/ns")
ID = "https://w3id.org/pmograph/id/"
FAQ_GRAPH = re.compile(r"^https://w3id\.org/pmograph/id/graph/faq/q(\d\d)$")
HEADER = re.compile(r"^#\s*(question|source|expected):\s*(.*?)\s*$")


def header(path: Path) -> dict[str, str]:
    """Return the ``# question:``, ``# source:`` and ``# expected:`` lines of a query file."""
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if match:
            fields[match.group(1)] = match.group(2)
    return fields


def load_dataset(extra_trig: str | None = None) -> Dataset:
    """The ontology as its own named graph plus every data file, with a union default graph."""
    dataset = Dataset(default_union=True)
    dataset.graph(ONTOLOGY_GRAPH).parse(ONTOLOGY, format="turtle")
    for path in DATA_FILES:
        dataset.parse(path, format="trig")
    if extra_trig is not None:
        dataset.parse(data=extra_trig, format="trig")
    return dataset


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def data_graphs(dataset: Dataset) -> list[URIRef]:
    """Named graphs that hold data (not the ontology, not the default graph)."""
    return sorted(
        graph.identifier
        for graph in dataset.graphs()
        if isinstance(graph.identifier, URIRef)
        and graph.identifier.startswith(ID + "graph/")
        and len(graph) > 0
    )


# --------------------------------------------------------------------------------------------
# Files parse strictly
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_turtle_parses_strictly(path: Path) -> None:
    assert list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_trig_parses_strictly(path: Path) -> None:
    assert list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG))


# --------------------------------------------------------------------------------------------
# Competency questions
# --------------------------------------------------------------------------------------------

ANSWERED = [path for path in QUERIES if "expected" in header(path)]


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def kg(request: pytest.FixtureRequest) -> Any:
    """The packaged graph as pmograph loads it (with the ontology's entailments), on each store."""
    from pmograph.kg import load

    return load(store=request.param)


def answer(kg: Any, path: Path) -> set[str]:
    result = kg.query(path.read_text(encoding="utf-8"))
    if isinstance(result, bool) or getattr(result, "kind", None) == "ask":
        return {str(bool(result)).lower()}
    return {str(row[0]) for row in result if row[0] is not None}


@pytest.mark.parametrize("path", ANSWERED, ids=lambda p: p.stem)
def test_competency_question_answer(kg: Any, path: Path) -> None:
    """Every question answers as its header says, on both stores, as `pmograph query` runs it."""
    expected = {value.strip() for value in header(path)["expected"].split("; ")}
    assert answer(kg, path) == expected


def readme_table() -> dict[str, tuple[str, str]]:
    """The ontology README's competency table: name -> (question, expected)."""
    text = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Competency questions", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = (cells[1], cells[2])
    return rows


def test_readme_agrees_with_the_query_files() -> None:
    expected = {}
    for path in QUERIES:
        fields = header(path)
        expected[path.stem[3:]] = (fields["question"], fields.get("expected", "(not tested)"))
    table = "\n".join(f"| `{name}` | {q} | {e} |" for name, (q, e) in expected.items())
    assert readme_table() == expected, "update the table in ontology/README.md to:\n" + table


def test_every_faq_entry_has_a_query() -> None:
    numbers = sorted(int(path.name[:2]) for path in QUERIES if path.name[:2].isdigit())
    assert numbers[:19] == list(range(1, 20))
    assert len(ANSWERED) >= 19


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_header_and_name(dataset: Dataset, path: Path) -> None:
    fields = header(path)
    assert re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*\.rq", path.name)
    assert fields.get("question"), "every query states its question"
    source = URIRef(fields["source"])
    assert (source, None, None) in dataset, f"source {source} is not described in data/"
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(FROM|SERVICE)\b|\bSERVICE\s*<", text, re.M | re.I)


@pytest.mark.parametrize("path", QUERIES[:19], ids=lambda p: p.stem)
def test_faq_query_asks_the_faq_question(dataset: Dataset, path: Path) -> None:
    fields = header(path)
    number = int(path.name[:2])
    entry = URIRef(f"{ID}source/pmo-faq/q{number:02d}")
    assert fields["source"] == str(entry)
    assert (entry, PMG.question, Literal(fields["question"], lang="en")) in dataset


# --------------------------------------------------------------------------------------------
# SHACL and violation checks
# --------------------------------------------------------------------------------------------


def test_data_conforms_to_shapes(dataset: Dataset) -> None:
    data = Graph()
    for triple in dataset.triples((None, None, None)):
        data.add(triple)
    conforms, _, report = pyshacl.validate(
        data,
        shacl_graph=Graph().parse(SHAPES, format="turtle"),
        ont_graph=Graph().parse(ONTOLOGY, format="turtle"),
        inference="rdfs",
    )
    assert conforms, report


def test_shapes_catch_a_dangling_reference() -> None:
    data = Graph()
    for triple in load_dataset().triples((None, None, None)):
        data.add(triple)
    data.add((URIRef(ID + "role/project-manager"), PMG.progressesTo, URIRef(ID + "role/nobody")))
    conforms, _, report = pyshacl.validate(
        data,
        shacl_graph=Graph().parse(SHAPES, format="turtle"),
        ont_graph=Graph().parse(ONTOLOGY, format="turtle"),
        inference="rdfs",
    )
    assert not conforms
    assert "role/nobody" in report


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.stem)
def test_check_finds_no_violation(dataset: Dataset, path: Path) -> None:
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert header.startswith("# message: ") and "\n# Why: " in header
    rows = list(dataset.query(path.read_text(encoding="utf-8")))
    assert rows == []


BROKEN = """
@prefix pmg:  <https://w3id.org/pmograph/ns#> .
@prefix role: <https://w3id.org/pmograph/id/role/> .
@prefix skill: <https://w3id.org/pmograph/id/skill/> .
@prefix rlevel: <https://w3id.org/pmograph/id/responsibility-level/> .
<https://w3id.org/pmograph/id/graph/test/broken> {
    role:portfolio-manager pmg:progressesTo role:project-manager .
    role:project-manager pmg:progressTo role:ghost .
    role:unranked a pmg:Role .
    role:project-manager pmg:hasRequirement <https://w3id.org/pmograph/id/requirement/x/y> .
    <https://w3id.org/pmograph/id/requirement/x/y> a pmg:Requirement ;
        pmg:requiredSkill skill:broken-skill ; pmg:importance pmg:Essential ;
        pmg:requiredLevel 7 ; pmg:levelScale pmg:SFIALevelScale .
    skill:broken-skill pmg:lowestResponsibilityLevel rlevel:sfia-7 ;
        pmg:highestResponsibilityLevel rlevel:sfia-2 .
}
<https://w3id.org/pmograph/id/graph/faq/q98> {
    role:project-manager pmg:hasSeniority <https://w3id.org/pmograph/id/seniority/junior> .
}
"""


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.stem)
def test_check_reports_broken_data(path: Path) -> None:
    rows = list(load_dataset(BROKEN).query(path.read_text(encoding="utf-8")))
    assert rows, f"{path.name} returned nothing on data built to violate it"


# --------------------------------------------------------------------------------------------
# Provenance and labels
# --------------------------------------------------------------------------------------------


def test_named_graphs_are_the_expected_ones(dataset: Dataset) -> None:
    graphs = [str(g) for g in data_graphs(dataset)]
    faq = sorted(g for g in graphs if FAQ_GRAPH.match(g))
    assert faq == [f"{ID}graph/faq/q{n:02d}" for n in range(1, 20)]
    assert all(
        g.startswith((ID + "graph/faq/", ID + "graph/public/", ID + "graph/editorial/"))
        for g in graphs
    )
    assert any(g.startswith(ID + "graph/editorial/") for g in graphs)


@pytest.mark.parametrize(
    "path", sorted((ROOT / "data" / "faq").glob("*.trig")), ids=lambda p: p.name
)
def test_faq_file_holds_its_own_graph(path: Path) -> None:
    graphs = {
        quad.graph_name
        for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG)
    }
    assert graphs == {pyoxigraph.NamedNode(f"{ID}graph/faq/{path.name[:3]}")}


def test_sources_file_holds_only_default_graph_triples() -> None:
    quads = pyoxigraph.parse(
        path=str(ROOT / "data" / "sources.trig"), format=pyoxigraph.RdfFormat.TRIG
    )
    assert all(isinstance(quad.graph_name, pyoxigraph.DefaultGraph) for quad in quads)


def test_every_named_graph_has_provenance_and_a_quote(dataset: Dataset) -> None:
    for graph in data_graphs(dataset):
        assert (graph, PROV.wasDerivedFrom, None) in dataset, f"{graph} has no prov:wasDerivedFrom"
        if str(graph).startswith(ID + "graph/editorial/"):
            # pmograph's own reading: it says why (a description) and that it is editorial.
            assert (graph, DCTERMS.description, None) in dataset, f"{graph} has no description"
            title = str(dataset.value(graph, DCTERMS.title))
            assert "editorial" in title, f"{graph}: the title must say it is pmograph's reading"
        else:
            assert (graph, PMG.quote, None) in dataset, f"{graph} has no pmg:quote"


@pytest.mark.skipif(not FAQ_SOURCE.exists(), reason="the FAQ source text is not available here")
def test_faq_quotes_are_verbatim(dataset: Dataset) -> None:
    text = FAQ_SOURCE.read_text(encoding="utf-8")
    for graph in data_graphs(dataset):
        if FAQ_GRAPH.match(str(graph)):
            for quote in dataset.objects(graph, PMG.quote):
                assert str(quote) in text, f"{graph}: quote not found in the FAQ: {quote}"


def test_each_resource_has_exactly_one_pref_label(dataset: Dataset) -> None:
    counts = Counter(subject for subject, _, _ in dataset.triples((None, SKOS.prefLabel, None)))
    assert [s for s, n in counts.items() if n != 1] == []
    typed = {
        s for s, _, cls in dataset.triples((None, RDF.type, None)) if str(cls).startswith(str(PMG))
    }
    assert sorted(s for s in typed if s not in counts) == []


def test_every_role_is_connected(dataset: Dataset) -> None:
    links = [PMG.progressesTo, PMG.specialisationOf, PMG.relatedRole, PMG.reportsTo]
    for role in dataset.subjects(RDF.type, PMG.Role):
        linked = any((role, p, None) in dataset or (None, p, role) in dataset for p in links)
        assert linked, f"{role} is linked to no other role"
