"""Careers across taxonomies (gap, similar, next, path on ESCO and O*NET occupations), with the
expected answers computed here, independently, from the committed excerpt files."""

from __future__ import annotations

import csv
import json
import math
from collections import deque
from pathlib import Path

import pytest
from click.testing import CliRunner

from pmograph.cli import cli
from pmograph.importers.esco import import_esco
from pmograph.importers.onet import import_onet

HERE = Path(__file__).resolve().parent
ESCO = HERE / "data" / "esco-1.1.1"
ONET_DIRS = [HERE / "data" / d for d in ("onet", "onet-30", "onet-29-skills")]
OCC = "http://data.europa.eu/esco/occupation/"
ID = "https://w3id.org/pmograph/id/"


def _table(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("imports")
    import_esco(ESCO, folder / "esco.trig")
    import_onet(ONET_DIRS, folder / "onet.trig")
    return ["--data", str(folder / "esco.trig"), "--data", str(folder / "onet.trig")]


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def _json(args: list[str]) -> tuple[list[dict[str, object]], str]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


# -- what the excerpt files say, computed with the csv module ---------------------------------


def _esco_occupations() -> dict[str, str]:
    return {
        r["conceptUri"]: r["preferredLabel"] for r in _table(ESCO / "en" / "occupations_en.csv")
    }


def _esco_needs() -> dict[str, dict[str, str]]:
    known = _esco_occupations()
    out: dict[str, dict[str, str]] = {}
    for r in _table(ESCO / "relations" / "occupationSkillRelations.csv"):
        if r["occupationUri"] in known:
            out.setdefault(r["occupationUri"], {})[r["skillUri"]] = r["relationType"]
    return out


def _by_label(label: str) -> str:
    return next(u for u, lab in _esco_occupations().items() if lab == label)


def _weighted_jaccard(a: dict[str, str], b: dict[str, str]) -> float:
    w = {"essential": 2.0, "optional": 1.0}
    keys = set(a) | set(b)
    top = sum(min(w[a[k]], w[b[k]]) for k in set(a) & set(b))
    return top / sum(max(w.get(a.get(k, ""), 0.0), w.get(b.get(k, ""), 0.0)) for k in keys)


def _onet_levels() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    dropped: set[tuple[str, str]] = set()
    for r in _table(HERE / "data" / "onet-29-skills" / "Skills.txt", "\t"):
        key = (r["O*NET-SOC Code"], r["Element Name"])
        if r["Scale ID"] == "LV" and r["Not Relevant"] == "Y":
            dropped.add(key)
        elif r["Scale ID"] == "LV" and r["Recommend Suppress"] != "Y":
            out.setdefault(key[0], {})[key[1]] = float(r["Data Value"])
    for code, name in dropped:
        out.get(code, {}).pop(name, None)
    return out


def _rms(a: dict[str, float], b: dict[str, float]) -> float:
    keys = set(a) | set(b)
    return math.sqrt(sum((a.get(k, 0.0) - b.get(k, 0.0)) ** 2 for k in keys) / len(keys))


# -- gap ---------------------------------------------------------------------------------------


def test_esco_gap_lists_what_b_needs_that_a_lacks_grouped(files: list[str]) -> None:
    needs = _esco_needs()
    pm, ict = _by_label("project manager"), _by_label("ICT project manager")
    skills = {r["conceptUri"]: r for r in _table(ESCO / "en" / "skills_en.csv")}
    expected = {
        (s, kind, "knowledge" if skills[s]["skillType"] == "knowledge" else "skill")
        for s, kind in needs[ict].items()
        if s not in needs[pm]
    }
    rows, stderr = _json(
        ["gap", pm.replace(OCC, ID + "esco/occupation/"), "ICT project manager", *files]
    )
    found = {
        (
            r["iri"].replace(ID + "esco/skill/", "http://data.europa.eu/esco/skill/"),
            r["need"],
            r["kind"],
        )
        for r in rows
    }
    assert found == expected
    kinds = [r["kind"] for r in rows]
    assert kinds == sorted(kinds, key=lambda k: k != "knowledge"), "knowledge first, skills apart"
    # each skill's group: its nearest broader concept that is not itself a skill (from the file)
    broader: dict[str, list[str]] = {}
    for r in _table(ESCO / "relations" / "broaderRelationsSkillPillar.csv"):
        broader.setdefault(r["conceptUri"], []).append(r["broaderUri"])
    labels = {
        r["conceptUri"]: r["preferredLabel"] for r in _table(ESCO / "en" / "skillGroups_en.csv")
    }

    def group(skill: str) -> str:
        queue, seen = deque([skill]), {skill}
        while queue:
            node = queue.popleft()
            for parent in sorted(broader.get(node, [])):
                if parent not in skills:
                    return labels.get(parent, "")
                if parent not in seen:
                    seen.add(parent)
                    queue.append(parent)
        return ""

    for r in rows:
        uri = str(r["iri"]).replace(ID + "esco/skill/", "http://data.europa.eu/esco/skill/")
        assert r["group"] == group(uri)
    assert f"{len(expected)} skills from project manager to ICT project manager" in stderr


def test_onet_gap_lists_the_levels_that_rise_with_the_step(files: list[str]) -> None:
    levels = _onet_levels()
    a, b = levels["13-1111.00"], levels["15-1299.09"]
    expected = sorted(
        ((k, round(b[k] - a.get(k, 0.0), 2)) for k in b if b[k] > a.get(k, 0.0)),
        key=lambda x: (-x[1], x[0]),
    )
    rows, _ = _json(["gap", "Management Analysts", "15-1299.09", *files])
    assert [(r["skill"], r["step"]) for r in rows] == expected


def test_an_occupation_without_ratings_is_said_so(files: list[str]) -> None:
    code, stdout, _ = _run(["gap", "13-1082.00", "15-1299.09", *files])
    assert code == 0
    assert stdout == (
        "O*NET 'Project Management Specialists' (13-1082.00) has no skill ratings in O*NET's "
        "Skills file, so pmograph cannot tell what it needs (this is not 'nothing to learn')\n"
    )


def test_a_packaged_role_shows_what_esco_says_it_needs(files: list[str]) -> None:
    needs = _esco_needs()
    pm, ict = _by_label("project manager"), _by_label("ICT project manager")
    # ESCO's project manager is broader than pmograph's project manager (skos:broadMatch); the
    # project director is aligned to it alone, so its profile is ESCO's.
    rows, stderr = _json(["gap", "Project Director", "ICT project manager", *files])
    assert "Project Director is aligned to ESCO 'project manager'" in stderr
    assert len(rows) == len(set(needs[ict]) - set(needs[pm]))


# -- names in every language ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gestionnaire de projet", "cheffe de projet", "projects manager"])
def test_french_and_alternative_labels_name_the_esco_occupation(
    files: list[str], name: str
) -> None:
    by_iri, _ = _json(
        ["similar", ID + "esco/occupation/bea99fea-0383-4c63-b944-70d4799de2c5", *files]
    )
    by_name, _ = _json(["similar", name, *files])
    assert by_name == by_iri and by_name


def test_an_unknown_name_is_one_line_with_suggestions(files: list[str]) -> None:
    code, _, stderr = _run(["similar", "gestionaire de projet", *files])
    assert code != 0 and len(stderr.splitlines()) == 1
    assert (
        "no role is called 'gestionaire de projet'; did you mean: "
        "project manager (gestionnaire de projet)," in stderr
    )


# -- similar -------------------------------------------------------------------------------------


def test_esco_similar_ranks_by_weighted_jaccard(files: list[str]) -> None:
    needs = _esco_needs()
    ict = _by_label("ICT project manager")
    labels = _esco_occupations()
    scores = sorted(
        ((round(_weighted_jaccard(needs[ict], needs[o]), 3), labels[o]) for o in needs if o != ict),
        key=lambda x: (-x[0], x[1].lower()),
    )
    expected = [s for s in scores if s[0] > 0][:10]
    rows, _ = _json(["similar", "ICT project manager", *files])
    assert [(r["score"], r["role"]) for r in rows] == expected


def test_onet_similar_ranks_by_level_distance(files: list[str]) -> None:
    levels = _onet_levels()
    titles = {
        r["O*NET-SOC Code"]: r["Title"]
        for r in _table(HERE / "data" / "onet" / "Occupation Data.txt", "\t")
    }
    me = levels["15-1299.09"]
    expected = sorted(
        (
            (round(1 - _rms(me, lv) / 7, 3), titles[c])
            for c, lv in levels.items()
            if c != "15-1299.09" and lv
        ),
        key=lambda x: (-x[0], x[1].lower()),
    )[:3]
    rows, _ = _json(["similar", "15-1299.09", "--top", "3", *files])
    assert [(r["score"], r["role"]) for r in rows] == expected


# -- next and path ---------------------------------------------------------------------------


def test_onet_next_ranks_related_occupations_by_overlap(files: list[str]) -> None:
    related = [
        r
        for r in _table(HERE / "data" / "onet" / "Related Occupations.txt", "\t")
        if r["O*NET-SOC Code"] == "15-1299.09"
    ]
    levels = _onet_levels()
    me = levels["15-1299.09"]
    rated = sorted(
        (
            (round(1 - _rms(me, levels[r["Related O*NET-SOC Code"]]) / 7, 3), r["Related Title"])
            for r in related
            if levels.get(r["Related O*NET-SOC Code"])
        ),
        key=lambda x: (-x[0], x[1]),
    )
    rows, _ = _json(["next", "Information Technology Project Managers", *files])
    assert len(rows) == len(related) == 20
    assert [(r["score"], r["role"]) for r in rows[: len(rated)]] == rated
    assert all(r["score"] == "" for r in rows[len(rated) :]), "unrated moves come last, unscored"
    ranks = {r["Related Title"]: f"related {r['Index']}" for r in related}
    assert all(r["move"] == ranks[str(r["role"])] for r in rows)


def test_esco_next_follows_broader_narrower_and_isco_neighbours(files: list[str]) -> None:
    occupations = {r["conceptUri"]: r for r in _table(ESCO / "en" / "occupations_en.csv")}
    policy = _by_label("policy manager")
    expected: dict[str, str] = {}
    for r in _table(ESCO / "relations" / "broaderRelationsOccPillar.csv"):
        if (
            r["broaderType"] == "Occupation"
            and r["broaderUri"] == policy
            and r["conceptUri"] in occupations
        ):
            expected[occupations[r["conceptUri"]]["preferredLabel"]] = "narrower"
        if r["broaderType"] == "Occupation" and r["conceptUri"] == policy:
            expected[occupations[r["broaderUri"]]["preferredLabel"]] = "broader"
    for uri, r in occupations.items():
        if uri != policy and r["iscoGroup"] == occupations[policy]["iscoGroup"]:
            expected.setdefault(r["preferredLabel"], "same ISCO group")
    rows, _ = _json(["next", "policy manager", *files])
    assert {str(r["role"]): str(r["move"]) for r in rows} == expected
    needs = _esco_needs()
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    for r in rows:
        other = next(u for u, o in occupations.items() if o["preferredLabel"] == r["role"])
        assert r["score"] == round(_weighted_jaccard(needs[policy], needs.get(other, {})), 3)


def test_path_bounds_each_step(files: list[str]) -> None:
    rows, stderr = _json(["path", "15-1299.09", "11-3021.00", *files])
    assert [r["role"] for r in rows] == [
        "Information Technology Project Managers",
        "Computer and Information Systems Managers",
    ]
    levels = _onet_levels()
    cost = round(_rms(levels["15-1299.09"], levels["11-3021.00"]) / 7, 3)
    assert rows[1]["cost"] == cost
    code, stdout, _ = _run(["path", "15-1299.09", "11-3021.00", "--max-cost", "0.01", *files])
    assert code == 0
    assert stdout.startswith("no route of moves from Information Technology Project Managers")


def test_the_profile_cache_gives_the_same_profiles(files: list[str], tmp_path: Path) -> None:
    from pmograph.cli.taxonomy import _parsed
    from pmograph.taxonomy.build import build, profiles
    from pmograph.taxonomy.compare import gap, similar
    from pmograph.taxonomy.profiles import cached

    data = files[1::2]
    fresh = build(_parsed(data))
    assert cached(data) is None
    profiles(_parsed(data), data)  # builds and writes the cache
    again = cached(data)
    assert again is not None
    assert dict(again.needs) == fresh.needs and dict(again.moves) == fresh.moves
    assert again.labels == fresh.labels and again.aligned == fresh.aligned
    assert {k: again.names[k] for k in fresh.names} == fresh.names
    ict = ID + "esco/occupation/8b6388a4-4904-471b-9331-d3b1211f5525"
    assert similar(again, ict) == similar(fresh, ict)
    pm = ID + "esco/occupation/bea99fea-0383-4c63-b944-70d4799de2c5"
    assert gap(again, again.needs[pm], again.needs[ict]) == gap(
        fresh, fresh.needs[pm], fresh.needs[ict]
    )
    Path(data[0]).touch()  # a changed file gives a new key
    assert cached(data) is None


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_profiles_from_the_parser_match_profiles_from_a_loaded_store(
    files: list[str], store: str
) -> None:
    """The cold path (quads streamed from the parser, no store) against the plain path (the
    full load, entailment included, on either store): the same profiles."""
    from pmograph.cli.taxonomy import _parsed
    from pmograph.kg import load
    from pmograph.taxonomy.build import build

    data = files[1::2]
    fast = build(_parsed(data))
    plain = build(load(data, store=store))
    assert fast.needs == plain.needs and fast.moves == plain.moves
    assert fast.labels == plain.labels and fast.aligned == plain.aligned
    assert fast.knowledge == plain.knowledge and fast.group == plain.group
    assert fast.roles == plain.roles and fast.notations == plain.notations
    assert {k: sorted(v) for k, v in fast.names.items()} == {
        k: sorted(v) for k, v in plain.names.items()
    }
    assert len(fast.needs) > 10 and any(fast.moves.values())


def _labels_by_language() -> dict[str, tuple[str, str]]:
    """ESCO occupation (pmograph IRI) -> (English, French) preferred label, from the excerpt."""
    en = _esco_occupations()
    fr = {r["conceptUri"]: r["preferredLabel"] for r in _table(ESCO / "fr" / "occupations_fr.csv")}
    return {
        ID + "esco/occupation/" + uri.rsplit("/", 1)[1]: (en[uri], fr[uri])
        for uri in en
        if uri in fr and en[uri] != fr[uri]
    }


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("language", ["", "en", "fr"])
def test_labels_are_english_unless_another_language_is_asked_for(
    files: list[str], store: str, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmograph.cli.taxonomy import load_profiles
    from pmograph.kg import load

    monkeypatch.setenv("PMOGRAPH_LANGUAGE", language)
    expected = _labels_by_language()
    assert len(expected) >= 10
    kg = load(files[1::2], store=store)
    profiles = load_profiles(files[1::2])
    pick = 1 if language == "fr" else 0
    for iri, labels in expected.items():
        assert kg.label(iri) == labels[pick]
        assert profiles.label(iri) == labels[pick]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_index_quads_give_each_label_its_language(files: list[str], store: str) -> None:
    from pmograph.kg import load

    expected = _labels_by_language()
    kg = load(files[1::2], store=store)
    pref = "http://www.w3.org/2004/02/skos/core#prefLabel"
    seen = {
        (s, o, lang)
        for s, p, o, _, lang in kg.store.index_quads(frozenset([pref]), "urn:x:none:", "")
        if s in expected
    }
    assert seen == {(iri, en, "en") for iri, (en, _) in expected.items()} | {
        (iri, fr, "fr") for iri, (_, fr) in expected.items()
    }


def test_a_french_name_finds_the_occupation_and_answers_in_english(files: list[str]) -> None:
    needs = _esco_needs()
    named = {
        iri: labels
        for iri, labels in sorted(_labels_by_language().items())
        if OCC + iri.rsplit("/", 1)[1] in needs
    }
    (a, (en_a, fr_a)), (b, (en_b, _)) = list(named.items())[:2]
    rows, stderr = _json(["gap", fr_a, en_b, *files])
    assert rows == _json(["gap", en_a, en_b, *files])[0]
    assert f"from {en_a} to {en_b}" in stderr
    rows, _ = _json(["similar", fr_a, *files])
    assert rows and all(r["iri"] != a for r in rows)
    english = {lab for lab, _ in _labels_by_language().values()}
    french = {lab for _, lab in _labels_by_language().values()}
    assert {r["role"] for r in rows} & english and not {r["role"] for r in rows} & french


# -- rank on the move graph -------------------------------------------------------------------


def _esco_degrees() -> dict[str, int]:
    """ESCO occupation (pmograph IRI) -> distinct skills it requires plus distinct occupations
    it is broader or narrower than, from the excerpt files."""
    known = _esco_occupations()
    skills = {r["conceptUri"] for r in _table(ESCO / "en" / "skills_en.csv")}
    neighbours: dict[str, set[str]] = {u: set() for u in known}
    for occ, needs in _esco_needs().items():
        neighbours[occ] |= {s for s in needs if s in skills}
    for r in _table(ESCO / "relations" / "broaderRelationsOccPillar.csv"):
        a, b = r["conceptUri"], r["broaderUri"]
        if a in known and b in known and a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    return {ID + "esco/occupation/" + u.rsplit("/", 1)[1]: len(n) for u, n in neighbours.items()}


def test_rank_on_esco_occupations_counts_their_skills_and_moves(files: list[str]) -> None:
    rows, _ = _json(["rank", "--types", "role", "--top", "0", *files])
    found = {str(r["iri"]): r["score"] for r in rows}
    expected = _esco_degrees()
    assert {k: found[k] for k in expected} == expected
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert {r["type"] for r in rows} == {"role"}


def test_rank_links_onet_occupations_as_onet_relates_them(files: list[str]) -> None:
    from pmograph.cli.taxonomy import load_profiles
    from pmograph.taxonomy.rank import move_graph

    onet = HERE / "data" / "onet"
    known = {r["O*NET-SOC Code"] for r in _table(onet / "Occupation Data.txt", "\t")}
    expected: set[tuple[str, str]] = {
        (r["O*NET-SOC Code"], r["Related O*NET-SOC Code"])
        for r in _table(onet / "Related Occupations.txt", "\t")
        if r["Related O*NET-SOC Code"] in known and r["O*NET-SOC Code"] in known
    }
    G = move_graph(load_profiles(files[1::2]))
    prefix = ID + "onet/occupation/"
    found = {
        (u[len(prefix) :], v[len(prefix) :])
        for u, v, kind in G.edges(data="property")
        if kind == "relatedOccupation"
    }
    assert found == expected and expected


def test_rank_with_imports_keeps_the_packaged_qualifications_ranking(files: list[str]) -> None:
    packaged, _ = _json(["rank", "--types", "qualification", "--top", "0"])
    with_imports, _ = _json(["rank", "--types", "qualification", "--top", "0", *files])
    assert with_imports == packaged and packaged


@pytest.mark.parametrize("by", ["degree", "betweenness", "pagerank"])
def test_rank_on_the_move_graph_agrees_with_networkx_on_the_same_edges(
    files: list[str], by: str
) -> None:
    """Every measure is networkx's on the move graph's edges (a graph rebuilt here from the
    excerpt files' relations would differ only by the packaged data, which the other tests pin)."""
    import networkx as nx

    from pmograph.cli.taxonomy import load_profiles
    from pmograph.taxonomy.rank import move_graph

    G = move_graph(load_profiles(files[1::2]))
    H = nx.Graph((u, v) for u, v in G.edges() if u != v)
    H.add_nodes_from(G)
    if by == "degree":
        expected = dict(H.degree())
    elif by == "betweenness":
        expected = nx.betweenness_centrality(H)  # exact: --samples below is over the node count
    else:
        D = nx.DiGraph((u, v) for u, v in G.edges() if u != v)
        D.add_nodes_from(G)
        expected = nx.pagerank(D)
    exact = ["--samples", str(len(H) + 1)] if by == "betweenness" else []
    rows, _ = _json(["rank", "--by", by, "--types", "role", "--top", "5", *exact, *files])
    assert len(rows) == 5
    top = sorted((v for n, v in expected.items() if G.nodes[n]["cls"] == "role"), reverse=True)
    assert [r["score"] for r in rows] == pytest.approx(top[:5], abs=1e-6)
    for r in rows:
        assert r["score"] == pytest.approx(expected[str(r["iri"])], abs=1e-6)


def test_a_typo_with_large_imports_is_answered_without_loading_the_graph(
    files: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large imports (cached profiles): an unknown name is reported from the profiles, with
    close matches, instead of loading the whole graph only to say so."""
    import pmograph.kg
    from pmograph.stores import cache

    monkeypatch.setattr(cache, "AUTO_MIN_BYTES", 0)

    def no_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the graph was loaded")

    monkeypatch.setattr(pmograph.kg, "load", no_load)
    for args in (
        ["gap", "ICT projet manager", "project manager"],
        ["next", "ICT projet manager"],
        ["path", "project manager", "ICT projet manager"],
    ):
        code, _, stderr = _run([*args, *files])
        assert code == 2
        assert stderr == (
            "Error: no role is called 'ICT projet manager'; did you mean: ICT project manager, "
            "project manager?\n"
        )
    rows, _ = _json(["gap", "role/project-manager", "ICT project manager", *files])
    assert rows  # a name relative to pmograph's ids resolves too


SHARED = Path("/work/shared/datasets")


@pytest.mark.skipif(not (SHARED / "esco-1.1.1").is_dir(), reason="../shared/datasets is not here")
@pytest.mark.fulldata
def test_full_esco_and_onet_profiles_from_the_parser_match_the_files(tmp_path: Path) -> None:
    """The cold path at full size: every ESCO occupation-skill relation between described
    concepts, every O*NET occupation with a Level rating, every English label."""
    from pmograph.cli.taxonomy import _parsed
    from pmograph.taxonomy.build import build

    src = SHARED / "esco-1.1.1"
    import_esco([src / "en", src / "fr", src / "relations"], tmp_path / "esco.trig")
    import_onet([SHARED / "onet-30", SHARED / "onet-29-skills"], tmp_path / "onet.trig")
    p = build(_parsed([str(tmp_path / "esco.trig"), str(tmp_path / "onet.trig")]))
    occupations = {r["conceptUri"]: r for r in _table(src / "en" / "occupations_en.csv")}
    skills = {r["conceptUri"] for r in _table(src / "en" / "skills_en.csv")}
    expected = {
        (r["occupationUri"].rsplit("/", 1)[1], r["skillUri"].rsplit("/", 1)[1], r["relationType"])
        for r in _table(src / "relations" / "occupationSkillRelations.csv")
        if r["occupationUri"] in occupations and r["skillUri"] in skills
    }
    esco = ID + "esco/occupation/"
    found = {
        (role[len(esco) :], skill.rsplit("/", 1)[1], "essential" if need[0] else "optional")
        for role, needs in p.needs.items()
        if role.startswith(esco)
        for skill, need in needs.items()
    }
    assert found == expected and len(expected) > 123_000
    assert all(
        p.label(esco + u.rsplit("/", 1)[1]) == r["preferredLabel"].strip()
        for u, r in occupations.items()
    )
    rated = {
        r["O*NET-SOC Code"]
        for r in _table(SHARED / "onet-29-skills" / "Skills.txt", "\t")
        if r["Scale ID"] == "LV" and r["Recommend Suppress"] != "Y" and r["Not Relevant"] != "Y"
    }
    onet = ID + "onet/occupation/"
    assert {r[len(onet) :] for r in p.needs if r.startswith(onet) and p.rated(r)} == rated
