"""Shared data and helpers for the visualization tests (test_viz.py, test_viz_browser.py).

``LADDER`` is a small graph in the old shortcut style (no families, no
seniority); ``CAREERS`` uses the career-model vocabulary (families,
seniority, levels, qualified requirements, certification eligibility,
activities); ``hostile_text()`` puts markup in every label.  ``Opened`` and
``open_page`` open a page in headless Chromium with every request but the
file itself recorded and aborted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pmograph

ID = "https://w3id.org/pmograph/id/"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
IMG_FLAG = '<img src=x onerror="window.pwned=1">'
SCRIPT_FLAG = "</script><script>window.pwned=2</script>"

_PREFIXES = """\
@prefix pmg:       <https://w3id.org/pmograph/ns#> .
@prefix skos:      <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:      <http://www.w3.org/ns/prov#> .
@prefix dcterms:   <http://purl.org/dc/terms/> .
@prefix xsd:       <http://www.w3.org/2001/XMLSchema#> .
@prefix role:      <https://w3id.org/pmograph/id/role/> .
@prefix skill:     <https://w3id.org/pmograph/id/skill/> .
@prefix cert:      <https://w3id.org/pmograph/id/certification/> .
@prefix activity:  <https://w3id.org/pmograph/id/activity/> .
@prefix family:    <https://w3id.org/pmograph/id/family/> .
@prefix seniority: <https://w3id.org/pmograph/id/seniority/> .
@prefix level:     <https://w3id.org/pmograph/id/level/> .
@prefix req:       <https://w3id.org/pmograph/id/requirement/> .
@prefix g:         <https://w3id.org/pmograph/id/graph/test/> .
"""

LADDER = (
    _PREFIXES
    + """
g:ladder {
    role:coordinator a pmg:Role ;
        skos:prefLabel "Project Coordinator"@en ;
        skos:altLabel "Project Administrator"@en ;
        skos:definition "Keeps a project's plans, logs and meetings in order."@en ;
        pmg:progressesTo role:pm ;
        pmg:requiresEssentialSkill skill:planning .
    role:pm a pmg:Role ;
        skos:prefLabel "Project Manager"@en ;
        skos:altLabel "PM"@en , "Chef de projet ü"@fr ;
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

g:solo {
    skill:budgeting a pmg:Skill ; skos:prefLabel "Budgeting"@en .
}

g:ladder prov:wasDerivedFrom <https://w3id.org/pmograph/id/source/test/entry-1> ;
    dcterms:title "Test ladder"@en ;
    pmg:quote "Coordinators become project managers."@en .
<https://w3id.org/pmograph/id/source/test/entry-1>
    dcterms:isPartOf <https://w3id.org/pmograph/id/source/test> .
<https://w3id.org/pmograph/id/source/test> dcterms:title "Test source"@en .
"""
)


def _role(slug: str, label: str, fam: str | None, grade: str | None, steps: str = "") -> str:
    lines = [f"    role:{slug} a pmg:Role ; skos:prefLabel {json.dumps(label)}@en"]
    if fam:
        lines.append(f"pmg:inFamily family:{fam}")
    if grade:
        lines.append(f"pmg:hasSeniority seniority:{grade}")
    if steps:
        lines.append("pmg:progressesTo " + " , ".join(f"role:{s}" for s in steps.split()))
    return " ;\n        ".join(lines) + " ."


# slug, label, family, seniority, next steps
CAREER_ROLES = [
    ("team-assistant", "Project Team Assistant", "project", "junior", "coordinator"),
    ("coordinator", "Project Coordinator", "project", "junior", "pm"),
    ("pm", "Project Manager", "project", "mid", "senior-pm programme-manager"),
    ("senior-pm", "Senior Project Manager", "project", "senior", "programme-manager"),
    ("programme-manager", "Programme Manager", "programme", "senior", "portfolio-director"),
    ("programme-analyst", "Programme Support Analyst", "programme", "junior", "pm"),
    ("portfolio-analyst", "Portfolio Analyst", "portfolio", "mid", "portfolio-director"),
    ("portfolio-director", "Portfolio Director", "portfolio", "executive", ""),
    ("pmo-analyst", "PMO Analyst", "pmo", "junior", "pmo-manager"),
    ("pmo-manager", "PMO Manager", "pmo", "senior", "pmo-director"),
    ("pmo-director", "PMO Director", "pmo", "executive", ""),
    ("scrum-master", "Scrum Master", "agile", "mid", "agile-coach"),
    ("agile-coach", "Agile Coach", "agile", "senior", ""),
    ("sponsor", "Senior Responsible Owner", "governance", "executive", ""),
    ("business-analyst", "Business Analyst", "neighbour", "mid", "pm"),
    ("consultant", "Management Consultant", None, "senior", ""),
    ("stage-manager", "Stage Manager", "project", None, ""),
]
FAMILY_LABELS = {
    "project": "Project delivery",
    "programme": "Programme management",
    "portfolio": "Portfolio management",
    "pmo": "PMO and P3O",
    "agile": "Agile delivery",
    "governance": "Governance",
    "neighbour": "Neighbouring roles",
}

CAREERS = (
    _PREFIXES
    + "\ng:careers {\n"
    + "\n".join(_role(*r) for r in CAREER_ROLES)
    + "\n"
    + "\n".join(
        f'    family:{k} a pmg:RoleFamily ; skos:prefLabel "{v}"@en .'
        for k, v in FAMILY_LABELS.items()
    )
    + """
    seniority:junior a pmg:Seniority ; skos:prefLabel "Junior"@en ; pmg:seniorityRank 1 .
    seniority:mid a pmg:Seniority ; skos:prefLabel "Mid-level"@en ; pmg:seniorityRank 2 .
    seniority:senior a pmg:Seniority ; skos:prefLabel "Senior"@en ; pmg:seniorityRank 3 .
    seniority:executive a pmg:Seniority ; skos:prefLabel "Executive"@en ; pmg:seniorityRank 4 .
    level:project a pmg:Level ; skos:prefLabel "Project level"@en ; pmg:levelRank 1 .
    level:programme a pmg:Level ; skos:prefLabel "Programme level"@en ; pmg:levelRank 2 .
    role:pm skos:definition "Leads one project to its agreed outcome."@en ;
        skos:altLabel "Project Lead"@en ;
        pmg:operatesAt level:project ;
        pmg:performs activity:planning ;
        pmg:hasRequirement req:pm\\/planning , req:pm\\/pmp ;
        pmg:requiresEssentialSkill skill:planning ;
        pmg:requiresOptionalQualification cert:pmp .
    req:pm\\/planning a pmg:Requirement ; pmg:requiredSkill skill:planning ;
        pmg:importance pmg:Essential ; pmg:requiredLevel 4 ; pmg:levelScale pmg:SFIALevelScale .
    req:pm\\/pmp a pmg:Requirement ; pmg:requiredQualification cert:pmp ;
        pmg:importance pmg:Optional .
    role:programme-manager pmg:operatesAt level:programme ;
        pmg:requiresEssentialSkill skill:planning , skill:benefits .
    activity:planning a pmg:Activity ; skos:prefLabel "Plan the project"@en .
    skill:planning a pmg:Skill ; skos:prefLabel "Planning"@en .
    skill:benefits a pmg:Skill ; skos:prefLabel "Benefits management"@en .
    cert:pmp a pmg:Certification ; skos:prefLabel "Project Management Professional"@en ;
        pmg:certificationKind pmg:Credential ; pmg:requiresExperienceMonths 36 ;
        pmg:requiresEducationHours 35 ; pmg:renewalYears 3 ; pmg:renewalCredits 60 .
}
g:careers dcterms:title "Test career ladder"@en .
g:steps {
    role:pm pmg:progressesTo role:senior-pm .
}
g:steps dcterms:title "Second source on steps"@en .
"""
)


def hostile_text() -> str:
    """Roles, sources and quotes whose labels are markup."""

    def lit(text: str) -> str:
        return json.dumps(text) + "@en"

    return f"""{_PREFIXES}
g:x {{
    role:a a pmg:Role ; skos:prefLabel {lit(IMG)} ;
        skos:altLabel {lit(SCRIPT)} , {lit(IMG_FLAG)} ;
        skos:definition {lit(SCRIPT_FLAG + " " + IMG)} ;
        pmg:inFamily family:x ; pmg:hasSeniority seniority:x ;
        pmg:progressesTo role:b .
    family:x a pmg:RoleFamily ; skos:prefLabel {lit(SCRIPT_FLAG + IMG_FLAG)} .
    seniority:x a pmg:Seniority ; skos:prefLabel {lit("<b>" + IMG_FLAG)} ; pmg:seniorityRank 1 .
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


def load_text(folder: Path, text: str, name: str = "data.trig") -> Any:
    """Write ``text`` to ``folder/name`` and load it alone (without the packaged graph)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return pmograph.load([path], packaged=False)


def json_block(page: str, name: str) -> Any:
    """The JSON of the page's ``<script id="pmg-NAME" type="application/json">`` block."""
    match = re.search(
        rf'<script id="pmg-{name}" type="application/json">(.*?)</script>', page, re.DOTALL
    )
    assert match is not None, f"no {name} block"
    return json.loads(match.group(1))


@dataclass
class Opened:
    """A page opened from disk in headless Chromium, and everything it tried to do."""

    page: Any
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def ids(self) -> dict[str, int]:
        """Node IRI -> page id, for every node of the network and every role card."""
        return dict(
            self.js(
                "[...pmograph.network.body.data.nodes.get().filter(n => n.iri).map(n => [n.iri, n.id]),"
                " ...Object.entries(pmograph.cards).map(([k, c]) => [c.iri, Number(k)])]"
            )
        )

    def labels(self, ids: list[int]) -> set[str]:
        return set(self.js("ids => ids.map(i => pmograph.nodes.get(i).label)", ids))

    def node_point(self, node_id: Any) -> tuple[float, float]:
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

    def hover(self, node_id: Any, selector: str = "#pmg-tooltip") -> Any:
        """Hover a node until ``selector`` shows, and return its locator.

        vis-network reports a hover only from pointer movement onto the node, and a
        busy machine can redraw the network between reading its position and the
        move: so the pointer comes from a little way off, in steps, re-reading the
        position each time, up to five times (the last wait fails as usual).
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        tip = self.page.locator(selector)
        for _ in range(5):
            x, y = self.node_point(node_id)
            self.page.mouse.move(x - 30, y - 30)
            self.page.mouse.move(x, y, steps=6)
            try:
                tip.wait_for(state="visible", timeout=3000)
                return tip
            except PlaywrightTimeout:
                continue
        tip.wait_for(state="visible")
        return tip

    def drawn(self) -> tuple[list[Any], list[Any]]:
        """The ids of the nodes and edges vis-network draws (not hidden)."""
        nodes, edges = self.js(
            "[pmograph.network.body.nodeIndices.slice(), pmograph.network.body.edgeIndices.slice()]"
        )
        return sorted(nodes, key=str), sorted(edges, key=str)

    def role_boxes(self) -> list[dict[str, Any]]:
        """Each drawn role box of the map on screen: label, DOM box and font size in px."""
        return list(
            self.js(
                """() => {
                const net = pmograph.network, area = document.getElementById('mynetwork').getBoundingClientRect();
                const scale = net.getScale();
                return net.body.nodeIndices.map(id => net.body.nodes[id]).filter(n => n.options.kind === 'role'
                    || n.options.kind === 'group').map(n => {
                    const b = net.getBoundingBox(n.id);
                    const a = net.canvasToDOM({x: b.left, y: b.top}), z = net.canvasToDOM({x: b.right, y: b.bottom});
                    return {id: n.id, label: n.options.label, left: area.left + a.x, top: area.top + a.y,
                            right: area.left + z.x, bottom: area.top + z.y, font: n.options.font.size * scale};
                });
            }"""
            )
        )

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.requests == []
        assert self.dialogs == []


def open_page(browser: Any, path: Path) -> Opened:
    """Open ``path`` in a new 1400x900 context; every other request is recorded and aborted."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
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
    page.on(
        "request",
        lambda r: (
            r.url != opened.url and not r.url.startswith("data:") and opened.requests.append(r.url)
        ),
    )
    page.on("console", lambda m: m.type == "error" and opened.console_errors.append(m.text))
    page.on("pageerror", lambda e: opened.page_errors.append(str(e)))
    page.on("dialog", on_dialog)
    page.goto(opened.url)
    page.wait_for_function("window.pmograph && window.pmograph.state.ready", timeout=60_000)
    return opened
