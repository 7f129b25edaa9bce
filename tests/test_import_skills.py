"""The skills pillars: ESCO v1.1.1 (and the v1.2 layout) and O*NET's ratings, on the committed
excerpts (tests/data/esco-1.1.1, onet-30, onet-29-skills); the output suffix rule; and, where
``../shared/datasets`` exists, the full published files (marked ``fulldata``)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from pmograph.cli import cli
from pmograph.importers.esco import import_esco
from pmograph.importers.onet import import_onet

HERE = Path(__file__).resolve().parent
ESCO_11 = HERE / "data" / "esco-1.1.1"
ONET = HERE / "data" / "onet"
ONET_30 = HERE / "data" / "onet-30"
ONET_SKILLS = HERE / "data" / "onet-29-skills"
SHARED = Path("/work/shared/datasets")
PMG = "https://w3id.org/pmograph/ns#"
ID = "https://w3id.org/pmograph/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PM = "bea99fea-0383-4c63-b944-70d4799de2c5"


def _table(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _store(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]))
    return store


def _select(store: ox.Store, sparql: str) -> list[tuple[str, ...]]:
    prefixes = f"PREFIX pmg: <{PMG}> PREFIX skos: <{SKOS}> PREFIX esco: <http://data.europa.eu/esco/model#>\n"
    rows = store.query(prefixes + sparql, use_default_graph_as_union=True)
    return sorted(tuple(t.value if t is not None else "" for t in row) for row in rows)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def esco11(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("esco11") / "esco.trig"
    code, _, stderr = _run(
        "import",
        "esco",
        str(ESCO_11 / "en"),
        str(ESCO_11 / "fr"),
        str(ESCO_11 / "relations"),
        "-o",
        str(out),
    )
    assert code == 0, stderr
    return out, stderr.splitlines()


class TestEsco11:
    def test_relations_to_undescribed_occupations_are_reported_and_skipped(
        self, esco11: tuple[Path, list[str]]
    ) -> None:
        _, lines = esco11
        rows = _table(ESCO_11 / "relations" / "occupationSkillRelations.csv")
        known = {r["conceptUri"] for r in _table(ESCO_11 / "en" / "occupations_en.csv")}
        orphan_lines = [i + 2 for i, r in enumerate(rows) if r["occupationUri"] not in known]
        assert len(orphan_lines) == 2
        warned = [line for line in lines if line.startswith("Warning: ")]
        assert warned == [
            f"Warning: occupationSkillRelations.csv:{n}: occupation {rows[n - 2]['occupationUri']} "
            "is not described in the classification files; row skipped"
            for n in orphan_lines
        ]
        assert lines[-1].endswith("2 bad rows skipped (see the warnings above)")

    def test_requirements_are_qualified_and_match_the_file(
        self, esco11: tuple[Path, list[str]]
    ) -> None:
        store = _store(esco11[0])
        rows = _table(ESCO_11 / "relations" / "occupationSkillRelations.csv")
        known = {r["conceptUri"] for r in _table(ESCO_11 / "en" / "occupations_en.csv")}
        expected = sorted(
            (r["occupationUri"], r["skillUri"], r["relationType"].capitalize())
            for r in rows
            if r["occupationUri"] in known
        )
        found = _select(
            store,
            """SELECT ?o ?s ?imp WHERE {
                 ?occ pmg:hasRequirement ?req ; skos:exactMatch ?o .
                 ?req a pmg:Requirement ; pmg:requiredSkill ?skill ; pmg:importance ?i .
                 ?skill skos:exactMatch ?s . BIND(STRAFTER(STR(?i), "#") AS ?imp) }""",
        )
        assert found == expected
        shortcut = _select(
            store,
            "SELECT ?o ?s WHERE { ?occ pmg:requiresEssentialSkill ?k ; skos:exactMatch ?o . ?k skos:exactMatch ?s }",
        )
        assert shortcut == sorted((o, s) for o, s, i in expected if i == "Essential")
        req = f"{ID}esco/requirement/{PM}/"
        assert all(
            r[0].startswith(f"{ID}esco/requirement/")
            for r in _select(store, "SELECT ?r WHERE { ?r a pmg:Requirement }")
        )
        assert _select(
            store, f"SELECT ?r WHERE {{ ?r a pmg:Requirement FILTER STRSTARTS(STR(?r), '{req}') }}"
        )

    def test_skill_types_and_reuse_levels(self, esco11: tuple[Path, list[str]]) -> None:
        store = _store(esco11[0])
        skills = _table(ESCO_11 / "en" / "skills_en.csv")
        kinds = {"skill/competence": "skill", "knowledge": "knowledge"}
        expected = sorted(
            (r["conceptUri"], kinds[r["skillType"]], r["reuseLevel"])
            for r in skills
            if r["skillType"] and r["reuseLevel"]
        )
        assert len(expected) > 400
        found = _select(
            store,
            """SELECT ?u ?t ?r WHERE { ?s a pmg:Skill ; skos:exactMatch ?u ; esco:skillType ?tt ; esco:skillReuseLevel ?rr .
                 BIND(STRAFTER(STR(?tt), "skill-type/") AS ?t) BIND(STRAFTER(STR(?rr), "skill-reuse-level/") AS ?r) }""",
        )
        assert found == expected

    def test_french_labels_sit_on_the_same_resources(self, esco11: tuple[Path, list[str]]) -> None:
        store = _store(esco11[0])
        pm = f"{ID}esco/occupation/{PM}"
        labels = _select(
            store, f"SELECT ?l ?lang WHERE {{ <{pm}> skos:prefLabel ?l BIND(LANG(?l) AS ?lang) }}"
        )
        assert labels == [("gestionnaire de projet", "fr"), ("project manager", "en")]
        alts = _select(
            store, f"SELECT ?l WHERE {{ <{pm}> skos:altLabel ?l FILTER(LANG(?l) = 'fr') }}"
        )
        assert ("cheffe de projet",) in alts
        groups_fr = _table(ESCO_11 / "fr" / "skillGroups_fr.csv")
        assert len(
            _select(
                store,
                "SELECT ?g WHERE { ?g a skos:Concept ; skos:prefLabel ?l FILTER(LANG(?l)='fr') }",
            )
        ) >= len(groups_fr)

    def test_skills_reach_a_skill_group_and_the_hierarchy_top(
        self, esco11: tuple[Path, list[str]]
    ) -> None:
        store = _store(esco11[0])
        broader = _table(ESCO_11 / "relations" / "broaderRelationsSkillPillar.csv")
        assert len(
            _select(store, "SELECT ?a ?b WHERE { ?a a pmg:Skill ; skos:broader ?b }")
        ) == sum(r["conceptType"] == "KnowledgeSkillCompetence" for r in broader)
        tops = {r["Level 0 URI"] for r in _table(ESCO_11 / "en" / "skillsHierarchy_en.csv")}
        reached = _select(
            store,
            "SELECT DISTINCT ?u WHERE { ?s a pmg:Skill ; skos:broader+ ?t . ?t skos:exactMatch ?u FILTER NOT EXISTS { ?t skos:broader ?x } }",
        )
        assert {u for (u,) in reached} <= tops and reached

    def test_occupation_pillar_broader_and_skill_skill_relations(
        self, esco11: tuple[Path, list[str]]
    ) -> None:
        store = _store(esco11[0])
        occ = [
            r
            for r in _table(ESCO_11 / "relations" / "broaderRelationsOccPillar.csv")
            if r["conceptType"] == "Occupation" and r["broaderType"] == "Occupation"
        ]
        found = _select(
            store,
            "SELECT ?a ?b WHERE { ?x a pmg:Role ; skos:broader ?y . ?y a pmg:Role . ?x skos:exactMatch ?a . ?y skos:exactMatch ?b }",
        )
        assert found == sorted((r["conceptUri"], r["broaderUri"]) for r in occ) and found
        ss = _table(ESCO_11 / "relations" / "skillSkillRelations.csv")
        n = len(
            _select(
                store,
                "SELECT ?a ?b WHERE { { ?a esco:hasEssentialSkill ?b } UNION { ?a esco:hasOptionalSkill ?b } }",
            )
        )
        assert n == len(ss)


def _v12_layout(tmp_path: Path) -> Path:
    """The excerpt laid out as ESCO v1.2 ships it: relation files ``*_en.csv`` with label columns."""
    root = tmp_path / "esco-1.2"
    shutil.copytree(ESCO_11 / "en", root / "classification")
    labels = {
        r["conceptUri"]: r["preferredLabel"]
        for name in ("occupations_en.csv", "skills_en.csv")
        for r in _table(ESCO_11 / "en" / name)
    }
    rel = root / "relations"
    rel.mkdir()
    for src in (ESCO_11 / "relations").iterdir():
        rows = _table(src)
        columns = list(rows[0])
        uri_cols = [c for c in columns if c.endswith("Uri")]
        extra = [c.replace("Uri", "Label") for c in uri_cols]
        with open(rel / f"{src.stem}_en.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=extra + columns[::-1])
            writer.writeheader()
            for r in rows:
                writer.writerow(
                    {**r, **{c.replace("Uri", "Label"): labels.get(r[c], "") for c in uri_cols}}
                )
    return root


def test_v12_layout_gives_the_same_graph(tmp_path: Path, esco11: tuple[Path, list[str]]) -> None:
    out = tmp_path / "v12.nq"
    import_esco(_v12_layout(tmp_path), out)
    v11 = tmp_path / "v11.nq"
    import_esco([ESCO_11 / "en", ESCO_11 / "relations"], v11)

    def body(p: Path) -> set[str]:
        return {
            line
            for line in p.read_text(encoding="utf-8").splitlines()
            if "/graph/import/esco>" in line and "description" not in line
        }

    assert body(out) == body(v11)


def test_skipped_files_get_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "esco"
    shutil.copytree(ESCO_11 / "en", folder)
    (folder / "conceptSchemes_en.csv").write_text(
        "conceptType,conceptSchemeUri,preferredLabel\nConceptScheme,http://x,y\n", encoding="utf-8"
    )
    (folder / "notes_en.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result = import_esco(folder, tmp_path / "o.trig")
    assert result.notes == [
        "conceptSchemes_en.csv: concept schemes or a skill collection (the skills file describes them); skipped",
        "notes_en.csv: not an ESCO table pmograph knows; skipped",
    ]


def test_bad_relation_rows(tmp_path: Path) -> None:
    folder = tmp_path / "esco"
    shutil.copytree(ESCO_11 / "en", folder / "en")
    occ = _table(ESCO_11 / "en" / "occupations_en.csv")[0]["conceptUri"]
    skill = _table(ESCO_11 / "en" / "skills_en.csv")[0]["conceptUri"]
    (folder / "rel").mkdir()
    (folder / "rel" / "occupationSkillRelations.csv").write_text(
        "occupationUri,relationType,skillType,skillUri\n"
        f"{occ},essential,knowledge,{skill}\n"
        f"{occ},sometimes,knowledge,{skill}\n"
        f"{occ},optional,knowledge,{skill}\n"
        f"{occ},optional,,http://data.europa.eu/esco/skill/nope\n"
        f"{skill},optional,,{skill}\n",
        encoding="utf-8",
    )
    warnings: list[str] = []
    result = import_esco(
        [folder / "en", folder / "rel"], tmp_path / "o.trig", warn=lambda w: warnings.append(str(w))
    )
    assert warnings == [
        "occupationSkillRelations.csv:3: relationType 'sometimes' is not 'essential' or 'optional'; row skipped",
        f"occupationSkillRelations.csv:4: relation {occ} -> {skill} repeats line 2; row skipped",
        "occupationSkillRelations.csv:5: skill http://data.europa.eu/esco/skill/nope is not described in the classification files; row skipped",
        f"occupationSkillRelations.csv:6: occupation {skill} is described as a skill, not a occupation; row skipped",
    ]
    assert result.counts["essential skills"] == 1 and result.counts["optional skills"] == 0


# -- O*NET ratings ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def onet_all(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("onet") / "onet.trig"
    result = import_onet([ONET, ONET_30, ONET_SKILLS], out, release="30.0")
    assert result.warnings == [] and result.notes == []
    return out


def test_skill_ratings_are_qualified_requirements(onet_all: Path) -> None:
    store = _store(onet_all)
    rows = _table(ONET_SKILLS / "Skills.txt", "\t")
    ratings: dict[tuple[str, str], dict[str, str]] = {}
    for r in rows:
        entry = ratings.setdefault((r["O*NET-SOC Code"], r["Element ID"]), {})
        if r["Recommend Suppress"] == "Y":
            continue
        if r["Scale ID"] == "LV" and r["Not Relevant"] == "Y":
            entry["nr"] = "Y"
        else:
            entry[r["Scale ID"]] = r["Data Value"]

    def num(v: str) -> str:
        return f"{float(v):g}" if v else ""

    expected = sorted(
        (
            code,
            el,
            num(e.get("IM", "")),
            num(e.get("LV", "")),
            "Essential" if float(e.get("IM", 0)) >= 3 else "Optional",
        )
        for (code, el), e in ratings.items()
        if "nr" not in e and ("IM" in e or "LV" in e)
    )
    found = _select(
        store,
        """SELECT ?code ?el ?im ?lv ?imp WHERE {
             ?occ skos:notation ?code ; pmg:hasRequirement ?r . ?r pmg:requiredSkill ?s ; pmg:importance ?i .
             ?s skos:notation ?el . FILTER(STRSTARTS(STR(?s), "https://w3id.org/pmograph/id/onet/skill/"))
             OPTIONAL { ?r pmg:importanceRating ?im } OPTIONAL { ?r pmg:requiredLevel ?lv ; pmg:levelScale pmg:ONETLevelScale }
             BIND(STRAFTER(STR(?i), "#") AS ?imp) }""",
    )
    assert [(c, e, num(i), num(lv), imp) for c, e, i, lv, imp in found] == expected
    assert any(e.get("nr") for e in ratings.values()), "the excerpt has Not Relevant levels"
    assert not any(code == "13-1082.00" for code, *_ in found)
    assert len({el for _, el, *_ in found}) == 35


def test_alternate_titles_and_technologies(onet_all: Path) -> None:
    store = _store(onet_all)
    titles = _table(ONET_30 / "Alternate Titles.txt", "\t")
    expected = {(t["O*NET-SOC Code"], t["Alternate Title"]) for t in titles} | {
        (t["O*NET-SOC Code"], t["Short Title"]) for t in titles if t["Short Title"] != "n/a"
    }
    found = _select(store, "SELECT ?c ?l WHERE { ?o skos:notation ?c ; skos:altLabel ?l }")
    assert set(found) == expected
    tech = _table(ONET_30 / "Technology Skills.txt", "\t")
    hot = _select(
        store,
        "SELECT ?c ?t WHERE { ?o skos:notation ?c ; pmg:hasRequirement ?r . ?r <https://w3id.org/pmograph/id/onet/ns#hotTechnology> true ; pmg:requiredSkill ?s . ?s skos:prefLabel ?t }",
    )
    assert hot == sorted(
        (t["O*NET-SOC Code"], t["Example"]) for t in tech if t["Hot Technology"] == "Y"
    )


def test_occupation_data_alone_and_quoted_older_release(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    rows = (ONET / "Occupation Data.txt").read_text(encoding="utf-8").splitlines()
    quoted = [rows[0]] + ["\t".join(f'"{f}"' for f in line.split("\t")) for line in rows[1:]]
    (folder / "Occupation Data.txt").write_text("\n".join(quoted) + "\n", encoding="utf-8")
    result = import_onet(folder, tmp_path / "o.trig")
    assert result.counts["occupations"] == 29 and not result.warnings
    assert len(result.notes) == 5
    assert ("Project Management Specialists",) in _select(
        _store(tmp_path / "o.trig"),
        "SELECT ?l WHERE { ?o skos:notation '13-1082.00' ; skos:prefLabel ?l }",
    )


# -- the output suffix rule ------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".jsonld"])
def test_dataset_suffixes_keep_the_named_graph(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"o{suffix}"
    code, _, stderr = _run("import", "onet", str(ONET), "-o", str(out))
    assert code == 0, stderr
    assert "holds one graph" not in stderr
    assert [g.value for g in _store(out).named_graphs()] == [ID + "graph/import/onet"]


@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_single_graph_suffixes_say_so(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"o{suffix}"
    code, _, stderr = _run("import", "onet", str(ONET), "-o", str(out))
    assert code == 0, stderr
    assert f"note: o{suffix} holds one graph" in stderr
    store = _store(out)
    assert list(store.named_graphs()) == []
    assert len(store) > 1000


@pytest.mark.parametrize("command", ["onet", "esco"])
def test_other_suffixes_are_refused_before_reading(tmp_path: Path, command: str) -> None:
    out = tmp_path / "o.csv"
    code, _, stderr = _run("import", command, str(tmp_path / "nowhere"), "-o", str(out))
    assert code == 2
    assert stderr.startswith(f"Error: {out}: cannot write .csv; name the output with one of .trig")
    assert len(stderr.splitlines()) == 1 and not out.exists()


# -- the full published files ----------------------------------------------------------------

fulldata = pytest.mark.skipif(
    not (SHARED / "esco-1.1.1").is_dir(), reason="../shared/datasets is not here"
)


@fulldata
@pytest.mark.fulldata
def test_full_esco_111_counts_match_the_files(tmp_path: Path) -> None:
    src = SHARED / "esco-1.1.1"
    result = import_esco(src, tmp_path / "esco.nq")
    occupations = _table(src / "en" / "occupations_en.csv")
    skills = _table(src / "en" / "skills_en.csv")
    rels = _table(src / "relations" / "occupationSkillRelations.csv")
    known = {r["conceptUri"] for r in occupations}
    counts = result.counts
    assert counts["occupations"] == len(occupations) == 3007
    assert counts["skills and knowledge"] == len(skills) == 13896
    good = [r for r in rels if r["occupationUri"] in known]
    assert len(rels) - len(good) == 67
    assert counts["essential skills"] == sum(r["relationType"] == "essential" for r in good)
    assert counts["optional skills"] == sum(r["relationType"] == "optional" for r in good)
    assert counts["skill-skill relations"] == 5899
    assert counts["languages"] == 2
    orphan = [w for w in result.warnings if w.path == "occupationSkillRelations.csv"]
    assert len(orphan) == 67


@fulldata
@pytest.mark.fulldata
def test_full_onet_counts_match_the_files(tmp_path: Path) -> None:
    folders = [SHARED / "onet-30", SHARED / "onet-29-skills"]
    result = import_onet(folders, tmp_path / "onet.nq")
    assert result.warnings == []
    titles = _table(SHARED / "onet-30" / "Alternate Titles.txt", "\t")
    tech = _table(SHARED / "onet-30" / "Technology Skills.txt", "\t")
    skills = _table(SHARED / "onet-29-skills" / "Skills.txt", "\t")
    c = result.counts
    assert c["occupations"] == 1016
    assert c["alternate titles"] == len(titles) + sum(t["Short Title"] != "n/a" for t in titles)
    assert c["technology links"] == len(tech)
    assert c["hot technology links"] == sum(t["Hot Technology"] == "Y" for t in tech)
    assert c["rated occupations"] == len({s["O*NET-SOC Code"] for s in skills}) == 879
    assert c["suppressed ratings"] == sum(s["Recommend Suppress"] == "Y" for s in skills)


def test_export_follows_the_suffix_rule(tmp_path: Path) -> None:
    code, _, stderr = _run("export", "-o", str(tmp_path / "all.docx"))
    assert code == 2 and "cannot write .docx" in stderr and len(stderr.splitlines()) == 1
    code, _, stderr = _run("export", "-o", str(tmp_path / "all.ttl"))
    assert code == 0 and "all.ttl holds one graph" in stderr
    assert list(_store(tmp_path / "all.ttl").named_graphs()) == []
    code, _, stderr = _run("export", "-o", str(tmp_path / "all.jsonld"))
    assert code == 0 and "holds one graph" not in stderr
    assert len(list(_store(tmp_path / "all.jsonld").named_graphs())) > 1
    code, _, stderr = _run("export", "--format", "nt", "-o", str(tmp_path / "all.trig"))
    assert code == 2 and "does not match" in stderr
    assert not (tmp_path / "all.docx").exists()
