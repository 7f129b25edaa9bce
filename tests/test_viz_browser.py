"""The generated page in a real headless Chromium (Playwright, Debian's chromium).

Each page is opened once per module from ``file://`` with every request
routed: anything but the file itself is recorded and aborted, so a page that
reached for the network fails the test (and no test can reach any address).
Console errors, uncaught exceptions and dialogs (``alert``) are recorded too.
The checks read the page itself: where vis-network drew each box, at what
scale, what the card and compare panel say.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from vizkit import (
    CAREERS,
    ID,
    IMG,
    IMG_FLAG,
    LADDER,
    SCRIPT,
    SCRIPT_FLAG,
    Opened,
    hostile_text,
    json_block,
    load_text,
    open_page,
)

import pmograph
from pmograph.cli import cli

pytestmark = pytest.mark.browser

OUTPUT = Path(__file__).resolve().parent / "output"


def _opened(chromium: Any, folder: Path, kg: Any, name: str, **options: Any) -> Opened:
    return open_page(chromium, kg.to_html(folder / name, **options))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("viz")


@pytest.fixture(scope="module")
def packaged(chromium: Any, folder: Path) -> Iterator[Opened]:
    opened = _opened(chromium, folder, pmograph.load(), "packaged.html")
    yield opened
    opened.page.context.close()


@pytest.fixture(scope="module")
def careers(chromium: Any, folder: Path) -> Iterator[Opened]:
    opened = _opened(chromium, folder, load_text(folder, CAREERS, "careers.trig"), "careers.html")
    yield opened
    opened.page.context.close()


@pytest.fixture
def fresh(careers: Opened) -> Opened:
    """The careers page back on the map with no card open."""
    careers.js("pmograph.setView('map'); pmograph.closeCard()")
    return careers


def _check_ladder(opened: Opened) -> list[dict[str, Any]]:
    """Every role box legible, inside the viewport, and no two overlapping."""
    boxes = opened.role_boxes()
    assert boxes
    area = opened.js(
        "(() => { const b = document.getElementById('mynetwork').getBoundingClientRect();"
        " return [b.left, b.top, b.right, b.bottom]; })()"
    )
    for b in boxes:
        assert b["font"] >= 12, b["label"]
        assert area[0] <= b["left"] and b["right"] <= area[2], b["label"]
        assert area[1] <= b["top"] and b["bottom"] <= area[3], b["label"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["right"] <= b["left"]
                or b["right"] <= a["left"]
                or a["bottom"] <= b["top"]
                or b["bottom"] <= a["top"]
            )
            assert apart, (a["label"], b["label"])
    return boxes


# -- the default view: the career map --------------------------------------------------------
class TestPackagedMap:
    def test_opens_on_the_map_offline_and_clean(self, packaged: Opened) -> None:
        packaged.assert_clean()
        assert packaged.js("pmograph.state.view") == "map"
        kg = pmograph.load()
        roles = len(kg.roles())
        assert len(packaged.role_boxes()) == roles
        assert packaged.page.locator("#pmg-status").inner_text().startswith(f"{roles} roles, ")
        OUTPUT.mkdir(exist_ok=True)
        packaged.page.screenshot(path=str(OUTPUT / "screenshot.png"))
        assert (OUTPUT / "screenshot.png").stat().st_size > 10_000

    def test_every_label_legible_inside_and_apart(self, packaged: Opened) -> None:
        _check_ladder(packaged)

    def test_junior_roles_sit_below_senior_ones(self, packaged: Opened) -> None:
        seniority = dict(
            packaged.js("Object.entries(pmograph.cards).map(([k, c]) => [k, c.seniority[0] || ''])")
        )
        boxes = {str(b["id"]): b for b in packaged.role_boxes()}
        order = ["Junior", "Mid-level", "Senior", "Executive"]
        ys: dict[str, list[float]] = {grade: [] for grade in order}
        for key, grade in seniority.items():
            if grade in ys:
                ys[grade].append((boxes[key]["top"] + boxes[key]["bottom"]) / 2)
        assert all(ys[g] for g in order)
        for lower, upper in zip(order, order[1:]):
            assert min(ys[lower]) > max(ys[upper]), (lower, upper)

    def test_compare_shows_the_gap_as_pmograph_gap_prints_it(self, packaged: Opened) -> None:
        result = CliRunner().invoke(cli, ["gap", "PMO Analyst", "PMO Manager", "--format", "table"])
        assert result.exit_code == 0
        printed = result.stdout.splitlines()
        page = packaged.page
        page.select_option("#pmg-compare-from", label="PMO Analyst")
        page.select_option("#pmg-compare-to", label="PMO Manager")
        page.click("#pmg-compare")
        header = packaged.js(
            "[...document.querySelectorAll('#pmg-compare-result th')].map(th => th.textContent)"
        )
        rows = packaged.js(
            "[...document.querySelectorAll('#pmg-compare-result tr')].slice(1)"
            ".map(tr => [...tr.children].map(td => td.textContent))"
        )
        # the table pmograph gap prints, column for column (without its iri column)
        assert printed[0].split()[: len(header)] == header
        assert len(rows) == len(printed) - 2 and rows
        for line, row in zip(printed[2:], rows):
            assert line.startswith("  ".join(c for c in row if c).split("  ")[0])
            assert all(c in line for c in row)
        assert (
            page.locator("#pmg-compare-result p").inner_text()
            == (result.stderr.strip().splitlines()[-1])
        )
        page.select_option("#pmg-compare-from", label="PMO Manager")
        page.select_option("#pmg-compare-to", label="PMO Manager")
        page.click("#pmg-compare")
        assert page.locator("#pmg-compare-result").inner_text() == (
            "PMO Manager requires nothing that PMO Manager lacks"
        )

    def test_the_network_switch_shows_everything_and_back(self, packaged: Opened) -> None:
        graph = pmograph.load().to_networkx()
        packaged.page.click("#pmg-view-network")
        assert packaged.js("pmograph.state.view") == "network"
        nodes, edges = packaged.drawn()
        assert (len(nodes), len(edges)) == (graph.number_of_nodes(), graph.number_of_edges())
        assert packaged.page.is_visible("#pmg-legend")
        assert not packaged.page.is_visible("#pmg-image")
        packaged.page.click("#pmg-view-map")
        assert packaged.js("pmograph.state.view") == "map"
        _check_ladder(packaged)
        packaged.assert_clean()


class TestCareersMap:
    def test_lanes_by_family_rows_by_seniority(self, fresh: Opened) -> None:
        fresh.assert_clean()
        boxes = {b["label"].replace("\n", " "): b for b in _check_ladder(fresh)}
        lanes = fresh.js("JSON.parse(document.getElementById('pmg-map').textContent).lanes")
        assert [lane["label"] for lane in lanes] == [
            "Project delivery",
            "Programme management",
            "Portfolio management",
            "PMO and P3O",
            "Agile delivery",
            "Governance",
            "Neighbouring roles",
            "Other roles",
        ]
        assert [lane["x0"] for lane in lanes] == sorted(lane["x0"] for lane in lanes)
        rows = fresh.js("JSON.parse(document.getElementById('pmg-map').textContent).rows")
        assert [r["label"] for r in rows] == [
            "Ungraded",
            "Junior",
            "Mid-level",
            "Senior",
            "Executive",
        ]
        # the role without a grade sits below the juniors; the one without a family, far right
        assert boxes["Stage Manager"]["top"] > boxes["Project Coordinator"]["bottom"]
        assert boxes["Management Consultant"]["left"] > boxes["Business Analyst"]["right"]
        assert boxes["PMO Analyst"]["top"] > boxes["PMO Manager"]["bottom"]
        assert boxes["PMO Manager"]["top"] > boxes["PMO Director"]["bottom"]

    def test_clicking_a_role_fills_the_card_and_highlights_its_paths(self, fresh: Opened) -> None:
        ids = fresh.ids()
        page = fresh.page
        page.mouse.click(*fresh.node_point(ids[ID + "role/pm"]))
        card = page.locator("#pmg-card")
        assert card.is_visible()
        text = card.inner_text()
        assert page.locator("#pmg-card-title").inner_text() == "Project Manager"
        for expected in (
            "Leads one project to its agreed outcome.",
            "Also called: Project Lead",
            "Seniority: Mid-level",
            "Levels: Project level",
            "Family: Project delivery",
            "Planning \u2014 essential skill, SFIA level 4",
            "Project Management Professional \u2014 optional certification",
            "Eligibility: credential; needs 36 months' experience; 35 hours of education;"
            " renew every 3 years (60 credits)",
            "Plan the project",
            "Senior Project Manager",
            "Adds: Benefits management (essential skill)",
            "Source: Test career ladder; Second source on steps",
            "Project Coordinator",
            "Source: Test career ladder",
        ):
            assert expected in text, expected
        headings = page.locator("#pmg-card h2").all_inner_texts()
        assert [h.lower() for h in headings] == [
            "requires",
            "performs",
            "next steps",
            "roles that lead here",
        ]
        up_and_down = {
            "team-assistant",
            "coordinator",
            "programme-analyst",
            "business-analyst",
            "pm",
            "senior-pm",
            "programme-manager",
            "portfolio-director",
        }
        assert set(fresh.js("pmograph.state.highlighted")) == {
            ids[ID + "role/" + s] for s in up_and_down
        }
        dimmed = ids[ID + "role/pmo-manager"]
        assert fresh.js(f"pmograph.nodes.get({dimmed}).color.background") == "#f3f4f6"
        assert fresh.js(f"pmograph.nodes.get({ids[ID + 'role/senior-pm']}).color.background") == (
            "#ffffff"
        )
        # a next step opens that role's card
        page.locator("#pmg-card li button", has_text="Programme Manager").click()
        assert page.locator("#pmg-card-title").inner_text() == "Programme Manager"
        fresh.assert_clean()

    def test_the_card_works_from_the_keyboard(self, fresh: Opened) -> None:
        page = fresh.page
        page.focus("#pmg-role")
        page.keyboard.press("End")  # the last role in label order
        assert page.locator("#pmg-card-title").inner_text() == "Stage Manager"
        assert page.evaluate("document.activeElement.id") == "pmg-card-title"
        assert "Seniority: ungraded" in page.locator("#pmg-card").inner_text()
        page.keyboard.press("Escape")
        assert not page.is_visible("#pmg-card")
        assert fresh.js("pmograph.state.highlighted") == []
        page.fill("#pmg-search", "project lead")
        page.press("#pmg-search", "Enter")
        assert page.locator("#pmg-card-title").inner_text() == "Project Manager"
        assert page.locator("#pmg-search-result").inner_text() == "Found: Project Manager (Role)"
        page.keyboard.press("Escape")

    def test_image_button_saves_a_png_of_the_map(self, fresh: Opened, tmp_path: Path) -> None:
        with fresh.page.expect_download() as info:
            fresh.page.click("#pmg-image")
        saved = tmp_path / "map.png"
        info.value.save_as(saved)
        assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert saved.stat().st_size > 5_000
        fresh.assert_clean()


# -- the network view ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ladder(chromium: Any, folder: Path) -> Iterator[Opened]:
    kg = load_text(folder, LADDER, "ladder.trig")
    opened = _opened(chromium, folder, kg, "ladder.html", view="network")
    yield opened
    opened.page.context.close()


class TestNetwork:
    def test_counts_and_legend(self, ladder: Opened) -> None:
        ladder.assert_clean()
        assert ladder.js("pmograph.state.view") == "network"
        nodes, edges = ladder.drawn()
        assert (len(nodes), len(edges)) == (8, 8)
        assert ladder.page.locator("#pmg-status").inner_text() == "8 nodes, 8 edges"
        items = ladder.page.locator("#pmg-legend li").all_inner_texts()
        assert [" ".join(t.split()) for t in items] == [
            "Role (4)",
            "Skill (3)",
            "Certification (1)",
        ]

    def test_search_by_alternative_title_focuses_the_node(self, ladder: Opened) -> None:
        page = ladder.page
        target = ladder.ids()[ID + "role/programme"]
        page.fill("#pmg-search", "  program   MANAGER ")
        page.press("#pmg-search", "Enter")
        assert ladder.js("pmograph.network.getSelectedNodes()") == [target]
        assert page.locator("#pmg-search-result").inner_text() == "Found: Programme Manager (Role)"
        page.keyboard.press("Escape")
        page.fill("#pmg-search", "Astronaut")
        page.click("#pmg-find")
        assert page.locator("#pmg-search-result").inner_text() == (
            "No node is called \u201cAstronaut\u201d."
        )

    def test_hiding_a_class_hides_its_nodes(self, ladder: Opened) -> None:
        page = ladder.page
        page.uncheck("#pmg-legend input[data-class=skill]")
        nodes, edges = ladder.drawn()
        assert len(nodes) == 5 and len(edges) == 4
        page.fill("#pmg-search", "planning")
        page.press("#pmg-search", "Enter")
        assert page.is_checked("#pmg-legend input[data-class=skill]")
        assert len(ladder.drawn()[0]) == 8

    def test_hover_shows_definition_alt_titles_and_sources_as_text(self, ladder: Opened) -> None:
        page = ladder.page
        ladder.js("pmograph.network.fit({animation: false})")
        tip = ladder.hover(ladder.ids()[ID + "role/coordinator"])
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

    def test_clicking_a_role_highlights_progression_and_requirements(self, ladder: Opened) -> None:
        page = ladder.page
        ids = ladder.ids()
        ladder.js("pmograph.closeCard(); pmograph.network.fit({animation: false})")
        page.mouse.move(*ladder.node_point(ids[ID + "role/pm"]))
        page.wait_for_timeout(300)
        page.mouse.click(*ladder.node_point(ids[ID + "role/pm"]))
        assert ladder.labels(ladder.js("pmograph.state.highlighted")) == {
            "Project Coordinator",
            "Project Manager",
            "Programme Manager",
            "Planning",
            "Leadership",
            "Project Management Professional",
        }
        assert page.locator("#pmg-card-title").inner_text() == "Project Manager"
        analyst = ids[ID + "role/analyst"]
        assert ladder.js(f"pmograph.nodes.get({analyst}).color.background") == "#f3f4f6"
        page.keyboard.press("Escape")
        assert ladder.js("pmograph.state.highlighted") == []
        assert ladder.js(f"pmograph.nodes.get({analyst}).color.background") == "#2563eb"
        ladder.assert_clean()


# -- safety -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile(chromium: Any, folder: Path) -> Iterator[Opened]:
    kg = load_text(folder, hostile_text(), "hostile.trig")
    opened = _opened(chromium, folder, kg, "hostile.html", title=IMG_FLAG + SCRIPT_FLAG)
    yield opened
    opened.page.context.close()


def test_hostile_labels_stay_text_in_both_views(hostile: Opened) -> None:
    page = hostile.page
    hostile.assert_clean()  # no alert, no CSP refusal, no error, no request
    assert hostile.js("window.pwned") is None
    assert hostile.js("document.querySelectorAll('img, b').length") == 0
    assert hostile.js("document.scripts.length") == 9
    assert page.locator("h1").inner_text() == IMG_FLAG + SCRIPT_FLAG
    assert page.title() == IMG_FLAG + SCRIPT_FLAG
    ids = hostile.ids()
    a = ids[ID + "role/a"]
    hostile.js(f"pmograph.showCard({a})")
    card = page.locator("#pmg-card").inner_text()
    for shown in (IMG, SCRIPT, IMG_FLAG, SCRIPT_FLAG + " " + IMG, "<b>" + IMG_FLAG):
        assert shown in card
    assert f"Source: {SCRIPT_FLAG} ({IMG_FLAG})" in card
    assert hostile.js("document.querySelectorAll('#pmg-card img, #pmg-card script').length") == 0
    page.select_option("#pmg-compare-from", str(a))
    page.select_option("#pmg-compare-to", str(ids[ID + "role/b"]))
    page.click("#pmg-compare")
    assert f"{SCRIPT} requires nothing that {IMG} lacks" in page.inner_text("#pmg-compare-result")

    page.click("#pmg-view-network")
    hostile.js("pmograph.network.fit({animation: false})")
    tip = hostile.hover(a)
    text = tip.inner_text()
    for shown in (IMG, SCRIPT, IMG_FLAG, SCRIPT_FLAG + " " + IMG, IMG + SCRIPT):
        assert shown in text
    page.fill("#pmg-search", IMG_FLAG + SCRIPT_FLAG)
    page.press("#pmg-search", "Enter")
    assert page.locator("#pmg-search-result").inner_text() == (
        f"Found: {IMG_FLAG + SCRIPT_FLAG} (Role)"
    )
    assert hostile.js("window.pwned") is None
    assert hostile.js("document.querySelectorAll('img, b').length") == 0
    hostile.assert_clean()


# -- options that shape the page ----------------------------------------------------------------
def test_career_path_is_highlighted_on_load(chromium: Any, folder: Path) -> None:
    kg = load_text(folder, CAREERS, "careers-path.trig")
    opened = _opened(
        chromium, folder, kg, "path.html", career_path=("Project Coordinator", "Programme Manager")
    )
    try:
        opened.assert_clean()
        highlighted = opened.labels(opened.js("pmograph.state.highlighted"))
        assert {label.replace("\n", " ") for label in highlighted} == {
            "Project Coordinator",
            "Project Manager",
            "Programme Manager",
        }
        assert (
            opened.page.locator("#pmg-status")
            .inner_text()
            .endswith(
                "career path: Project Coordinator \u2192 Project Manager \u2192 Programme Manager"
            )
        )
    finally:
        opened.page.context.close()


def test_many_roles_group_into_expandable_clusters(chromium: Any, folder: Path) -> None:
    lines = [
        "@prefix pmg: <https://w3id.org/pmograph/ns#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix r: <https://w3id.org/pmograph/id/role/> .",
        "@prefix s: <https://w3id.org/pmograph/id/skill/> .",
        "@prefix c: <https://w3id.org/pmograph/id/test/isco/> .",
        "<https://w3id.org/pmograph/id/graph/test/big> {",
    ]
    roles, skills = 600, 1400
    for k in range(6):
        lines.append(
            f'c:{k} a skos:Concept ; skos:notation "{k}" ; skos:prefLabel "Major {k}"@en .'
        )
        for m in range(4):
            lines.append(
                f'c:{k}{m} a skos:Concept ; skos:notation "{k}{m}" ;'
                f' skos:prefLabel "Group {k}{m}"@en ; skos:broader c:{k} .'
            )
    for i in range(roles):
        lines.append(f'r:r{i} a pmg:Role ; skos:prefLabel "Role {i}"@en ;')
        lines.append(
            f"  skos:broader c:{i % 6}{(i // 6) % 4} ; pmg:progressesTo r:r{(i * 7 + 1) % roles} ;"
        )
        lines.append(
            f"  pmg:requiresEssentialSkill s:s{(i * 3) % skills} , s:s{(i * 3 + 1) % skills} ,"
            f" s:s{(i * 3 + 2) % skills} , s:s{(i * 5 + 700) % skills} ."
        )
    lines += [f's:s{j} a pmg:Skill ; skos:prefLabel "Skill {j}"@en .' for j in range(skills)]
    lines.append("}")
    kg = load_text(folder, "\n".join(lines), "big.trig")
    graph = kg.to_networkx()
    opened = _opened(chromium, folder, kg, "big.html", max_nodes=1500)
    try:
        opened.assert_clean()
        boxes = _check_ladder(opened)
        assert sorted(b["label"].replace("\n", " ") for b in boxes)[:2] == [
            "00 Group 00 (25)",
            "01 Group 01 (25)",
        ]
        assert len(boxes) == 24
        group = opened.js("JSON.parse(document.getElementById('pmg-map').textContent).groups[0]")
        opened.page.mouse.click(*opened.node_point(group["id"]))
        assert opened.js("pmograph.state.expanded") == group["id"]
        assert {b["id"] for b in opened.role_boxes()} == set(group["members"])
        opened.page.click("#pmg-collapse")
        assert len(opened.role_boxes()) == 24
        opened.page.click("#pmg-view-network")
        nodes, _ = opened.drawn()
        assert len(nodes) == 1500 < graph.number_of_nodes()
        assert opened.page.locator("#pmg-omitted").inner_text().startswith("500 nodes not shown")
        opened.assert_clean()
    finally:
        opened.page.context.close()


def _large(folder: Path, roles: int, skills: int, name: str = "large.trig") -> Any:
    """A network of over 1,000 nodes: ``roles`` roles in a ring, three skills each."""
    lines = [
        "@prefix pmg: <https://w3id.org/pmograph/ns#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix r: <https://w3id.org/pmograph/id/role/> .",
        "@prefix s: <https://w3id.org/pmograph/id/skill/> .",
        "<https://w3id.org/pmograph/id/graph/test/large> {",
    ]
    for i in range(roles):
        lines.append(f'r:r{i} a pmg:Role ; skos:prefLabel "Role {i}"@en ;')
        lines.append(
            f"  pmg:progressesTo r:r{(i + 1) % roles} ; pmg:requiresEssentialSkill"
            f" s:s{(i * 3) % skills} , s:s{(i * 3 + 1) % skills} , s:s{(i * 3 + 2) % skills} ."
        )
    lines += [f's:s{j} a pmg:Skill ; skos:prefLabel "Skill {j}"@en .' for j in range(skills)]
    lines.append("}")
    return load_text(folder, "\n".join(lines), name)


def test_a_large_network_gets_labels_and_arrows_once_zoomed_in(chromium: Any, folder: Path) -> None:
    # over 1,000 nodes the first drawing skips what cannot be read at the whole-graph view
    roles, skills = 800, 2400
    kg = _large(folder, roles, skills)
    opened = _opened(chromium, folder, kg, "large.html", view="network")
    try:
        opened.assert_clean()
        nodes, edges = opened.drawn()
        assert len(nodes) == roles + skills and len(edges) == roles * 4
        arrows = "pmograph.network.body.edges[pmograph.network.body.edgeIndices[0]].options.arrows.to.enabled"
        first = "pmograph.network.body.nodes[pmograph.network.body.nodeIndices[0]].options.label"
        assert opened.js("pmograph.network.getScale()") < 0.3
        assert opened.js("pmograph.detail.on") is False
        assert opened.js(arrows) is False
        assert opened.js(first) is None
        # the search's suggestions and the role lists, built just after the first drawing
        assert opened.js("document.querySelectorAll('#pmg-labels option').length") == (
            roles + skills
        )
        for select in ("pmg-role", "pmg-compare-from", "pmg-compare-to"):
            assert (
                opened.js(f"document.querySelectorAll('#{select} option[value]').length") >= roles
            )
        # search works from the start; focusing a node zooms in, and the detail comes
        found = opened.js("pmograph.search('Role 7')")
        assert opened.page.locator("#pmg-search-result").inner_text() == "Found: Role 7 (Role)"
        opened.page.wait_for_function("pmograph.detail.on", timeout=10_000)
        assert opened.js(arrows) is True
        assert opened.js(f"pmograph.network.body.nodes[{found}].options.label") == "Role 7"
        assert opened.js(
            "pmograph.network.body.edges[pmograph.network.body.edgeIndices[0]].options.label"
        ) in ("progressesTo", "requiresEssentialSkill")
        opened.js(f"pmograph.highlight({found})")
        assert found in opened.js("pmograph.state.highlighted")
        opened.assert_clean()
    finally:
        opened.page.context.close()


def test_a_large_network_looks_the_same_with_its_commonest_class_ungrouped(
    chromium: Any, folder: Path
) -> None:
    # on a large network the commonest class (skills here) is drawn by the global node options,
    # without a group: every node must get the options and the pixels its group gives it
    kg = _large(folder, 400, 1200, "plain.trig")
    path = kg.to_html(folder / "plain.html", view="network")
    html = path.read_text(encoding="utf-8")
    options = json_block(html, "options")
    assert options["page"]["detail"]["plain"] == "skill"
    grouped_options = json.loads(json.dumps(options))
    grouped_options["page"]["detail"]["plain"] = None
    for key in ("shape", "color"):
        del grouped_options["vis"]["nodes"][key]
    grouped_options["vis"]["nodes"]["font"]["size"] = 16
    grouped = folder / "grouped.html"
    grouped.write_text(_with_block(html, "options", grouped_options), encoding="utf-8")
    looks = (
        "Object.values(pmograph.network.body.nodes).filter(n => typeof n.id === 'number')"
        ".sort((a, b) => a.id - b.id).map(n => [n.id, n.options.shape, n.options.size,"
        " n.options.color.background, n.options.color.border, n.options.color.highlight.background,"
        " n.options.color.highlight.border, n.options.color.hover.background,"
        " n.options.color.hover.border, n.options.font.size, n.options.font.face,"
        " n.options.font.color, n.options.borderWidth])"
    )
    drawn = {}
    for name, page_path in (("plain", path), ("grouped", grouped)):
        opened = open_page(chromium, page_path)
        try:
            opened.assert_clean()
            drawn[name] = (
                opened.js(looks),
                opened.js("document.querySelector('#mynetwork canvas').toDataURL()"),
            )
        finally:
            opened.page.context.close()
    assert len(drawn["plain"][0]) == 1600
    assert drawn["plain"][0] == drawn["grouped"][0]
    assert drawn["plain"][1] == drawn["grouped"][1]


def _with_block(html: str, name: str, value: Any) -> str:
    """``html`` with its ``pmg-NAME`` JSON block replaced (data, not a script: no hash changes)."""
    from pmograph.viz.templates import script_json

    start = html.index(f'<script id="pmg-{name}" type="application/json">')
    start = html.index(">", start) + 1
    end = html.index("</script>", start)
    return html[:start] + str(script_json(value)) + html[end:]
