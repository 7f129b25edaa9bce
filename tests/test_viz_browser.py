"""The generated page in a real headless Chromium (Playwright, Debian's chromium).

Each page is opened from ``file://`` with every request routed: anything but
the file itself is recorded and aborted, so a page that reached for the
network fails the test (and no test can reach any address).  Console errors,
uncaught exceptions and dialogs (``alert``) are recorded too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import pmograph

pytestmark = pytest.mark.browser

OUTPUT = Path(__file__).resolve().parent / "output"
ID = "https://w3id.org/pmograph/id/"

LADDER = """\
@prefix pmg:     <https://w3id.org/pmograph/ns#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix role:    <https://w3id.org/pmograph/id/role/> .
@prefix skill:   <https://w3id.org/pmograph/id/skill/> .
@prefix cert:    <https://w3id.org/pmograph/id/certification/> .
@prefix g:       <https://w3id.org/pmograph/id/graph/test/> .

g:ladder {
    role:coordinator a pmg:Role ;
        skos:prefLabel "Project Coordinator"@en ;
        skos:altLabel "Project Administrator"@en ;
        skos:definition "Keeps a project's plans, logs and meetings in order."@en ;
        pmg:progressesTo role:pm ;
        pmg:requiresEssentialSkill skill:planning .
    role:pm a pmg:Role ;
        skos:prefLabel "Project Manager"@en ;
        pmg:progressesTo role:programme ;
        pmg:requiresEssentialSkill skill:planning , skill:leadership ;
        pmg:requiresOptionalQualification cert:pmp .
    role:programme a pmg:Role ;
        skos:prefLabel "Programme Manager"@en ;
        skos:altLabel "Program Manager"@en ;
        pmg:requiresEssentialSkill skill:leadership .
    role:analyst a pmg:Role ;
        skos:prefLabel "PMO Analyst"@en ;
        pmg:relatedRole role:pm .
    skill:planning a pmg:Skill ; skos:prefLabel "Planning"@en .
    skill:leadership a pmg:Skill ; skos:prefLabel "Leadership"@en .
    cert:pmp a pmg:Certification ; skos:prefLabel "Project Management Professional"@en .
}

g:ladder prov:wasDerivedFrom <https://w3id.org/pmograph/id/source/test/entry-1> ;
    dcterms:title "Test ladder"@en ;
    pmg:quote "Coordinators become project managers."@en .
<https://w3id.org/pmograph/id/source/test/entry-1>
    dcterms:isPartOf <https://w3id.org/pmograph/id/source/test> .
<https://w3id.org/pmograph/id/source/test> dcterms:title "Test source"@en .
"""

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
IMG_FLAG = '<img src=x onerror="window.pwned=1">'
SCRIPT_FLAG = "</script><script>window.pwned=2</script>"


@dataclass
class Opened:
    """A page opened from disk, and everything it tried to do."""

    page: Any
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def ids(self) -> dict[str, int]:
        """Node IRI -> vis id."""
        return dict(self.js("pmograph.nodes.map(n => [n.iri, n.id])"))

    def labels(self, ids: list[int]) -> set[str]:
        return set(self.js("ids => ids.map(i => pmograph.nodes.get(i).label)", ids))

    def node_point(self, node_id: int) -> tuple[float, float]:
        """Where a node is on the screen."""
        point = self.js(
            """id => {
                const p = pmograph.network.canvasToDOM(pmograph.network.getPositions([id])[id]);
                const box = document.getElementById('mynetwork').getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node_id,
        )
        return float(point[0]), float(point[1])

    def drawn(self) -> tuple[list[int], list[int]]:
        """The ids of the nodes and edges vis-network draws (not hidden)."""
        nodes, edges = self.js(
            "[pmograph.network.body.nodeIndices.slice(), pmograph.network.body.edgeIndices.slice()]"
        )
        return sorted(nodes), sorted(edges)

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.requests == []
        assert self.dialogs == []


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Callable[[Path], Opened]]:
    contexts: list[Any] = []

    def opener(path: Path) -> Opened:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page=page, url=path.resolve().as_uri())

        def route(r: Any) -> None:
            if r.request.url == opened.url:
                r.continue_()
            else:
                opened.requests.append(r.request.url)
                r.abort()

        def on_dialog(dialog: Any) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        context.route("**/*", route)
        page.on("request", lambda r: r.url != opened.url and opened.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and opened.console_errors.append(m.text))
        page.on("pageerror", lambda e: opened.page_errors.append(str(e)))
        page.on("dialog", on_dialog)
        page.goto(opened.url)
        page.wait_for_function("window.pmograph && window.pmograph.state.ready", timeout=60_000)
        return opened

    yield opener
    for context in contexts:
        context.close()


def _load(tmp_path: Path, text: str, name: str = "data.trig") -> Any:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return pmograph.load([path], packaged=False)


@pytest.fixture
def kg(tmp_path: Path) -> Any:
    return _load(tmp_path, LADDER)


@pytest.fixture
def ladder_page(kg: Any, tmp_path: Path, open_page: Callable[[Path], Opened]) -> Opened:
    return open_page(kg.to_html(tmp_path / "ladder.html"))


# -- the packaged graph ---------------------------------------------------------------
def test_packaged_graph_loads_offline_and_draws_every_node(
    tmp_path: Path, open_page: Callable[[Path], Opened]
) -> None:
    kg = pmograph.load()
    graph = kg.to_networkx()
    opened = open_page(kg.to_html(tmp_path / "pmograph.html"))
    opened.assert_clean()
    counts = opened.js("[pmograph.nodes.length, pmograph.edges.length]")
    assert counts == [graph.number_of_nodes(), graph.number_of_edges()]
    nodes, edges = opened.drawn()
    assert (len(nodes), len(edges)) == (graph.number_of_nodes(), graph.number_of_edges())
    OUTPUT.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(OUTPUT / "screenshot.png"))
    assert (OUTPUT / "screenshot.png").stat().st_size > 10_000


# -- what a person can do -----------------------------------------------------------------
def test_counts_match_the_graph(kg: Any, ladder_page: Opened) -> None:
    ladder_page.assert_clean()
    graph = kg.to_networkx()
    nodes, edges = ladder_page.drawn()
    assert (len(nodes), len(edges)) == (graph.number_of_nodes(), graph.number_of_edges()) == (7, 8)
    assert ladder_page.page.locator("#pmg-status").inner_text() == "7 nodes, 8 edges"


def test_search_by_alternative_title_focuses_the_node(ladder_page: Opened) -> None:
    page = ladder_page.page
    target = ladder_page.ids()[ID + "role/programme"]
    page.fill("#pmg-search", "  program   MANAGER ")
    page.press("#pmg-search", "Enter")
    assert ladder_page.js("pmograph.network.getSelectedNodes()") == [target]
    view = ladder_page.js("pmograph.network.getViewPosition()")
    at = ladder_page.js(f"pmograph.network.getPositions([{target}])[{target}]")
    assert abs(view["x"] - at["x"]) < 1 and abs(view["y"] - at["y"]) < 1
    assert page.locator("#pmg-search-result").inner_text() == "Found: Programme Manager (Role)"

    page.fill("#pmg-search", "Astronaut")
    page.click("#pmg-find")
    assert (
        page.locator("#pmg-search-result").inner_text()
        == "No node is called \u201cAstronaut\u201d."
    )
    ladder_page.assert_clean()


def test_hiding_a_class_hides_its_nodes(ladder_page: Opened) -> None:
    page = ladder_page.page
    ids = ladder_page.ids()
    skills = {ids[ID + "skill/planning"], ids[ID + "skill/leadership"]}
    page.uncheck("#pmg-legend input[data-class=skill]")
    nodes, edges = ladder_page.drawn()
    assert len(nodes) == 5 and not skills & set(nodes)
    assert len(edges) == 4  # the four edges to a skill are not drawn either

    # searching a hidden node shows its class again
    page.fill("#pmg-search", "planning")
    page.press("#pmg-search", "Enter")
    assert page.is_checked("#pmg-legend input[data-class=skill]")
    assert len(ladder_page.drawn()[0]) == 7
    ladder_page.assert_clean()


def test_legend_names_each_class_with_its_count(ladder_page: Opened) -> None:
    items = ladder_page.page.locator("#pmg-legend li").all_inner_texts()
    assert [" ".join(t.split()) for t in items] == [
        "Role (4)",
        "Skill (2)",
        "Certification (1)",
    ]


def test_hover_shows_definition_alt_titles_and_sources_as_text(ladder_page: Opened) -> None:
    page = ladder_page.page
    x, y = ladder_page.node_point(ladder_page.ids()[ID + "role/coordinator"])
    page.mouse.move(x, y)
    tip = page.locator("#pmg-tooltip")
    tip.wait_for(state="visible")
    assert [line for line in tip.inner_text().split("\n") if line.strip()] == [
        "Project Coordinator Role",
        "Keeps a project's plans, logs and meetings in order.",
        "Also called: Project Administrator",
        "Sources:",
        "\u2022 Test ladder (Test source)",
        "\u201cCoordinators become project managers.\u201d",
    ]
    page.mouse.move(2, 2)
    tip.wait_for(state="hidden")


def test_clicking_a_role_highlights_progression_and_requirements(ladder_page: Opened) -> None:
    page = ladder_page.page
    ids = ladder_page.ids()
    page.mouse.click(*ladder_page.node_point(ids[ID + "role/pm"]))
    highlighted = ladder_page.js("pmograph.state.highlighted")
    assert ladder_page.labels(highlighted) == {
        "Project Coordinator",
        "Project Manager",
        "Programme Manager",
        "Planning",
        "Leadership",
        "Project Management Professional",
    }
    analyst = ids[ID + "role/analyst"]
    assert ladder_page.js(f"pmograph.nodes.get({analyst}).color.background") == "#f3f4f6"

    page.click("#pmg-clear")
    assert ladder_page.js("pmograph.state.highlighted") == []
    assert ladder_page.js(f"pmograph.nodes.get({analyst}).color.background") == "#2563eb"
    ladder_page.assert_clean()


def test_career_path_is_highlighted_on_load(
    kg: Any, tmp_path: Path, open_page: Callable[[Path], Opened]
) -> None:
    out = kg.to_html(
        tmp_path / "path.html", career_path=("Project Coordinator", "Programme Manager")
    )
    opened = open_page(out)
    opened.assert_clean()
    assert opened.labels(opened.js("pmograph.state.highlighted")) == {
        "Project Coordinator",
        "Project Manager",
        "Programme Manager",
    }
    assert opened.page.locator("#pmg-status").inner_text() == (
        "7 nodes, 8 edges; career path: Project Coordinator \u2192 Project Manager"
        " \u2192 Programme Manager"
    )


def test_left_out_nodes_are_announced(
    kg: Any, tmp_path: Path, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(kg.to_html(tmp_path / "limited.html", max_nodes=3))
    opened.assert_clean()
    note = opened.page.locator("#pmg-omitted")
    assert note.is_visible()
    assert note.inner_text() == (
        "4 nodes not shown: this page draws the 3 most connected (raise --max-nodes to see more)."
    )
    assert len(opened.drawn()[0]) == 3


def test_empty_page(kg: Any, tmp_path: Path, open_page: Callable[[Path], Opened]) -> None:
    opened = open_page(kg.to_html(tmp_path / "empty.html", types=["level"]))
    opened.assert_clean()
    assert opened.page.locator("#pmg-empty").inner_text() == (
        "Nothing to show: no node matches the options."
    )


# -- safety -------------------------------------------------------------------------------
@pytest.fixture
def hostile(tmp_path: Path) -> Any:
    def lit(text: str) -> str:
        return json.dumps(text) + "@en"

    text = f"""\
@prefix pmg:  <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix role: <https://w3id.org/pmograph/id/role/> .
@prefix g:    <https://w3id.org/pmograph/id/graph/test/> .
g:x {{
    role:a a pmg:Role ; skos:prefLabel {lit(IMG)} ;
        skos:altLabel {lit(SCRIPT)} , {lit(IMG_FLAG)} ;
        skos:definition {lit(SCRIPT_FLAG + " " + IMG)} ;
        pmg:progressesTo role:b .
    role:b a pmg:Role ; skos:prefLabel {lit(SCRIPT)} ;
        skos:altLabel {lit(IMG)} ;
        skos:definition {lit(IMG_FLAG)} .
    role:c a pmg:Role ; skos:prefLabel {lit(IMG_FLAG + SCRIPT_FLAG)} ;
        pmg:relatedRole role:a .
}}
g:x prov:wasDerivedFrom <https://w3id.org/pmograph/id/source/x> ;
    dcterms:title {lit(SCRIPT_FLAG)} ;
    pmg:quote {lit(IMG + SCRIPT)} , {lit(IMG_FLAG)} .
<https://w3id.org/pmograph/id/source/x> dcterms:isPartOf <https://w3id.org/pmograph/id/source/doc> .
<https://w3id.org/pmograph/id/source/doc> dcterms:title {lit(IMG_FLAG)} .
"""
    return _load(tmp_path, text, "hostile.trig")


@pytest.mark.parametrize(
    "options",
    [{}, {"title": IMG_FLAG + SCRIPT_FLAG}, {"focus": ID + "role/a"}, {"career_path": ("a", "b")}],
    ids=["default", "title", "focus", "path"],
)
def test_injected_labels_show_as_text_and_never_run(
    hostile: Any, tmp_path: Path, open_page: Callable[[Path], Opened], options: dict[str, Any]
) -> None:
    if "career_path" in options:
        options = {"career_path": (ID + "role/a", ID + "role/b")}
    opened = open_page(hostile.to_html(tmp_path / "hostile.html", **options))
    page = opened.page
    opened.assert_clean()  # no alert, no CSP refusal, no error, no request
    assert opened.js("window.pwned") is None
    assert opened.js("document.querySelectorAll('img').length") == 0
    assert opened.js("document.scripts.length") == 5
    assert opened.js("[pmograph.nodes.length, pmograph.edges.length]") == [3, 2]
    if "title" in options:
        assert page.locator("h1").inner_text() == IMG_FLAG + SCRIPT_FLAG
        assert page.title() == IMG_FLAG + SCRIPT_FLAG

    ids = opened.ids()
    assert opened.js(f"pmograph.nodes.get({ids[ID + 'role/a']}).label") == IMG
    tip = page.locator("#pmg-tooltip")
    page.mouse.move(*opened.node_point(ids[ID + "role/a"]))
    tip.wait_for(state="visible")
    text = tip.inner_text()
    for shown in (IMG, SCRIPT, IMG_FLAG, SCRIPT_FLAG + " " + IMG, IMG + SCRIPT):
        assert shown in text
    assert f"\u2022 {SCRIPT_FLAG} ({IMG_FLAG})" in text
    assert opened.js("document.getElementById('pmg-tooltip').children.length") > 0
    assert (
        opened.js("document.querySelectorAll('#pmg-tooltip img, #pmg-tooltip script').length") == 0
    )

    page.fill("#pmg-search", IMG_FLAG + SCRIPT_FLAG)
    page.press("#pmg-search", "Enter")
    assert (
        page.locator("#pmg-search-result").inner_text() == f"Found: {IMG_FLAG + SCRIPT_FLAG} (Role)"
    )
    page.mouse.click(*opened.node_point(ids[ID + "role/a"]))
    assert sorted(opened.js("pmograph.state.highlighted")) == sorted(
        [ids[ID + "role/a"], ids[ID + "role/b"]]
    )
    assert opened.js("window.pwned") is None
    opened.assert_clean()


# -- scale ------------------------------------------------------------------------------------
def test_a_large_graph_draws_every_node(
    tmp_path: Path, open_page: Callable[[Path], Opened]
) -> None:
    lines = [
        "@prefix pmg: <https://w3id.org/pmograph/ns#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix r: <https://w3id.org/pmograph/id/role/> .",
        "@prefix s: <https://w3id.org/pmograph/id/skill/> .",
        "<https://w3id.org/pmograph/id/graph/test/big> {",
    ]
    roles, skills = 600, 1400
    for i in range(roles):
        lines.append(f'r:r{i} a pmg:Role ; skos:prefLabel "Role {i}"@en ;')
        lines.append(f"  pmg:progressesTo r:r{(i * 7 + 1) % roles} ;")
        lines.append(
            f"  pmg:requiresEssentialSkill s:s{(i * 3) % skills} , s:s{(i * 3 + 1) % skills} ,"
            f" s:s{(i * 3 + 2) % skills} , s:s{(i * 5 + 700) % skills} ."
        )
    lines += [f's:s{j} a pmg:Skill ; skos:prefLabel "Skill {j}"@en .' for j in range(skills)]
    lines.append("}")
    kg = _load(tmp_path, "\n".join(lines), "big.trig")
    graph = kg.to_networkx()
    opened = open_page(kg.to_html(tmp_path / "big.html"))
    opened.assert_clean()
    nodes, edges = opened.drawn()
    assert (len(nodes), len(edges)) == (graph.number_of_nodes(), graph.number_of_edges())
    assert len(nodes) == 2000
    limited = open_page(kg.to_html(tmp_path / "big-limited.html", max_nodes=500))
    limited.assert_clean()
    assert len(limited.drawn()[0]) == 500
    assert limited.page.locator("#pmg-omitted").inner_text().startswith("1,500 nodes not shown")
