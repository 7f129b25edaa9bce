"""`pmograph validate`: exit 0 conforms, 1 problems (one line each), 2 unreadable."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

import pmograph
from pmograph.cli import cli

HEAD = """@prefix pmg: <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix role: <https://w3id.org/pmograph/id/role/> .
"""

GOOD = (
    HEAD
    + """
role:delivery-lead a pmg:Role ;
    skos:prefLabel "Delivery Lead"@en ;
    skos:definition "Leads the delivery of a product."@en ;
    pmg:hasSeniority <https://w3id.org/pmograph/id/seniority/mid> ;
    pmg:progressesTo role:programme-manager .
"""
)


def validate(tmp_path: Path, text: str, name: str = "mine.ttl") -> tuple[int, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--data", str(path)])
    return result.exit_code, result.output


def test_packaged_graph_conforms() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert re.search(r"conforms: \d+ quads in \d+ files, \d+ checks passed", result.output)


def test_a_good_user_file_conforms(tmp_path: Path) -> None:
    code, out = validate(tmp_path, GOOD)
    assert code == 0, out


def test_truncated_turtle_is_exit_2_with_file_line_column(tmp_path: Path) -> None:
    code, out = validate(tmp_path, GOOD[: GOOD.index("Leads")])
    assert code == 2
    assert re.fullmatch(r"Error: \S*mine\.ttl:7:\d+: .+; fix the syntax there and try again\n", out)
    assert "Traceback" not in out


def test_undefined_role_in_a_progression(tmp_path: Path) -> None:
    code, out = validate(tmp_path, GOOD.replace("role:programme-manager", "role:chief-wizard"))
    assert code == 1
    lines = out.splitlines()[:-1]
    assert re.match(
        r"\S*mine\.ttl:5: <https://w3id.org/pmograph/id/role/delivery-lead>: ", lines[0]
    )
    for line in lines:  # the shapes and the dangling-reference check both say so
        assert re.match(r"\S*mine\.ttl:[59]: <\S+/role/(delivery-lead|chief-wizard)>: ", line)
        assert "chief-wizard" in line
    assert out.splitlines()[-1] == f"{len(lines)} problem(s) found; the data does not conform"


def test_missing_label(tmp_path: Path) -> None:
    code, out = validate(tmp_path, GOOD.replace('skos:prefLabel "Delivery Lead"@en ;\n', ""))
    assert code == 1
    assert re.search(r"mine\.ttl:5: <\S+/role/delivery-lead>: .*(label|prefLabel)", out, re.I)


def test_two_english_labels(tmp_path: Path) -> None:
    code, out = validate(
        tmp_path, GOOD.replace('"Delivery Lead"@en', '"Delivery Lead"@en, "Lead"@en')
    )
    assert code == 1
    assert "delivery-lead" in out


def test_literal_where_a_role_is_expected(tmp_path: Path) -> None:
    code, out = validate(tmp_path, GOOD.replace("role:programme-manager", '"Programme Manager"'))
    assert code == 1
    assert re.search(r"mine\.ttl:5: <\S+/role/delivery-lead>: .*Programme Manager", out)


def test_progression_cycle_is_reported(tmp_path: Path) -> None:
    cycle = GOOD + "role:programme-manager pmg:progressesTo role:delivery-lead .\n"
    code, out = validate(tmp_path, cycle)
    assert code == 1
    assert re.search(r"cycle", out, re.I)


def test_library_report(tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(GOOD.replace("role:programme-manager", "role:chief-wizard"), encoding="utf-8")
    report = pmograph.load([path]).validate()
    assert not report.conforms
    assert {p.resource for p in report.problems} == {
        "https://w3id.org/pmograph/id/role/delivery-lead",
        "https://w3id.org/pmograph/id/role/chief-wizard",
    }
    assert {p.line for p in report.problems} == {5, 9}


def test_imported_taxonomies_conform(tmp_path: Path) -> None:
    """Regression: an import names its dataset as source and needs no quote to validate."""
    data = Path(__file__).parent / "data"
    runner = CliRunner()
    for name in ("esco", "onet"):
        out = tmp_path / f"{name}.trig"
        result = runner.invoke(cli, ["import", name, str(data / name), "-o", str(out)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli,
        ["validate", "--data", str(tmp_path / "esco.trig"), "--data", str(tmp_path / "onet.trig")],
    )
    assert result.exit_code == 0, result.output


def test_text_where_a_role_is_expected_is_reported_once(tmp_path: Path) -> None:
    code, out = validate(tmp_path, GOOD.replace("role:programme-manager", '"Programme Manager"'))
    assert code == 1
    assert out.count("Programme Manager") == 1
    assert "(graph)" not in out
