"""The shapes run as SPARQL on pyoxigraph report what pyshacl reports, line for line.

Each case is a small file with one kind of mistake; both engines validate the
packaged graph plus that file, and the reports must be equal (resource,
message, file and line) and not empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import pmograph
from pmograph.validate import ENGINES, validate

HEAD = """@prefix pmg: <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix role: <https://w3id.org/pmograph/id/role/> .
@prefix skill: <https://w3id.org/pmograph/id/skill/> .
@prefix level: <https://w3id.org/pmograph/id/level/> .
@prefix cert: <https://w3id.org/pmograph/id/certification/> .
@prefix req: <https://w3id.org/pmograph/id/requirement/delivery-lead/> .
"""

ROLE = """
role:delivery-lead a pmg:Role ;
    skos:prefLabel "Delivery Lead"@en ;
    skos:definition "Leads the delivery of a product."@en ;
    pmg:hasSeniority <https://w3id.org/pmograph/id/seniority/mid> ;
    pmg:progressesTo role:programme-manager .
"""

REQ = (
    ROLE.replace(" .\n", " ;\n    pmg:hasRequirement req:x .\n")
    + "\nreq:x a pmg:Requirement ; {} .\n"
)

CASES = {
    "missing label": ROLE.replace('skos:prefLabel "Delivery Lead"@en ;\n', ""),
    "two labels": ROLE.replace('"Delivery Lead"@en', '"Delivery Lead"@en, "Lead"@en'),
    "label without language": ROLE.replace('"Delivery Lead"@en', '"Delivery Lead"'),
    "label in French": ROLE.replace('"Delivery Lead"@en', '"Chef de livraison"@fr'),
    "dangling progression": ROLE.replace("role:programme-manager", "role:chief-wizard"),
    "literal where a role is expected": ROLE.replace(
        "role:programme-manager", '"Programme Manager"'
    ),
    "two seniorities": ROLE.replace(
        "seniority/mid>", "seniority/mid>, <https://w3id.org/pmograph/id/seniority/senior>"
    ),
    "a skill where a role is expected": ROLE.replace(
        "role:programme-manager", "skill:communication"
    ),
    # pmg:requiresEssentialSkill is a subproperty of pmg:requiresSkill (sh:class pmg:Skill)
    "a role required as a skill": ROLE.replace(
        "pmg:progressesTo", "pmg:requiresEssentialSkill role:project-manager ;\n pmg:progressesTo"
    ),
    # the domain of pmg:progressesTo makes an untyped subject a role, with no label
    "untyped subject typed by domain": "role:ghost pmg:progressesTo role:project-manager .\n",
    "level rank out of range": """
level:galaxy a pmg:Level ; skos:prefLabel "Galaxy"@en ; skos:definition "Very big."@en ;
    pmg:levelRank 9 .
""",
    "level rank not an integer": """
level:galaxy a pmg:Level ; skos:prefLabel "Galaxy"@en ; skos:definition "Very big."@en ;
    pmg:levelRank "high" .
""",
    "level rank missing": """
level:galaxy a pmg:Level ; skos:prefLabel "Galaxy"@en ; skos:definition "Very big."@en .
""",
    "sfia code of the wrong form": """
skill:juggling a pmg:Skill ; skos:prefLabel "Juggling"@en ; skos:definition "Balls."@en ;
    pmg:sfiaCode "jug1" .
""",
    "requirement naming a skill and a qualification": REQ.format(
        "pmg:requiredSkill skill:communication ; pmg:requiredQualification cert:pfq ;"
        " pmg:importance pmg:Essential"
    ),
    "requirement naming nothing": REQ.format("pmg:importance pmg:Essential"),
    "requirement with an importance not in the list": REQ.format(
        "pmg:requiredSkill skill:communication ; pmg:importance pmg:Vital"
    ),
    "requirement with two importances": REQ.format(
        "pmg:requiredSkill skill:communication ; pmg:importance pmg:Essential, pmg:Optional"
    ),
    "requirement level above 7": REQ.format(
        "pmg:requiredSkill skill:communication ; pmg:importance pmg:Essential ;"
        " pmg:requiredLevel 9 ; pmg:levelScale pmg:SFIALevelScale"
    ),
    "certification of an unknown kind": """
cert:pfq pmg:certificationKind pmg:Diploma .
""",
    "labels in English and French": ROLE.replace(
        '"Delivery Lead"@en', '"Delivery Lead"@en, "Chef de livraison"@fr'
    ),
    "two French labels beside the English": ROLE.replace(
        '"Delivery Lead"@en', '"Delivery Lead"@en, "Chef de livraison"@fr, "Responsable"@fr'
    ),
    "two English definitions": ROLE.replace('product."@en', 'product."@en, "Leads."@en'),
    "a skill under a skill group": """
skill:juggling a pmg:Skill ; skos:prefLabel "Juggling"@en ; skos:definition "Balls."@en ;
    skos:broader skill:circus .
skill:circus a pmg:SkillGroup ; skos:prefLabel "Circus arts"@en .
""",
    "a skill under a role": """
skill:juggling a pmg:Skill ; skos:prefLabel "Juggling"@en ; skos:definition "Balls."@en ;
    skos:broader role:project-manager .
""",
    "a skill under a literal": """
skill:juggling a pmg:Skill ; skos:prefLabel "Juggling"@en ; skos:definition "Balls."@en ;
    skos:broader "circus" .
""",
    "certification without issuer": """
cert:wizardry a pmg:Certification ; skos:prefLabel "Wizardry"@en ;
    skos:definition "A certificate in wizardry."@en .
""",
}


# Under RDFS a property's range types its object: a skill named where a role is
# expected is then also a role, and conforms (both engines agree on that).
CONFORMING = {
    "a skill where a role is expected",
    "a role required as a skill",
    "labels in English and French",
    "a skill under a skill group",
}


def _both(files: list[Path]) -> dict[str, list[str]]:
    kg = pmograph.load(files, store="oxigraph")
    return {engine: [str(p) for p in validate(kg, engine=engine).problems] for engine in ENGINES}


@pytest.mark.parametrize("case", sorted(CASES))
def test_both_engines_report_the_same_problems(tmp_path: Path, case: str) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(HEAD + CASES[case], encoding="utf-8")
    reports = _both([path])
    if case in CONFORMING:
        assert reports == {"sparql": [], "pyshacl": []}
        return
    assert reports["sparql"], f"{case}: no problem found"
    assert reports["sparql"] == reports["pyshacl"]
    assert all(line.startswith(f"{path}:") for line in reports["sparql"] if "mine" in line)


def test_both_engines_agree_on_the_broken_role_example() -> None:
    reports = _both([Path(__file__).parent / "data" / "broken-role.ttl"])
    assert reports["sparql"]
    assert reports["sparql"] == reports["pyshacl"]
    assert any("broken-role.ttl:" in line for line in reports["sparql"])


def test_both_engines_find_nothing_in_the_packaged_graph() -> None:
    assert _both([]) == {"sparql": [], "pyshacl": []}


def test_memory_and_oxigraph_stores_give_the_same_report(tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(HEAD + CASES["dangling progression"], encoding="utf-8")
    on_memory = [str(p) for p in pmograph.load([path]).validate().problems]
    on_oxigraph = [str(p) for p in pmograph.load([path], store="oxigraph").validate().problems]
    assert on_memory and on_memory == on_oxigraph


def test_unknown_engine_is_a_clear_error() -> None:
    from pmograph.errors import InputError

    with pytest.raises(InputError, match="unknown SHACL engine 'jena'; use one of sparql, pyshacl"):
        validate(pmograph.load(), engine="jena")


def test_first_lines_agrees_with_find_line_on_every_packaged_file() -> None:
    import pyoxigraph as ox

    from pmograph import resources
    from pmograph.loader import find_line, parse_file
    from pmograph.validate import first_lines

    files = [resources.ontology_file(), resources.shapes_file(), *resources.data_files()]
    files.append(Path(__file__).parent / "data" / "broken-role.ttl")
    for path in files:
        iris = {
            t.value
            for q in parse_file(path)
            for t in (q.subject, q.predicate, q.object)
            if isinstance(t, ox.NamedNode)
        }
        expected = {i: n for i in iris if (n := find_line(path, i)) is not None}
        assert first_lines(str(path), iris) == expected, path


def test_first_lines_skips_comments_and_prefixes(tmp_path: Path) -> None:
    from pmograph.validate import first_lines

    path = tmp_path / "x.ttl"
    path.write_text(
        "@prefix role: <https://w3id.org/pmograph/id/role/> .\n"
        "# role:pm is described below\n"
        "role:pmx a role:pm .\n"
        "<https://w3id.org/pmograph/id/role/pm> a role:x .\n",
        encoding="utf-8",
    )
    role = "https://w3id.org/pmograph/id/role/"
    assert first_lines(str(path), {role + "pm", role + "x", role + "nothing"}) == {
        role + "pm": 3,
        role + "x": 4,
    }
