"""The ESCO and O*NET importers, on excerpts of the real files (tests/data/) and,
where ``../shared/datasets`` exists, on the full published files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from pmograph.cli import cli
from pmograph.errors import DataFileError, InputError
from pmograph.importers.esco import import_esco
from pmograph.importers.onet import import_onet

HERE = Path(__file__).resolve().parent
ESCO_EXCERPT = HERE / "data" / "esco"
ONET_EXCERPT = HERE / "data" / "onet"
ESCO_11 = HERE / "data" / "esco-1.1.1"
ONET_30 = HERE / "data" / "onet-30"
ONET_SKILLS = HERE / "data" / "onet-29-skills"

PREFIXES = """
PREFIX pmg: <https://w3id.org/pmograph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
ID = "https://w3id.org/pmograph/id/"
ESCO_PM = "http://data.europa.eu/esco/occupation/bea99fea-0383-4c63-b944-70d4799de2c5"


def _shared_datasets() -> Path | None:
    for candidate in (HERE.parent.parent / "shared" / "datasets", Path("/work/shared/datasets")):
        if (candidate / "esco" / "occupations_en.csv").is_file():
            return candidate
    return None


SHARED = _shared_datasets()
needs_shared = pytest.mark.skipif(
    SHARED is None, reason="../shared/datasets is not on this machine"
)


def _store(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return store


def _rows(store: ox.Store, sparql: str, **bind: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT, as sorted tuples of lexical values; ``bind`` fixes variables (VALUES)."""
    if bind:
        names = " ".join(f"?{k}" for k in bind)
        terms = " ".join(
            str(ox.NamedNode(v) if v.startswith("http") else ox.Literal(v)) for v in bind.values()
        )
        head, body = sparql.split("WHERE {", 1)
        sparql = f"{head}WHERE {{ VALUES ({names}) {{ ({terms}) }} {body}"
    result = store.query(PREFIXES + sparql, use_default_graph_as_union=True)
    return sorted(tuple(term.value for term in row) for row in result)


def _count(store: ox.Store, pattern: str) -> int:
    result = store.query(
        PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", use_default_graph_as_union=True
    )
    return int(next(iter(result))["n"].value)


def _table(path: Path, delimiter: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- ESCO ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def esco_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("esco") / "esco.trig"
    code, stdout, stderr = _run("import", "esco", str(ESCO_EXCERPT), "-o", str(out))
    assert code == 0, stderr
    assert stdout == ""
    assert stderr == (
        "imported esco: 48 ISCO groups, 27 occupations, 206 alternative labels "
        f"(646 quads) to {out}; no bad rows\n"
    )
    return out


class TestEscoExcerpt:
    @pytest.fixture
    def out(self, esco_out: Path) -> Path:
        return esco_out

    def test_every_occupation_is_a_role_with_its_esco_uri(self, out: Path) -> None:
        store = _store(out)
        rows = _table(ESCO_EXCERPT / "occupations_en.csv", ",")
        found = _rows(store, "SELECT ?uri WHERE { ?r a pmg:Role ; skos:exactMatch ?uri }")
        assert found == sorted((r["conceptUri"],) for r in rows)

    def test_project_manager(self, out: Path) -> None:
        store = _store(out)
        pm = ID + "esco/occupation/bea99fea-0383-4c63-b944-70d4799de2c5"
        assert _rows(store, "SELECT ?l WHERE { ?r skos:prefLabel ?l }", r=pm) == [
            ("project manager",)
        ]
        alts = _rows(store, "SELECT ?l WHERE { ?r skos:altLabel ?l }", r=pm)
        assert alts == [
            ("project coordinator",),
            ("project director",),
            ("project expediter",),
            ("project leader",),
            ("projects manager",),
            ("senior project manager",),
            ("special project manager",),
        ]
        (definition,) = _rows(store, "SELECT ?d WHERE { ?r skos:definition ?d }", r=pm)
        assert definition[0].startswith(
            "Project managers ensure that a project is completed on time"
        )
        assert _rows(store, "SELECT ?m WHERE { ?r skos:exactMatch ?m }", r=pm) == [(ESCO_PM,)]

    def test_isco_hierarchy_is_a_broader_chain_with_notations(self, out: Path) -> None:
        store = _store(out)
        pm = ID + "esco/occupation/bea99fea-0383-4c63-b944-70d4799de2c5"
        chain = _rows(
            store,
            "SELECT ?code ?label WHERE { ?r skos:broader+ ?g . ?g a skos:Concept ; skos:notation ?code ; skos:prefLabel ?label }",
            r=pm,
        )
        assert chain == [
            ("1", "Managers"),
            ("12", "Administrative and commercial managers"),
            ("121", "Business services and administration managers"),
            ("1219", "Business services and administration managers not elsewhere classified"),
        ]
        assert _rows(store, "SELECT ?m WHERE { ?g skos:notation '1219' ; skos:exactMatch ?m }") == [
            ("http://data.europa.eu/esco/isco/C1219",)
        ]

    def test_lists_and_optional_columns(self, out: Path) -> None:
        store = _store(out)
        rows = _table(ESCO_EXCERPT / "occupations_en.csv", ",")
        with_definition = [r for r in rows if r["definition"]]
        assert with_definition, "the excerpt keeps rows that have an ESCO definition"
        for row in with_definition:
            found = _rows(
                store,
                "SELECT ?d WHERE { ?r skos:exactMatch ?u ; skos:definition ?d }",
                u=row["conceptUri"],
            )
            assert found == [(row["definition"].strip(),)]
        hidden = [r for r in rows if r["hiddenLabels"]]
        assert hidden
        for row in hidden:
            labels = {x.strip() for x in row["hiddenLabels"].splitlines() if x.strip()}
            alts = {x.strip() for x in row["altLabels"].splitlines() if x.strip()}
            found = _rows(
                store,
                "SELECT ?l WHERE { ?r skos:exactMatch ?u ; skos:hiddenLabel ?l }",
                u=row["conceptUri"],
            )
            assert found == sorted((x,) for x in labels - alts - {row["preferredLabel"]})

    def test_everything_is_in_the_esco_graph_with_provenance(self, out: Path) -> None:
        store = _store(out)
        graph = ID + "graph/import/esco"
        assert [g.value for g in store.named_graphs()] == [graph]
        assert _count(store, f"GRAPH <{graph}> {{ ?s a pmg:Role }}") == 27
        prov = _rows(
            store,
            "SELECT ?licence ?rights ?title WHERE { ?g a prov:Entity ; prov:wasDerivedFrom ?src ; dcterms:license ?licence ; dcterms:rights ?rights . ?src dcterms:title ?title }",
            g=graph,
        )
        assert len(prov) == 1
        licence, rights, title = prov[0]
        assert licence == "http://data.europa.eu/eli/dec/2011/833/oj"
        assert "© European Union" in rights and "2011/833/EU" in rights
        assert title.startswith("ESCO")

    def test_release_is_recorded(self, tmp_path: Path) -> None:
        out = tmp_path / "esco.trig"
        import_esco(ESCO_EXCERPT, out, release="v1.0.9")
        store = _store(out)
        latest = max(
            r["modifiedDate"][:10] for r in _table(ESCO_EXCERPT / "occupations_en.csv", ",")
        )
        assert _rows(
            store, "SELECT ?v ?m WHERE { ?s dcterms:hasVersion ?v ; dcterms:modified ?m }"
        ) == [("v1.0.9", latest)]

    def test_output_is_identical_on_a_second_run(self, out: Path, tmp_path: Path) -> None:
        again = tmp_path / "again.trig"
        import_esco(ESCO_EXCERPT, again)
        assert again.read_bytes() == out.read_bytes()

    def test_output_loads_as_user_data(self, out: Path) -> None:
        from pmograph.kg import load

        kg = load([out], packaged=False)
        assert kg.label(kg.find("projects manager")) == "project manager"


ESCO_HEADER = (
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
    "regulatedProfessionNote,scopeNote,definition,inScheme,description\n"
)


class TestEscoBadRows:
    def _folder(self, tmp_path: Path, occupations: str) -> Path:
        folder = tmp_path / "esco"
        folder.mkdir()
        shutil.copy(ESCO_EXCERPT / "ISCOGroups_en.csv", folder)
        (folder / "occupations_en.csv").write_text(occupations, encoding="utf-8")
        return folder

    def test_bad_rows_are_reported_with_their_line_and_skipped(self, tmp_path: Path) -> None:
        uri = "http://data.europa.eu/esco/occupation/"
        good = uri + "bea99fea-0383-4c63-b944-70d4799de2c5"
        text = (
            ESCO_HEADER
            # line 2-4: a good record spanning three lines (alt labels)
            + f'Occupation,{good},1219,project manager,"project leader\nprojects manager\nproject director",,released,2016-07-05T15:38:40Z,,,,,Runs projects.\n'
            # line 5: no preferred label
            + f"Occupation,{uri}00000000-0000-0000-0000-000000000001,1219,,,,released,,,,,,\n"
            # line 6: not an occupation URI
            + "Occupation,http://example.org/x,1219,mystery,,,released,,,,,,\n"
            # line 7: the same occupation again
            + f"Occupation,{good},1219,project manager,,,released,,,,,,\n"
            # line 8: one field too many
            + f"Occupation,{uri}00000000-0000-0000-0000-000000000002,1219,extra,,,released,,,,,,,surplus\n"
            # line 9: an ISCO group the file does not have: imported without the link
            + f"Occupation,{uri}00000000-0000-0000-0000-000000000003,9999,orphan,,,released,,,,,,Has no group.\n"
        )
        folder = self._folder(tmp_path, text)
        out = tmp_path / "out.trig"
        code, stdout, stderr = _run("import", "esco", str(folder), "-o", str(out))
        assert code == 0
        assert stderr.splitlines() == [
            "Warning: occupations_en.csv:5: occupation http://data.europa.eu/esco/occupation/00000000-0000-0000-0000-000000000001 has no preferredLabel; row skipped",
            "Warning: occupations_en.csv:6: conceptUri 'http://example.org/x' is not an ESCO occupation URI; row skipped",
            f"Warning: occupations_en.csv:7: occupation {good} repeats line 2; row skipped",
            "Warning: occupations_en.csv:8: more fields than the header; row skipped",
            "Warning: occupations_en.csv:9: ISCO group '9999' of 'orphan' is not in the ISCO groups file; imported without it",
            f"imported esco: 48 ISCO groups, 2 occupations, 3 alternative labels ({_quads(out)} quads) to {out}; "
            "4 bad rows skipped, 1 row imported in part (see the warnings above)",
        ]
        store = _store(out)
        assert _rows(store, "SELECT ?l WHERE { ?r a pmg:Role ; skos:prefLabel ?l }") == [
            ("orphan",),
            ("project manager",),
        ]
        assert (
            _rows(store, "SELECT ?g WHERE { ?r skos:prefLabel 'orphan'@en ; skos:broader ?g }")
            == []
        )

    def test_missing_column_is_an_input_error(self, tmp_path: Path) -> None:
        folder = self._folder(tmp_path, "conceptUri,preferredLabel\nx,y\n")
        code, _, stderr = _run("import", "esco", str(folder), "-o", str(tmp_path / "o.trig"))
        assert code == 2
        assert stderr.startswith("Error: ")
        assert (
            "occupations_en.csv:1: missing column(s) 'iscoGroup', 'altLabels', 'description'"
            in stderr
        )
        assert len(stderr.splitlines()) == 1
        assert not (tmp_path / "o.trig").exists()

    def test_not_utf8_is_reported_with_its_line(self, tmp_path: Path) -> None:
        folder = tmp_path / "esco"
        folder.mkdir()
        shutil.copy(ESCO_EXCERPT / "ISCOGroups_en.csv", folder)
        (folder / "occupations_en.csv").write_bytes(
            ESCO_HEADER.encode() + b"Occupation,http://x,1219,caf\xe9 manager,,,,,,,,,\n"
        )
        with pytest.raises(DataFileError, match=r"occupations_en\.csv:2: not UTF-8 text"):
            import_esco(folder, tmp_path / "o.trig")


# -- O*NET --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def onet_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("onet") / "onet.trig"
    code, stdout, stderr = _run(
        "import", "onet", str(ONET_EXCERPT), "-o", str(out), "--release", "29.1"
    )
    assert code == 0, stderr
    assert stderr.splitlines() == [
        f"Alternate Titles.txt: not in {ONET_EXCERPT}; skipped",
        f"Technology Skills.txt: not in {ONET_EXCERPT}; skipped",
        f"Skills.txt: not in {ONET_EXCERPT}; skipped",
        "imported onet: 29 occupations, 7 SOC major groups, 212 related-occupation links, 46 tasks "
        f"(1,733 quads) to {out}; no bad rows",
    ]
    return out


class TestOnetExcerpt:
    @pytest.fixture
    def out(self, onet_out: Path) -> Path:
        return onet_out

    def test_project_management_specialists(self, out: Path) -> None:
        store = _store(out)
        pm = ID + "onet/occupation/13-1082.00"
        assert _rows(
            store,
            "SELECT ?l ?n WHERE { ?r a pmg:Role ; skos:prefLabel ?l ; skos:notation ?n }",
            r=pm,
        ) == [("Project Management Specialists", "13-1082.00")]
        assert _rows(
            store,
            "SELECT ?n ?l WHERE { ?r skos:broader ?g . ?g skos:notation ?n ; skos:prefLabel ?l }",
            r=pm,
        ) == [("13-0000", "Business and Financial Operations Occupations")]
        assert _rows(store, "SELECT ?p WHERE { ?r skos:exactMatch ?p }", r=pm) == [
            ("https://www.onetonline.org/link/summary/13-1082.00",)
        ]

    def test_related_occupations_are_ranked_as_in_the_file(self, out: Path) -> None:
        store = _store(out)
        rows = _table(ONET_EXCERPT / "Related Occupations.txt", "\t")
        assert _count(store, "?a pmg:relatedRole ?b") == len(rows)
        assert _count(store, "?x a pmg:RoleRelation") == len(rows)
        expected = sorted(
            (r["Related O*NET-SOC Code"], r["Index"], r["Relatedness Tier"])
            for r in rows
            if r["O*NET-SOC Code"] == "13-1082.00"
        )
        found = _rows(
            store,
            """SELECT ?code ?rank ?tier WHERE {
                 ?x pmg:relatedFrom ?a ; pmg:relatedTo ?b ; pmg:relatednessRank ?rank ; pmg:relatednessTier ?tier .
                 ?a skos:notation '13-1082.00' . ?b skos:notation ?code .
                 ?a pmg:relatedRole ?b }""",
        )
        assert found == expected
        assert len(found) == 20

    def test_tasks_are_activities_the_role_performs(self, out: Path) -> None:
        store = _store(out)
        rows = _table(ONET_EXCERPT / "Task Statements.txt", "\t")
        assert _count(store, "?r pmg:performs ?t . ?t a pmg:Activity") == len(rows)
        types = _rows(store, "SELECT ?id ?type WHERE { ?t skos:notation ?id ; pmg:taskType ?type }")
        assert types == sorted((r["Task ID"], r["Task Type"]) for r in rows if r["Task Type"])
        assert len(types) < len(rows), "tasks without a type keep none"

    def test_quoted_task_text_is_unquoted(self, out: Path) -> None:
        store = _store(out)
        assert _rows(store, "SELECT ?l WHERE { ?t skos:notation '15287' ; skos:prefLabel ?l }") == [
            ('Conduct "head counts" to help predict the outcome of upcoming votes.',)
        ]

    def test_provenance_carries_licence_and_attribution(self, out: Path) -> None:
        store = _store(out)
        graph = ID + "graph/import/onet"
        (row,) = _rows(
            store,
            "SELECT ?licence ?rights ?version WHERE { ?g dcterms:license ?licence ; dcterms:rights ?rights ; prov:wasDerivedFrom ?s . ?s dcterms:hasVersion ?version }",
            g=graph,
        )
        assert row[0] == "https://creativecommons.org/licenses/by/4.0/"
        assert "O*NET 29.1 Database" in row[1] and "USDOL/ETA" in row[1] and "CC BY 4.0" in row[1]
        assert row[2] == "29.1"


ONET_RELATED_HEADER = (
    "O*NET-SOC Code\tTitle\tRelated O*NET-SOC Code\tRelated Title\tRelatedness Tier\tIndex\n"
)


class TestOnetBadRows:
    def test_bad_related_and_task_rows_are_skipped_with_line_numbers(self, tmp_path: Path) -> None:
        folder = tmp_path / "onet"
        shutil.copytree(ONET_EXCERPT, folder)
        (folder / "Related Occupations.txt").write_text(
            ONET_RELATED_HEADER
            + "13-1082.00\tPMS\t15-1299.09\tIT PM\tPrimary-Short\t1\n"
            + "13-1082.00\tPMS\t99-9999.99\tNobody\tPrimary-Short\t2\n"
            + "13-1082.00\tPMS\t15-1299.09\tIT PM\tPrimary-Short\tfirst\n"
            + "13-1082.00\tPMS\t15-1299.09\tIT PM\tSometimes\t3\n"
            + "13-1082.00\tPMS\t15-1299.09\tIT PM\tPrimary-Long\t4\n",
            encoding="utf-8",
        )
        tasks = (folder / "Task Statements.txt").read_text(encoding="utf-8")
        (folder / "Task Statements.txt").write_text(
            tasks
            + "13-1082.00\tPMS\t16000\tDo a thing.\tOptional\t\t\t\n"
            + "13-1082.00\tPMS\t\tNo id.\tCore\t\t\t\n",
            encoding="utf-8",
        )
        warnings: list[str] = []
        result = import_onet(folder, tmp_path / "o.trig", warn=lambda w: warnings.append(str(w)))
        assert warnings == [
            "Related Occupations.txt:3: related occupation '99-9999.99' is not in Occupation Data.txt; row skipped",
            "Related Occupations.txt:4: Index 'first' is not a positive whole number; row skipped",
            "Related Occupations.txt:5: Relatedness Tier 'Sometimes' is not one of Primary-Short, Primary-Long, Supplemental; row skipped",
            "Related Occupations.txt:6: link 13-1082.00 -> 15-1299.09 repeats line 2; row skipped",
            "Task Statements.txt:48: Task Type 'Optional' is not one of Core, Supplemental (or empty); row skipped",
            "Task Statements.txt:49: Task ID '' is not a whole number; row skipped",
        ]
        assert result.counts["related-occupation links"] == 1
        assert result.counts["tasks"] == 46
        assert result.skipped == 6


# -- errors common to both ------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["esco", "onet"])
def test_missing_folder_is_one_line_exit_2(dataset: str, tmp_path: Path) -> None:
    code, stdout, stderr = _run(
        "import", dataset, str(tmp_path / "nowhere"), "-o", str(tmp_path / "o.trig")
    )
    assert code == 2
    assert stderr.startswith(
        f"Error: {tmp_path / 'nowhere'}: folder not found; give the folder that holds"
    )
    assert len(stderr.splitlines()) == 1


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"holds no \.txt file"):
        import_onet(ESCO_EXCERPT, "unused.trig")
    shutil.copy(ONET_EXCERPT / "Task Statements.txt", tmp_path)
    with pytest.raises(InputError, match=r"Occupation Data\.txt not found; give the folder"):
        import_onet(tmp_path, tmp_path / "unused.trig")
    with pytest.raises(InputError, match=r"no occupations file \(occupations_en\.csv\)"):
        import_esco(ESCO_11 / "relations", tmp_path / "unused.trig")


def test_output_folder_missing_exits_5(tmp_path: Path) -> None:
    code, _, stderr = _run(
        "import", "onet", str(ONET_EXCERPT), "-o", str(tmp_path / "no" / "o.trig")
    )
    assert code == 5
    assert "folder" in stderr and "does not exist" in stderr


def test_output_option_is_required() -> None:
    code, _, stderr = _run("import", "esco", str(ESCO_EXCERPT))
    assert code == 2
    assert "Missing option '-o'" in stderr


# -- the full published files -----------------------------------------------------------------


@needs_shared
class TestFullFiles:
    def test_esco_counts_match_the_files(self, tmp_path: Path) -> None:
        assert SHARED is not None
        occupations = _table(SHARED / "esco" / "occupations_en.csv", ",")
        groups = _table(SHARED / "esco" / "ISCOGroups_en.csv", ",")
        out = tmp_path / "esco.trig"
        result = import_esco(SHARED / "esco", out)
        assert result.warnings == []
        store = _store(out)
        assert _count(store, "?r a pmg:Role") == len(occupations)
        assert _count(store, "?g a skos:Concept ; skos:notation ?n") == len(groups)
        assert _count(store, "?r a pmg:Role ; skos:broader ?g") == len(occupations)
        pm = _rows(store, "SELECT ?g WHERE { ?r skos:exactMatch ?u ; skos:broader ?g }", u=ESCO_PM)
        assert pm == [(ID + "esco/isco/C1219",)]

    def test_onet_counts_match_the_files(self, tmp_path: Path) -> None:
        assert SHARED is not None
        folder = SHARED / "onet"
        occupations = _table(folder / "Occupation Data.txt", "\t")
        related = _table(folder / "Related Occupations.txt", "\t")
        tasks = _table(folder / "Task Statements.txt", "\t")
        out = tmp_path / "onet.trig"
        result = import_onet(folder, out)
        assert result.warnings == []
        store = _store(out)
        assert _count(store, "?r a pmg:Role") == len(occupations)
        assert _count(store, "?a pmg:relatedRole ?b") == len(related)
        assert _count(store, "?x a pmg:RoleRelation ; pmg:relatednessRank ?r") == len(related)
        assert _count(store, "?r pmg:performs ?t . ?t a pmg:Activity") == len(tasks)
        assert _count(store, "?t pmg:taskType 'Core'") == sum(
            t["Task Type"] == "Core" for t in tasks
        )
        majors = {o["O*NET-SOC Code"][:2] for o in occupations}
        assert _count(store, "?g a skos:Concept") == len(majors)


def _quads(path: Path) -> int:
    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


# -- imports meet the packaged roles through the hand alignments ----------------------------


def test_imports_connect_to_the_packaged_roles(esco_out: Path, onet_out: Path) -> None:
    from pmograph.kg import load

    kg = load([esco_out, onet_out], store="oxigraph")
    result = kg.query(
        """SELECT ?match ?label WHERE {
             <https://w3id.org/pmograph/id/role/project-manager> ?match ?external .
             VALUES ?match { skos:exactMatch skos:closeMatch skos:broadMatch }
             ?imported skos:exactMatch ?external ; a pmg:Role ; skos:prefLabel ?label .
             FILTER (?imported != <https://w3id.org/pmograph/id/role/project-manager>)
           } ORDER BY ?label"""
    )
    assert [(r.match.local_name(), r.label) for r in result] == [
        ("closeMatch", "Project Management Specialists"),
        ("broadMatch", "project manager"),
    ]
