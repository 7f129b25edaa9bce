"""pmograph.viz and ``pmograph viz``: the page's content, subsets, safety and determinism.

What the page does in a browser is tested in test_viz_browser.py; here the
generated HTML is read as text and as JSON.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import subprocess
import sys
import webbrowser
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from vizkit import CAREERS, ID, IMG, LADDER, SCRIPT, json_block, load_text

import pmograph
from pmograph import viz
from pmograph.cli import cli
from pmograph.errors import InputError, OutputError, UnknownResource

# For the command line, which always adds the packaged graph: labels of their own.
ZETA = """\
@prefix pmg:   <https://w3id.org/pmograph/ns#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix role:  <https://w3id.org/pmograph/id/role/> .
@prefix skill: <https://w3id.org/pmograph/id/skill/> .
<https://w3id.org/pmograph/id/graph/test/zeta> {
    role:zeta-assistant a pmg:Role ; skos:prefLabel "Zeta Assistant"@en ;
        skos:altLabel "Zeta Chef ü"@fr ; pmg:progressesTo role:zeta-lead .
    role:zeta-lead a pmg:Role ; skos:prefLabel "Zeta Lead"@en ;
        pmg:progressesTo role:zeta-director ; pmg:requiresEssentialSkill skill:zeta-planning .
    role:zeta-director a pmg:Role ; skos:prefLabel "Zeta Director"@en .
    role:zeta-observer a pmg:Role ; skos:prefLabel "Zeta Observer"@en ;
        pmg:relatedRole role:zeta-lead .
    skill:zeta-planning a pmg:Skill ; skos:prefLabel "Zeta Planning"@en .
}
"""


def _write(tmp_path: Path, text: str, name: str = "ladder.trig") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ladder_file(tmp_path: Path) -> Path:
    return _write(tmp_path, LADDER)


@pytest.fixture
def kg(ladder_file: Path) -> Any:
    return pmograph.load([ladder_file], packaged=False)


_json_block = json_block


def _nodes(page: str) -> dict[str, dict[str, Any]]:
    return {n["iri"]: n for n in _json_block(page, "nodes")}


def _without_library(page: str) -> str:
    """The page minus vis-network's inlined JavaScript (the first script element)."""
    start = page.index("<script>") + len("<script>")
    return page[:start] + page[page.index("</script>", start) :]


def _labels(page: str) -> set[str]:
    return {n["label"] for n in _json_block(page, "nodes")}


class _Refs(HTMLParser):
    """Every tag, and every src/href/action attribute, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data") and value is not None:
                self.refs.append((tag, name, value))


# -- the page -------------------------------------------------------------------
class TestPage:
    def test_draws_every_node_and_edge_of_the_graph(self, kg: Any) -> None:
        page = viz.render(kg)
        graph = kg.to_networkx()
        assert (page.nodes, page.edges, page.omitted) == (8, 8, 0)
        nodes = _nodes(page.html)
        assert set(nodes) == set(graph.nodes)
        edges = _json_block(page.html, "edges")
        iri = {n["id"]: n["iri"] for n in nodes.values()}
        drawn = sorted((iri[e["from"]], iri[e["to"]], e["label"]) for e in edges)
        assert drawn == sorted((u, v, k) for u, v, k in graph.edges(keys=True))

    def test_nodes_carry_class_definition_alt_titles_and_sources(self, kg: Any) -> None:
        nodes = _nodes(viz.render(kg).html)
        coordinator = nodes[ID + "role/coordinator"]
        assert coordinator["label"] == "Project Coordinator"
        assert coordinator["group"] == "role"
        assert coordinator["definition"] == "Keeps a project's plans, logs and meetings in order."
        assert coordinator["altLabels"] == ["Project Administrator"]
        assert coordinator["sources"] == [
            {
                "title": "Test ladder",
                "from": "Test source",
                "quotes": ["Coordinators become project managers."],
            }
        ]
        assert nodes[ID + "certification/pmp"]["group"] == "certification"
        # a graph without a description still names itself as the source
        assert nodes[ID + "skill/budgeting"]["sources"] == [{"title": ID + "graph/test/solo"}]

    def test_inferred_triples_are_not_a_source(self, ladder_file: Path) -> None:
        reasoned = pmograph.load([ladder_file], packaged=False, reason=True)
        nodes = _nodes(viz.render(reasoned).html)
        assert all(
            s["title"] != ID + "graph/inferred"
            for n in nodes.values()
            for s in n.get("sources", [])
        )
        assert nodes[ID + "role/coordinator"]["sources"][0]["title"] == "Test ladder"

    def test_node_size_grows_with_degree(self, kg: Any) -> None:
        nodes = _nodes(viz.render(kg).html)
        assert nodes[ID + "role/pm"]["size"] > nodes[ID + "role/coordinator"]["size"]
        assert nodes[ID + "role/coordinator"]["size"] > nodes[ID + "skill/budgeting"]["size"]

    def test_progression_edges_stand_out(self, kg: Any) -> None:
        edges = _json_block(viz.render(kg).html, "edges")
        steps = [e for e in edges if e["property"] == "progressesTo"]
        others = [e for e in edges if e["property"] != "progressesTo"]
        assert len(steps) == 2 and others
        assert all(e["width"] == 3 and e["font"]["bold"] for e in steps)
        assert all("width" not in e for e in others)
        options = _json_block(viz.render(kg).html, "options")["vis"]
        assert options["edges"]["arrows"]["to"]["enabled"] is True
        assert options["physics"]["enabled"] is False

    def test_legend_lists_the_classes_present_with_counts(self, kg: Any) -> None:
        meta = _json_block(viz.render(kg).html, "options")["page"]
        assert [(c["cls"], c["count"]) for c in meta["classes"]] == [
            ("role", 4),
            ("skill", 3),
            ("certification", 1),
        ]
        assert {c["shape"] for c in meta["classes"]} == {"dot", "diamond", "star"}

    def test_every_node_has_a_finite_position(self, kg: Any) -> None:
        for node in _nodes(viz.render(kg).html).values():
            assert math.isfinite(node["x"]) and math.isfinite(node["y"])


class TestOffline:
    def test_no_reference_leaves_the_file(self, kg: Any) -> None:
        page = viz.render(kg).html
        parser = _Refs()
        parser.feed(page)
        assert [r for r in parser.refs if not r[2].startswith("data:")] == []
        assert "bootstrap" not in page.lower()
        assert "cdnjs" not in page and "jsdelivr" not in page
        assert '<link rel="stylesheet"' not in page

    def test_vis_network_is_inlined(self, kg: Any) -> None:
        page = viz.render(kg).html
        assert "vis-network" in page and len(page) > 400_000
        assert page.startswith("<!DOCTYPE html>")

    def test_content_security_policy_admits_only_the_page_scripts(self, kg: Any) -> None:
        page = viz.render(kg).html
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
        assert policy is not None
        assert "default-src 'none'" in policy.group(1)
        scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
        assert len(scripts) == 2  # vis-network and pmograph's own
        for script in scripts:
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in policy.group(1)
        assert "unsafe-inline" not in policy.group(1).split("script-src")[1].split(";")[0]


class TestSafety:
    @pytest.fixture
    def hostile(self, tmp_path: Path) -> Any:
        definition = json.dumps(SCRIPT + " & " + IMG + " \u2028 line")
        text = f"""\
@prefix pmg:  <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix role: <https://w3id.org/pmograph/id/role/> .
<https://w3id.org/pmograph/id/graph/test/x> {{
    role:a a pmg:Role ; skos:prefLabel {json.dumps(IMG)}@en ;
        skos:altLabel {json.dumps(SCRIPT)}@en ;
        skos:definition {definition}@en ;
        pmg:progressesTo role:b .
    role:b a pmg:Role ; skos:prefLabel {json.dumps(SCRIPT)}@en ;
        skos:definition {json.dumps(IMG)}@en .
}}
<https://w3id.org/pmograph/id/graph/test/x> prov:wasDerivedFrom role:a ;
    pmg:quote {json.dumps(SCRIPT + IMG)}@en .
"""
        return pmograph.load([_write(tmp_path, text, "hostile.trig")], packaged=False)

    def test_data_never_appears_as_markup(self, hostile: Any) -> None:
        page = viz.render(hostile, title=IMG).html
        assert IMG not in page and SCRIPT not in page
        assert "<img" not in page
        assert _without_library(page).count("</script>") == _without_library(page).count("<script")
        for name in ("nodes", "edges", "options"):
            block = re.search(
                rf'<script id="pmg-{name}" type="application/json">(.*?)</script>', page, re.DOTALL
            )
            assert block is not None
            assert "<" not in block.group(1) and "&" not in block.group(1)
            assert "\u2028" not in block.group(1)
        parser = _Refs()
        parser.feed(page)
        assert "img" not in parser.tags

    def test_data_survives_intact_as_json(self, hostile: Any) -> None:
        nodes = _nodes(viz.render(hostile).html)
        a = nodes[ID + "role/a"]
        assert a["label"] == IMG
        assert a["altLabels"] == [SCRIPT]
        assert a["definition"] == SCRIPT + " & " + IMG + " \u2028 line"
        assert a["sources"][0]["quotes"] == [SCRIPT + IMG]
        assert nodes[ID + "role/b"]["label"] == SCRIPT

    def test_heading_is_escaped(self, hostile: Any) -> None:
        page = viz.render(hostile, title=IMG).html
        assert f"<h1>{html.escape(IMG)}</h1>" in page
        assert f"<title>{html.escape(IMG)}</title>" in page

    def test_focus_heading_with_hostile_label_is_escaped(self, hostile: Any) -> None:
        page = viz.render(hostile, focus=ID + "role/a").html
        assert "<h1>pmograph: around &lt;img src=x onerror=alert(1)&gt; (1 step)</h1>" in page

    def test_pyvis_link_popup_is_never_switched_on(self, tmp_path: Path) -> None:
        # pyvis renders titles with innerHTML when one contains "href"
        text = """\
@prefix pmg:  <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/pmograph/id/graph/test/h> {
    <https://w3id.org/pmograph/id/role/h> a pmg:Role ;
        skos:prefLabel "<a href=javascript:alert(1)>href</a>"@en ;
        skos:definition "href"@en .
}
"""
        kg = pmograph.load([_write(tmp_path, text, "href.trig")], packaged=False)
        page = viz.render(kg).html
        assert "innerHTML" not in page.split("vis-network.min.js")[-1].split("</script>", 2)[-1]
        assert "popup.innerHTML" not in page
        assert "title" not in _json_block(page, "nodes")[0]


class TestDeterminism:
    def test_same_graph_same_bytes(self, kg: Any) -> None:
        assert viz.render(kg).html == viz.render(kg).html

    def test_same_bytes_across_processes_and_hash_seeds(
        self, ladder_file: Path, tmp_path: Path
    ) -> None:
        outputs = []
        for seed in ("1", "2"):
            out = tmp_path / f"page{seed}.html"
            code = (
                "import sys, pmograph; "
                "pmograph.load([sys.argv[1]], packaged=False).to_html(sys.argv[2])"
            )
            env = {**os.environ, "PYTHONHASHSEED": seed}
            subprocess.run(
                [sys.executable, "-c", code, str(ladder_file), str(out)], check=True, env=env
            )
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1]

    def test_no_random_ids_or_timestamps(self, kg: Any) -> None:
        page = _without_library(viz.render(kg).html)
        assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", page)
        assert not re.search(r"20[0-9]{2}-[01][0-9]-[0-3][0-9]", page)
        assert [n["id"] for n in _json_block(page, "nodes")] == list(range(8))
        assert [e["id"] for e in _json_block(page, "edges")] == list(range(8))

    def test_seed_changes_the_layout(self, kg: Any) -> None:
        a = _nodes(viz.render(kg, seed=0).html)
        b = _nodes(viz.render(kg, seed=1).html)
        assert [(n["x"], n["y"]) for n in a.values()] != [(n["x"], n["y"]) for n in b.values()]


# -- subsets --------------------------------------------------------------------
class TestFocus:
    def test_depth_one_is_the_neighbourhood_in_both_directions(self, kg: Any) -> None:
        page = viz.render(kg, focus="Project Manager")
        assert _labels(page.html) == {
            "Project Manager",
            "Project Coordinator",
            "Programme Manager",
            "PMO Analyst",
            "Planning",
            "Leadership",
            "Project Management Professional",
        }
        meta = _json_block(page.html, "options")["page"]
        assert _json_block(page.html, "nodes")[meta["focus"]]["label"] == "Project Manager"

    def test_depth_zero_is_the_role_alone(self, kg: Any) -> None:
        assert _labels(viz.render(kg, focus="pm", depth=0).html) == {"Project Manager"}

    def test_alternative_title_and_other_classes_are_found(self, kg: Any) -> None:
        assert "Programme Manager" in _labels(viz.render(kg, focus="program manager").html)
        assert _labels(viz.render(kg, focus="Budgeting").html) == {"Budgeting"}

    def test_unknown_focus_suggests_close_roles(self, kg: Any) -> None:
        with pytest.raises(
            UnknownResource, match=r"(?i)no role is called 'Projet Manager'.*project manager"
        ):
            viz.render(kg, focus="Projet Manager")

    def test_negative_depth(self, kg: Any) -> None:
        with pytest.raises(InputError, match="depth must be 0 or more, not -1"):
            viz.render(kg, focus="PM", depth=-1)

    def test_focus_outside_the_chosen_types(self, kg: Any) -> None:
        with pytest.raises(InputError, match="'Planning' is not among the nodes drawn"):
            viz.render(kg, focus="Planning", types=["role"])


class TestTypes:
    def test_only_the_chosen_classes(self, kg: Any) -> None:
        page = viz.render(kg, types=["skill"])
        assert _labels(page.html) == {"Planning", "Leadership", "Budgeting"}
        assert page.edges == 0

    def test_comma_separated_string(self, kg: Any) -> None:
        page = viz.render(kg, types="role, skill")
        assert page.nodes == 7

    def test_qualification_includes_certifications(self, kg: Any) -> None:
        assert _labels(viz.render(kg, types=["qualification"]).html) == {
            "Project Management Professional"
        }

    def test_unknown_type(self, kg: Any) -> None:
        with pytest.raises(InputError, match=r"unknown type 'roles'; use some of: role, unit"):
            viz.render(kg, types=["roles"])

    def test_nothing_matches(self, kg: Any) -> None:
        page = viz.render(kg, types=["level"])
        assert (page.nodes, page.edges) == (0, 0)
        assert _json_block(page.html, "nodes") == []


class TestCareerPath:
    def test_path_is_highlighted(self, kg: Any) -> None:
        page = viz.render(kg, career_path=("Project Coordinator", "Program Manager"))
        assert page.career_path == ["Project Coordinator", "Project Manager", "Programme Manager"]
        nodes = _json_block(page.html, "nodes")
        meta = _json_block(page.html, "options")["page"]
        assert [nodes[i]["label"] for i in meta["path"]] == page.career_path
        assert page.nodes == 8  # the whole graph, path highlighted

    def test_path_nodes_are_added_to_a_subset(self, kg: Any) -> None:
        page = viz.render(kg, types=["skill"], career_path=("Project Coordinator", "PM"))
        labels = _labels(page.html)
        assert {"Project Coordinator", "Project Manager", "Planning"} <= labels
        steps = [e for e in _json_block(page.html, "edges") if e["property"] == "progressesTo"]
        assert len(steps) == 1

    def test_no_path(self, kg: Any) -> None:
        with pytest.raises(
            InputError,
            match="no career path leads from 'Programme Manager' to 'Project Coordinator'",
        ):
            viz.render(kg, career_path=("Programme Manager", "Project Coordinator"))

    def test_needs_two_roles(self, kg: Any) -> None:
        with pytest.raises(InputError, match=r"career_path takes two roles: \(FROM, TO\)"):
            viz.render(kg, career_path=("PM",))


class TestMaxNodes:
    def test_keeps_the_most_connected_and_counts_the_rest(self, kg: Any) -> None:
        page = viz.render(kg, max_nodes=3)
        assert (page.nodes, page.omitted) == (3, 5)
        # Project Manager (degree 6), then two of the five nodes of degree 2, roles first
        assert _labels(page.html) == {"Project Manager", "Programme Manager", "Project Coordinator"}
        meta = _json_block(page.html, "options")["page"]
        assert (meta["omitted"], meta["maxNodes"]) == (5, 3)

    def test_focus_and_path_are_always_kept(self, kg: Any) -> None:
        page = viz.render(kg, max_nodes=1, career_path=("Project Coordinator", "Programme Manager"))
        assert _labels(page.html) == {"Project Coordinator", "Project Manager", "Programme Manager"}
        assert page.omitted == 5

    def test_no_limit(self, kg: Any) -> None:
        assert viz.render(kg, max_nodes=None).omitted == 0

    def test_bad_limit(self, kg: Any) -> None:
        with pytest.raises(InputError, match="max_nodes must be 1 or more, not 0"):
            viz.render(kg, max_nodes=0)


class TestQuery:
    def test_construct_chooses_the_subgraph(self, kg: Any, tmp_path: Path) -> None:
        rq = _write(
            tmp_path,
            "CONSTRUCT { ?a pmg:progressesTo ?b } WHERE { ?a pmg:progressesTo ?b }",
            "ladder.rq",
        )
        page = viz.render(kg, query=rq)
        assert _labels(page.html) == {"Project Coordinator", "Project Manager", "Programme Manager"}
        assert page.edges == 2

    def test_query_text(self, kg: Any) -> None:
        page = viz.render(
            kg, sparql="CONSTRUCT { ?r a pmg:Role } WHERE { ?r pmg:requiresEssentialSkill ?s }"
        )
        assert _labels(page.html) == {"Project Coordinator", "Project Manager", "Programme Manager"}
        assert page.edges == 0

    def test_empty_result_is_an_error_not_the_whole_graph(self, kg: Any) -> None:
        with pytest.raises(InputError, match="query: the CONSTRUCT query chose no resources"):
            viz.render(kg, sparql="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER (1 = 2) }")

    def test_select_is_refused(self, kg: Any, tmp_path: Path) -> None:
        rq = _write(tmp_path, "SELECT ?s WHERE { ?s ?p ?o }", "select.rq")
        with pytest.raises(InputError, match="select.rq: the query must be a CONSTRUCT query"):
            viz.render(kg, query=rq)

    def test_missing_file(self, kg: Any, tmp_path: Path) -> None:
        with pytest.raises(InputError, match="nope.rq: query file not found"):
            viz.render(kg, query=tmp_path / "nope.rq")

    def test_both_forms(self, kg: Any, tmp_path: Path) -> None:
        with pytest.raises(InputError, match="either a query file or query text"):
            viz.render(kg, query=tmp_path / "a.rq", sparql="CONSTRUCT {} WHERE {}")


# -- writing ---------------------------------------------------------------------
class TestToHtml:
    def test_returns_the_page_without_a_path(self, kg: Any) -> None:
        page = kg.to_html()
        assert isinstance(page, str) and page == viz.render(kg).html

    def test_writes_utf8_and_returns_the_path(self, kg: Any, tmp_path: Path) -> None:
        out = tmp_path / "page.html"
        assert kg.to_html(out) == out
        text = out.read_bytes().decode("utf-8")
        assert "Chef de projet ü" in text

    def test_write_failure_leaves_the_file(self, kg: Any, tmp_path: Path) -> None:
        with pytest.raises(OutputError, match="folder .* does not exist"):
            kg.to_html(tmp_path / "missing" / "page.html")

    def test_show_puts_the_page_in_an_escaped_iframe(self, kg: Any) -> None:
        shown = kg.show(types=["role"], height=400)
        match = re.fullmatch(
            r'<div [^>]*><iframe srcdoc="([^"]*)" style="[^"]*height: 400px;[^"]*" (.*)', shown.data
        )
        assert match is not None
        assert html.unescape(match.group(1)) == viz.render(kg, types=["role"]).html
        assert 'sandbox="allow-scripts allow-downloads"' in match.group(2)


class TestLayout:
    def test_empty_and_single(self) -> None:
        assert viz.layout(0, []) == []
        assert viz.layout(1, []) == [(0.0, 0.0)]

    @pytest.mark.parametrize("n", [30, 1200])
    def test_linked_nodes_are_closer_than_unlinked_ones(self, n: int) -> None:
        # a ring of cliques of 3, each clique linked to the next: exact and grid variants
        edges = [(i, i + 1) for i in range(0, n, 3)] + [(i + 1, i + 2) for i in range(0, n, 3)]
        edges += [(i, (i + 3) % n) for i in range(0, n, 3)]
        pos = viz.layout(n, edges)
        assert len(pos) == n and all(math.isfinite(c) for p in pos for c in p)

        def dist(a: int, b: int) -> float:
            return math.dist(pos[a], pos[b])

        linked = sum(dist(a, b) for a, b in edges) / len(edges)
        pairs = [(i, (i * 7 + n // 2) % n) for i in range(n)]
        apart = sum(dist(a, b) for a, b in pairs) / len(pairs)
        assert linked * 3 < apart
        assert min(dist(a, b) for a, b in edges) > 1.0

    def test_components_do_not_overlap(self) -> None:
        pos = viz.layout(6, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)])

        def box(nodes: list[int]) -> tuple[float, float, float, float]:
            xs = [pos[i][0] for i in nodes]
            ys = [pos[i][1] for i in nodes]
            return min(xs), min(ys), max(xs), max(ys)

        a, b = box([0, 1, 2]), box([3, 4, 5])
        assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]

    def test_deterministic(self) -> None:
        edges = [(i, (i * 5 + 1) % 700) for i in range(700)]
        assert viz.layout(700, edges) == viz.layout(700, edges)


# -- the packaged graph -----------------------------------------------------------
class TestPackagedGraph:
    def test_default_page_draws_the_whole_graph(self) -> None:
        kg = pmograph.load()
        page = viz.render(kg)
        graph = kg.to_networkx()
        assert (page.nodes, page.edges) == (graph.number_of_nodes(), graph.number_of_edges())
        assert page.nodes > 50

    def test_career_path_after_project_manager(self) -> None:
        kg = pmograph.load()
        page = viz.render(kg, career_path=("Project Manager", "Portfolio Manager"))
        # the FAQ: project manager -> (senior or programme manager) -> portfolio manager
        assert len(page.career_path) == 3
        assert page.career_path[0] == "Project Manager"
        assert page.career_path[-1] == "Portfolio Manager"
        assert page.career_path == kg.path("Project Manager", "Portfolio Manager").labels


# -- the command line --------------------------------------------------------------
class TestCli:
    @pytest.fixture
    def ladder_file(self, tmp_path: Path) -> Path:
        return _write(tmp_path, ZETA, "zeta.trig")

    def test_default_output_in_the_current_folder(
        self, ladder_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        work = tmp_path / "work"
        work.mkdir()
        monkeypatch.chdir(work)
        result = CliRunner().invoke(cli, ["viz", "--data", str(ladder_file)])
        assert result.exit_code == 0, result.output
        written = work / "pmograph.html"
        assert result.stdout == f"{written.resolve()}\n"
        assert "nodes, " in result.stderr and "edges drawn" in result.stderr
        assert sorted(p.name for p in work.iterdir()) == ["pmograph.html"]  # no lib/ folder
        assert "Zeta Assistant" in written.read_text(encoding="utf-8")

    def test_options_reach_the_page(self, ladder_file: Path, tmp_path: Path) -> None:
        out = tmp_path / "focus.html"
        result = CliRunner().invoke(
            cli,
            [
                "viz",
                "--data",
                str(ladder_file),
                "-o",
                str(out),
                "--focus",
                "Zeta Lead",
                "--depth",
                "0",
            ],
        )
        assert result.exit_code == 0, result.output
        assert _labels(out.read_text(encoding="utf-8")) == {"Zeta Lead"}

    def test_path_and_limit_are_reported(self, ladder_file: Path, tmp_path: Path) -> None:
        out = tmp_path / "path.html"
        args = ["viz", "--data", str(ladder_file), "-o", str(out), "--max-nodes", "3"]
        args += ["--path", "Zeta Assistant", "Zeta Director", "--types", "role,skill"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert re.search(
            r"^\d+ nodes not shown \(--max-nodes 3 keeps the most connected\)$", result.stderr, re.M
        )
        assert "career path: Zeta Assistant -> Zeta Lead -> Zeta Director" in result.stderr
        assert _labels(out.read_text(encoding="utf-8")) == {
            "Zeta Assistant",
            "Zeta Lead",
            "Zeta Director",
        }

    def test_query_option(self, ladder_file: Path, tmp_path: Path) -> None:
        rq = _write(
            tmp_path,
            "CONSTRUCT { ?a pmg:relatedRole ?b } WHERE { ?a pmg:relatedRole ?b "
            'FILTER(CONTAINS(STR(?a), "/zeta-")) }',
            "r.rq",
        )
        out = tmp_path / "q.html"
        result = CliRunner().invoke(
            cli, ["viz", "--data", str(ladder_file), "-o", str(out), "--query", str(rq)]
        )
        assert result.exit_code == 0, result.output
        assert _labels(out.read_text(encoding="utf-8")) == {"Zeta Observer", "Zeta Lead"}

    def test_open_uses_the_file_uri(
        self, ladder_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        opened: list[str] = []
        monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
        out = tmp_path / "open me.html"
        result = CliRunner().invoke(
            cli, ["viz", "--data", str(ladder_file), "-o", str(out), "--open"]
        )
        assert result.exit_code == 0, result.output
        assert opened == [out.resolve().as_uri()]
        assert opened[0].startswith("file:///") and "open%20me.html" in opened[0]

    @pytest.mark.parametrize(
        ("args", "code", "message"),
        [
            (["--depth", "2"], 2, "--depth needs --focus LABEL"),
            (["--types", "role,nope"], 2, "Error: unknown type 'nope'"),
            (["--focus", "Astronaut"], 2, "Error: no role is called 'Astronaut'"),
            (
                ["--path", "Zeta Director", "Zeta Assistant"],
                2,
                "Error: no career path leads from 'Zeta Director' to 'Zeta Assistant'",
            ),
            (["--max-nodes", "0"], 2, "Invalid value for '--max-nodes'"),
            (
                ["-o", "/nonexistent-folder/x.html"],
                5,
                "Error: /nonexistent-folder/x.html: cannot write",
            ),
        ],
    )
    def test_errors(self, ladder_file: Path, args: list[str], code: int, message: str) -> None:
        result = CliRunner().invoke(cli, ["viz", "--data", str(ladder_file), *args])
        assert result.exit_code == code
        assert message in result.stderr
        assert "Traceback" not in result.output

    def test_utf8_whatever_the_locale(self, ladder_file: Path, tmp_path: Path) -> None:
        out = tmp_path / "c.html"
        env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "", "PYTHONUTF8": "0"}
        code = "from pmograph.cli import main; main()"
        done = subprocess.run(
            [sys.executable, "-c", code, "viz", "--data", str(ladder_file), "-o", str(out)],
            env=env,
            capture_output=True,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        assert "Zeta Chef ü" in out.read_bytes().decode("utf-8")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["c.html", "zeta.trig"]


# -- the career map -------------------------------------------------------------------
@pytest.fixture
def careers_kg(tmp_path: Path) -> Any:
    return load_text(tmp_path, CAREERS, "careers.trig")


class TestCareerMap:
    def test_rows_by_seniority_lanes_by_family(self, careers_kg: Any) -> None:
        page = viz.render(careers_kg)
        assert page.view == "map" and page.roles == 17
        block = json_block(page.html, "map")
        assert [r["label"] for r in block["rows"]] == [
            "Ungraded",
            "Junior",
            "Mid-level",
            "Senior",
            "Executive",
        ]
        assert [lane["label"] for lane in block["lanes"]][:3] == [
            "Project delivery",
            "Programme management",
            "Portfolio management",
        ]
        assert block["lanes"][-1]["label"] == "Other roles"
        roles = page.map.roles
        # ranks grow upwards: y (page coordinates, downwards) falls with seniority
        assert roles[ID + "role/pmo-analyst"]["y"] > roles[ID + "role/pmo-manager"]["y"]
        assert roles[ID + "role/pmo-manager"]["y"] > roles[ID + "role/pmo-director"]["y"]
        assert roles[ID + "role/stage-manager"]["y"] > roles[ID + "role/coordinator"]["y"]
        assert roles[ID + "role/consultant"]["lane"] == "other"
        assert (ID + "role/pm", ID + "role/senior-pm") in page.map.edges

    def test_without_families_or_grades_roles_fall_back(self, kg: Any) -> None:
        block = json_block(viz.render(kg).html, "map")
        assert [r["label"] for r in block["rows"]] == ["Ungraded"]
        assert [lane["label"] for lane in block["lanes"]] == ["Other roles"]
        assert len(block["roles"]) == 4 and len(block["edges"]) == 2

    def test_the_map_is_deterministic(self, careers_kg: Any) -> None:
        assert viz.render(careers_kg).html == viz.render(careers_kg).html

    def test_map_boxes_do_not_overlap(self, careers_kg: Any) -> None:
        boxes = list(viz.render(careers_kg).map.roles.values())
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert (
                    abs(a["x"] - b["x"]) * 2 >= a["w"] + b["w"]
                    or abs(a["y"] - b["y"]) * 2 >= a["h"] + b["h"]
                ), (a["label"], b["label"])

    def test_options_apply_to_the_map_too(self, careers_kg: Any) -> None:
        around = viz.render(careers_kg, focus="PMO Manager")
        assert {b["label"] for b in around.map.roles.values()} == {
            "PMO Analyst",
            "PMO Manager",
            "PMO Director",
        }
        assert viz.render(careers_kg, types="skill").map.roles == {}
        path = viz.render(careers_kg, career_path=("Project Coordinator", "Portfolio Director"))
        assert json_block(path.html, "options")["page"]["path"]

    def test_unknown_view(self, kg: Any) -> None:
        with pytest.raises(InputError, match="unknown view 'tree'; use one of: map, network"):
            viz.render(kg, view="tree")

    def test_missing_graphviz_is_one_clear_error(
        self, kg: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import shutil as shutil_module

        monkeypatch.setattr(shutil_module, "which", lambda name: None)
        with pytest.raises(InputError, match="Graphviz's dot program is missing; install it"):
            viz.render(kg)


class TestCards:
    def test_card_holds_requirements_levels_eligibility_and_sources(self, careers_kg: Any) -> None:
        page = viz.render(careers_kg)
        cards = json_block(page.html, "cards")
        sources = json_block(page.html, "sources")
        pm = next(c for c in cards.values() if c["iri"] == ID + "role/pm")
        assert pm["definition"] == "Leads one project to its agreed outcome."
        assert (pm["seniority"], pm["levels"], pm["families"]) == (
            ["Mid-level"],
            ["Project level"],
            ["Project delivery"],
        )
        planning, pmp = pm["requirements"]
        assert (planning["label"], planning["need"], planning["level"]) == (
            "Planning",
            "essential",
            "SFIA level 4",
        )
        assert pmp["eligibility"] == (
            "credential; needs 36 months' experience; 35 hours of education;"
            " renew every 3 years (60 credits)"
        )
        assert [sources[k]["title"] for k in planning["src"]] == ["Test career ladder"]
        steps = {s["label"]: s for s in pm["next"]}
        assert steps["Programme Manager"]["adds"] == ["Benefits management (essential skill)"]
        assert [sources[k]["title"] for k in steps["Senior Project Manager"]["src"]] == [
            "Test career ladder",
            "Second source on steps",
        ]
        assert {r["label"] for r in pm["from"]} == {
            "Project Coordinator",
            "Programme Support Analyst",
            "Business Analyst",
        }
        assert [a["label"] for a in pm["activities"]] == ["Plan the project"]

    def test_next_steps_are_pmograph_next_with_what_pmograph_gap_adds(self) -> None:
        kg = pmograph.load()
        cards = json_block(viz.render(kg).html, "cards")
        for card in cards.values():
            expected = {}
            for step in kg.next_steps(card["iri"]):
                found = kg.gap(card["iri"], step.role)
                expected[step.label] = [r.describe() for r in found]
                expected[step.label] += [level.describe() for level in found.levels]
            assert {s["label"]: s["adds"] for s in card["next"]} == expected

    def test_every_gap_is_the_one_pmograph_gap_gives(self) -> None:
        kg = pmograph.load()
        page = viz.render(kg)
        cards = json_block(page.html, "cards")
        gaps = json_block(page.html, "gaps")
        assert gaps["header"] == ["kind", "need", "requirement", "level", "have", "change", "from"]
        for a, ca in cards.items():
            for b, cb in cards.items():
                if a == b:
                    continue
                found = kg.gap(ca["iri"], cb["iri"])
                pair = gaps["pairs"].get(f"{a} {b}", [[], 0, 0])
                assert pair[1:] == [len(found), len(found.levels)], (ca["label"], cb["label"])
        by_label = {c["label"]: k for k, c in cards.items()}
        for source, target in [
            ("PMO Analyst", "PMO Manager"),
            ("Project Manager", "Programme Manager"),
            ("Project Manager", "Senior Project Manager"),
            ("Portfolio Manager", "PMO Analyst"),
        ]:
            result = CliRunner().invoke(cli, ["gap", source, target, "--format", "tsv"])
            assert result.exit_code == 0, result.output
            printed = [line.split("\t")[:7] for line in result.stdout.splitlines()[1:]]
            pair = gaps["pairs"].get(f"{by_label[source]} {by_label[target]}", [[]])
            shown = [["" if v is None else str(v) for v in gaps["rows"][k]] for k in pair[0]]
            assert shown == printed, (source, target)


class TestImage:
    @pytest.mark.parametrize("fmt", ["svg", "png"])
    def test_cli_writes_the_map_as_an_image(self, tmp_path: Path, fmt: str) -> None:
        out = tmp_path / f"map.{fmt}"
        result = CliRunner().invoke(cli, ["viz", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert result.stdout == f"{out.resolve()}\n"
        assert f"written as {fmt.upper()}" in result.stderr
        data = out.read_bytes()
        if fmt == "png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
            assert width <= 2000 and height <= 1125 and max(width / 2000, height / 1125) > 0.99
        else:
            text = data.decode("utf-8")
            assert text.lstrip().startswith("<?xml") and "PMO Analyst" in text
            assert "Junior" in text and "Executive" in text

    def test_format_overrides_the_suffix(self, tmp_path: Path) -> None:
        out = tmp_path / "map.img"
        result = CliRunner().invoke(cli, ["viz", "--format", "svg", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert b"<svg" in out.read_bytes()

    def test_hostile_labels_stay_text_in_svg(self, tmp_path: Path) -> None:
        kg = load_text(tmp_path, _HOSTILE_ROLE, "hostile.trig")
        out = viz.write_image(kg, tmp_path / "h.svg")
        text = out.read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text
        assert ">&lt;img src=x</text>" in text and ">onerror=alert(1)&gt;</text>" in text
        assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;\\\\</text>" in text

    def test_no_roles_no_image(self, kg: Any, tmp_path: Path) -> None:
        with pytest.raises(InputError, match="the career map has no roles to draw"):
            viz.write_image(kg, tmp_path / "x.svg", types="skill")
        assert not (tmp_path / "x.svg").exists()
        with pytest.raises(InputError, match="cannot tell the image format from the suffix"):
            viz.write_image(kg, tmp_path / "x.gif")

    def test_cli_view_network(self, tmp_path: Path) -> None:
        out = tmp_path / "n.html"
        result = CliRunner().invoke(cli, ["viz", "--view", "network", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert json_block(out.read_text(encoding="utf-8"), "options")["page"]["view"] == "network"
        bad = CliRunner().invoke(cli, ["viz", "--view", "tree", "-o", str(out)])
        assert bad.exit_code == 2 and "'tree' is not one of 'map', 'network'" in bad.output


_NASTY = json.dumps(SCRIPT + '"\\\\')
_HOSTILE_ROLE = f"""\
@prefix pmg:  <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/pmograph/id/graph/test/h> {{
    <https://w3id.org/pmograph/id/role/a> a pmg:Role ; skos:prefLabel {json.dumps(IMG)}@en ;
        pmg:progressesTo <https://w3id.org/pmograph/id/role/b> .
    <https://w3id.org/pmograph/id/role/b> a pmg:Role ; skos:prefLabel {_NASTY}@en .
}}
"""


def test_viz_services_never_import_the_facade() -> None:
    folder = Path(viz.__file__).parent
    for module in folder.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "import pmograph.kg" not in text and "from pmograph.kg" not in text, module.name
        assert "KnowledgeGraph" not in text, module.name
