"""Career frameworks in spreadsheets: template, reading, errors, export and round trip."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import pmograph
from pmograph.cli import cli
from pmograph.frameworks import FrameworkError, Names, read_framework, write_template
from pmograph.frameworks.export import export_framework
from pmograph.frameworks.workbook import read_tables
from pmograph.loader import read_files

ROOT = Path(__file__).resolve().parents[1]
ACME = ROOT / "examples" / "acme-framework.xlsx"
ROLE = "https://w3id.org/pmograph/id/user/role/"
PMG = "https://w3id.org/pmograph/ns#"


@pytest.fixture(scope="module")
def names_quads() -> list:
    return read_files().quads


def names(quads: list) -> Names:
    return Names.from_quads(quads)


def small(**extra: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    rows = {
        "Roles": [
            {"id": "lead", "label": "Delivery Lead", "seniority": "senior", "level": "project"},
            {"id": "junior", "label": "Junior Coordinator", "seniority": "junior"},
        ],
        "Progressions": [{"from": "junior", "to": "lead"}],
    }
    rows.update(extra)
    return rows


def problems_of(path: Path, quads: list | None = None) -> list[str]:
    with pytest.raises(FrameworkError) as info:
        read_framework(path, names(quads) if quads is not None else None)
    return [str(p) for p in info.value.problems]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- the template --------------------------------------------------------------
class TestTemplate:
    def test_xlsx_has_sheets_help_and_lists(self, tmp_path: Path) -> None:
        out = tmp_path / "framework.xlsx"
        result = run("template", "-o", str(out))
        assert result.exit_code == 0, result.output
        book = openpyxl.load_workbook(out)
        assert book.sheetnames == [
            "About",
            "Roles",
            "Progressions",
            "Requirements",
            "Activities",
            "Skills",
            "Certifications",
            "Sources",
        ]
        roles = book["Roles"]
        assert [c.value for c in roles[1]][:7] == [
            "ID",
            "Label",
            "Alternative titles",
            "Definition",
            "Family",
            "Seniority",
            "Level",
        ]
        assert "Required" in roles["A1"].comment.text
        lists = {str(dv.sqref): dv.formula1 for dv in roles.data_validations.dataValidation}
        assert lists["F2:F5001"] == '"junior,mid,senior,executive"'
        req = {
            str(dv.sqref): dv.formula1
            for dv in book["Requirements"].data_validations.dataValidation
        }
        assert req["C2:C5001"] == '"1,2,3,4,5,6,7"'
        assert req["D2:D5001"] == '"essential,optional"'

    @pytest.mark.parametrize("name", ["framework", "framework.zip"])
    def test_csv_folder_and_zip(self, tmp_path: Path, name: str) -> None:
        out = tmp_path / name
        assert run("template", "-o", str(out), "--format", "csv").exit_code == 0
        tables = read_tables(out)
        assert {t.name for t in tables} >= {"Roles", "Progressions", "Requirements", "Sources"}
        assert next(t for t in tables if t.name == "Roles").header[5] == "Seniority"

    def test_empty_template_reads_as_no_roles(self, tmp_path: Path) -> None:
        write_template(tmp_path / "t.xlsx")
        assert problems_of(tmp_path / "t.xlsx") == [
            f"{tmp_path / 't.xlsx'}:Roles: lists no roles; add one row per role"
        ]


# -- reading ---------------------------------------------------------------------
class TestRead:
    def test_vocabulary(self, tmp_path: Path, names_quads: list) -> None:
        rows = small(
            Requirements=[
                {
                    "role": "lead",
                    "target": "Project management",
                    "level": "4",
                    "importance": "essential",
                },
                {"role": "Delivery Lead", "target": "PRINCE2", "importance": "optional"},
            ]
        )
        rows["Roles"][0]["aligned"] = (
            "Project Manager; esco:bea99fea-0383-4c63-b944-70d4799de2c5; 13-1082.00"
        )
        write_template(tmp_path / "f.xlsx", rows)
        triples = {
            (q.subject.value, q.predicate.value, q.object.value)
            for q in read_framework(tmp_path / "f.xlsx", names(names_quads))
        }
        lead = ROLE + "lead"
        req = "https://w3id.org/pmograph/id/user/requirement/lead/project-management"
        assert (
            lead,
            PMG + "hasSeniority",
            "https://w3id.org/pmograph/id/seniority/senior",
        ) in triples
        assert (ROLE + "junior", PMG + "progressesTo", lead) in triples
        assert (lead, PMG + "hasRequirement", req) in triples
        assert (
            req,
            PMG + "requiredSkill",
            "https://w3id.org/pmograph/id/skill/project-management",
        ) in triples
        assert (req, PMG + "requiredLevel", "4") in triples
        assert (req, PMG + "importance", PMG + "Essential") in triples
        assert (
            lead,
            PMG + "requiresOptionalQualification",
            "https://w3id.org/pmograph/id/certification/prince2",
        ) in triples
        close = "http://www.w3.org/2004/02/skos/core#closeMatch"
        assert (lead, close, "https://w3id.org/pmograph/id/role/project-manager") in triples
        assert (
            lead,
            close,
            "http://data.europa.eu/esco/occupation/bea99fea-0383-4c63-b944-70d4799de2c5",
        ) in triples
        assert (lead, close, "https://www.onetonline.org/link/summary/13-1082.00") in triples

    def test_workbook_written_by_another_program(self, tmp_path: Path, names_quads: list) -> None:
        xlsxwriter = pytest.importorskip("xlsxwriter")
        path = tmp_path / "other.xlsx"
        book = xlsxwriter.Workbook(str(path))
        ws = book.add_worksheet("roles")  # lower case: names match loosely
        for col, text in enumerate(["id", "label", "seniority", "level", "aligned_to"]):
            ws.write(0, col, text)
        ws.write_row(1, 0, ["pm", "Delivery Lead", "Mid", "project", "Project Manager"])
        ws.write_row(
            2,
            0,
            ["spm", "Senior Delivery Manager", "senior", "project", "role:senior-project-manager"],
        )
        prog = book.add_worksheet("Progressions")
        prog.write_row(0, 0, ["From", "To"])
        prog.write_row(1, 0, ["pm", "spm"])
        prog.write_row(2, 0, ["spm", "Programme Manager"])
        book.close()
        triples = {
            (q.subject.value, q.predicate.value, q.object.value)
            for q in read_framework(path, names(names_quads))
        }
        assert (
            ROLE + "pm",
            PMG + "hasSeniority",
            "https://w3id.org/pmograph/id/seniority/mid",
        ) in triples
        assert (
            ROLE + "spm",
            PMG + "progressesTo",
            "https://w3id.org/pmograph/id/role/programme-manager",
        ) in triples

    def test_names_imported_esco_and_onet_occupations(self, tmp_path: Path) -> None:
        from pmograph.importers.esco import import_esco
        from pmograph.importers.onet import import_onet

        esco, onet = tmp_path / "esco.trig", tmp_path / "onet.trig"
        import_esco(ROOT / "tests" / "data" / "esco", esco)
        import_onet(ROOT / "tests" / "data" / "onet", onet)
        esco_pm = "bea99fea-0383-4c63-b944-70d4799de2c5"
        rows = small(
            Progressions=[
                {"from": "lead", "to": "13-1082.00"},
                {"from": "junior", "to": f"esco:{esco_pm}"},
            ]
        )
        rows["Roles"][0]["aligned"] = "13-1082.00"
        write_template(tmp_path / "f.xlsx", rows)
        quads = read_files([esco, onet]).quads
        triples = {
            (q.subject.value, q.predicate.value, q.object.value)
            for q in read_framework(tmp_path / "f.xlsx", names(quads))
        }
        steps = {(s, o) for s, p, o in triples if p == PMG + "progressesTo"}
        assert steps == {
            (ROLE + "lead", "https://w3id.org/pmograph/id/onet/occupation/13-1082.00"),
            (ROLE + "junior", f"https://w3id.org/pmograph/id/esco/occupation/{esco_pm}"),
        }
        close = "http://www.w3.org/2004/02/skos/core#closeMatch"
        assert (
            ROLE + "lead",
            close,
            "https://www.onetonline.org/link/summary/13-1082.00",
        ) in triples
        # without the import, the code names no role
        rows = small(Progressions=[{"from": "lead", "to": "13-1082.00"}])
        write_template(tmp_path / "g.xlsx", rows)
        (msg,) = problems_of(tmp_path / "g.xlsx", read_files().quads)
        assert msg.endswith(
            "to: 13-1082.00 is not a role in the graph; import the taxonomy that defines it "
            "(pmograph import esco|onet), define it in this workbook, or check the IRI"
        )

    def test_csv_with_semicolons_and_multiline_cells(self, tmp_path: Path) -> None:
        folder = tmp_path / "fw"
        folder.mkdir()
        text = 'ID;Label;Definition;Seniority\r\na;A role;"Two\r\nlines";mid\r\nb;B;x;seniour\r\n'
        (folder / "roles.csv").write_bytes(text.encode("utf-8-sig"))
        assert problems_of(folder) == [
            f"{folder / 'roles.csv'}!D4: seniority 'seniour' is not one of junior, mid, "
            "senior, executive; did you mean senior?"
        ]

    def test_example_loads_and_conforms(self) -> None:
        result = run("validate", "--data", str(ACME))
        assert result.exit_code == 0, result.output
        kg = pmograph.load([ACME])
        assert len([r for r in kg.roles() if r.startswith(ROLE)]) == 13
        steps = kg.path("Delivery Coordinator", "Portfolio Manager")
        assert steps is not None

    def test_why_names_sheet_and_row(self) -> None:
        result = run(
            "why", "Programme Lead", "pmg:progressesTo", "Portfolio Manager", "--data", str(ACME)
        )
        assert result.exit_code == 0, result.output
        assert "acme-framework.xlsx, sheet Progressions, row 8" in result.output


# -- errors --------------------------------------------------------------------------
def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


HEADER = ["ID", "Label", "Seniority"]


class TestErrors:
    def test_bad_choice_with_suggestion(self, tmp_path: Path) -> None:
        p = _xlsx(tmp_path / "framework.xlsx", {"Roles": [HEADER, ["a", "A role", "seniour"]]})
        assert problems_of(p) == [
            f"{p}:Roles!C2: seniority 'seniour' is not one of junior, mid, senior, executive; did you mean senior?"
        ]

    def test_all_problems_at_once_and_nothing_loaded(self, tmp_path: Path) -> None:
        p = _xlsx(
            tmp_path / "f.xlsx",
            {
                "Roles": [HEADER, ["a", "A", "senior"], ["a", "B", "mid"], ["c", None, "mid"]],
                "Progressions": [["From", "To"], ["a", "Nobody At All"]],
            },
        )
        found = problems_of(p)
        assert found == [
            f"{p}:Roles!A3: duplicated id 'a' (first in row 2); give each row its own id",
            f"{p}:Roles!B4: label is empty; it is required",
            f"{p}:Progressions!B2: to: no role is called 'Nobody At All'; define it in this workbook or check the spelling",
        ]
        result = run("validate", "--data", str(p))
        assert result.exit_code == 1
        assert result.stdout.splitlines() == found
        other = run("stats", "--data", str(p))
        assert other.exit_code == 2
        assert "Traceback" not in other.output and found[0] in other.output

    def test_formula_cell(self, tmp_path: Path) -> None:
        p = _xlsx(
            tmp_path / "f.xlsx",
            {"Roles": [HEADER, ["a", '=CONCAT("x","y")', "mid"], ["b", "B", "seniour"]]},
        )
        assert problems_of(p) == [  # reported with the other problems, all at once
            f'{p}:Roles!B2: a formula (=CONCAT("x","y")) is not evaluated; type the value itself',
            f"{p}:Roles!C3: seniority 'seniour' is not one of junior, mid, senior, executive; "
            "did you mean senior?",
        ]

    def test_merged_header(self, tmp_path: Path) -> None:
        p = tmp_path / "f.xlsx"
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "Roles"
        ws.append(["ID", "Label", None])
        ws.append(["a", "A", "mid"])
        ws.merge_cells("B1:C1")
        book.save(p)
        assert (
            f"{p}:Roles!B1:C1: merged cells are not read (each value needs its own cell); unmerge them"
            in problems_of(p)
        )

    def test_empty_sheet(self, tmp_path: Path) -> None:
        p = _xlsx(tmp_path / "f.xlsx", {"Roles": [HEADER, ["a", "A", "mid"]], "Progressions": []})
        assert problems_of(p) == [
            f"{p}:Progressions: the sheet is empty; it needs a header row (From, To, Note, Source)"
        ]

    def test_unknown_sheet_and_column(self, tmp_path: Path) -> None:
        p = _xlsx(
            tmp_path / "f.xlsx",
            {
                "Roles": [["ID", "Label", "Senority"], ["a", "A", "mid"]],
                "Progresions": [["From", "To"]],
            },
        )
        found = problems_of(p)
        assert found[0].startswith(f"{p}:Roles!C1: unknown column 'Senority'; Roles has ID, Label")
        assert found[0].endswith("did you mean seniority?")
        assert found[1].startswith(f"{p}:Progresions: unknown sheet 'Progresions'") and found[
            1
        ].endswith("did you mean progressions?")

    def test_cycle(self, tmp_path: Path) -> None:
        rows = small(
            Progressions=[{"from": "junior", "to": "lead"}, {"from": "lead", "to": "junior"}]
        )
        write_template(tmp_path / "f.xlsx", rows)
        assert problems_of(tmp_path / "f.xlsx") == [
            f"{tmp_path / 'f.xlsx'}:Progressions!A2: progressions form a cycle: Junior Coordinator -> Delivery Lead -> Junior Coordinator (rows 2, 3); remove one of them"
        ]

    def test_ambiguous_name(self, tmp_path: Path, names_quads: list) -> None:
        rows = small(Progressions=[{"from": "lead", "to": "Project Manager"}])
        rows["Roles"][1]["label"] = "Project Manager"
        write_template(tmp_path / "f.xlsx", rows)
        (found,) = problems_of(tmp_path / "f.xlsx", names_quads)
        assert (
            "to: 'Project Manager' names several roles: "
            "Project Manager (<https://w3id.org/pmograph/id/role/project-manager>); "
            "Project Manager (this workbook); write the ID or the IRI instead"
        ) in found

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        p = tmp_path / "f.xlsx"
        p.write_text("id,label\n")
        assert problems_of(p) == [
            f"{p}: not an Excel workbook (.xlsx) nor a zip of CSV files; save it as .xlsx"
        ]
        old = tmp_path / "old.xlsx"
        old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
        assert problems_of(old) == [
            f"{old}: an old binary .xls workbook (or an encrypted one); save it as .xlsx"
        ]
        broken = tmp_path / "broken.xlsx"
        broken.write_bytes(b"PK\x03\x04 not really")
        (msg,) = problems_of(broken)
        assert msg.startswith(f"{broken}: not a readable workbook")
        assert run("stats", "--data", str(missing := tmp_path / "none.xlsx")).exit_code == 2
        assert problems_of(missing) == [f"{missing}: file not found; check the path"]

    def test_missing_column_is_reported_once(self, tmp_path: Path) -> None:
        p = _xlsx(tmp_path / "f.xlsx", {"Roles": [["ID", "Seniority"], ["a", "mid"], ["b", "mid"]]})
        assert problems_of(p) == [
            f"{p}:Roles: no 'Label' column; add it to the header row (ID, Label, Alternative "
            "titles, Definition, Family, Seniority, Level, Aligned to, Match, Source)"
        ]

    def test_problems_are_capped(self, tmp_path: Path) -> None:
        rows = [HEADER] + [[f"r{i}", f"R{i}", "x"] for i in range(300)]
        found = problems_of(_xlsx(tmp_path / "f.xlsx", {"Roles": rows}))
        assert len(found) == 201
        assert found[0].endswith(
            "Roles!C2: seniority 'x' is not one of junior, mid, senior, executive"
        )
        assert found[-1] == f"{tmp_path / 'f.xlsx'}: and 100 more problems; fix these first"

    def test_zip_bomb(self, tmp_path: Path) -> None:
        p = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 2**20))
        (msg,) = problems_of(p)
        assert msg.startswith(f"{p}: xl/worksheets/sheet1.xml would unpack") and "zip bomb" in msg

    def test_huge(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        import pmograph.frameworks.workbook as wb

        monkeypatch.setattr(wb, "MAX_ROWS", 10)
        p = _xlsx(
            tmp_path / "f.xlsx",
            {"Roles": [HEADER] + [[f"r{i}", f"R{i}", "mid"] for i in range(20)]},
        )
        assert problems_of(p) == [f"{p}:Roles: more than 10 rows; split the sheet"]
        monkeypatch.setattr(wb, "MAX_UNPACKED", 1000)
        assert problems_of(p)[0].startswith(f"{p}: the file would unpack to")

    def test_csv_errors_name_file_and_cell(self, tmp_path: Path) -> None:
        folder = tmp_path / "fw"
        folder.mkdir()
        (folder / "Roles.csv").write_text(
            "ID,Label,Seniority\na,A,mid\nb,B,seniour\n", encoding="utf-8"
        )
        (folder / "Progressions.csv").write_text("From,To\na,zz\n", encoding="utf-8")
        assert problems_of(folder) == [
            f"{folder / 'Roles.csv'}!C3: seniority 'seniour' is not one of junior, mid, senior, executive; did you mean senior?",
            f"{folder / 'Progressions.csv'}!B2: to: no role is called 'zz'; define it in this workbook or check the spelling",
        ]


# -- export and round trip --------------------------------------------------------------------
def _quads(path: Path, quads: list) -> set:
    return set(read_framework(path, names(quads)))


class TestExport:
    @pytest.mark.parametrize(
        "fmt,name", [("xlsx", "acme-framework.xlsx"), ("csv", "acme-framework.zip")]
    )
    def test_round_trip_is_isomorphic(
        self, tmp_path: Path, names_quads: list, fmt: str, name: str
    ) -> None:
        if fmt == "csv":  # first into CSV, so the file names (and graph names) match
            src = tmp_path / "src" / name
            src.parent.mkdir()
            export_framework(pmograph.load([ACME]), src, fmt="csv", only_user=True)
        else:
            src = ACME
        out = tmp_path / "out" / name
        out.parent.mkdir()
        result = run("export", "--format", fmt, "--only-user", "-o", str(out), "--data", str(src))
        assert result.exit_code == 0, result.output
        before, after = _quads(src, names_quads), _quads(out, names_quads)
        assert len(before) > 300
        assert before == after

    def test_formula_text_is_written_as_text(self, tmp_path: Path, names_quads: list) -> None:
        rows = small()
        rows["Roles"][0]["label"] = '=HYPERLINK("http://x","click")'
        rows["Roles"][1]["definition"] = "+44 is a phone prefix"
        write_template(tmp_path / "a.xlsx", rows)
        cell = openpyxl.load_workbook(tmp_path / "a.xlsx")["Roles"]["B2"]
        assert cell.data_type == "s" and cell.quotePrefix
        kg = pmograph.load([tmp_path / "a.xlsx"])
        assert kg.label(ROLE + "lead") == '=HYPERLINK("http://x","click")'
        (tmp_path / "b").mkdir()
        export_framework(kg, tmp_path / "b" / "a.zip", fmt="csv", only_user=True)
        with zipfile.ZipFile(tmp_path / "b" / "a.zip") as z:
            text = z.read("Roles.csv").decode("utf-8-sig")
        assert "'=HYPERLINK" in text and "'+44" in text
        shutil.copy(tmp_path / "a.xlsx", tmp_path / "b" / "a.xlsx")
        assert {q.object.value for q in _quads(tmp_path / "b" / "a.zip", names_quads)} >= {
            '=HYPERLINK("http://x","click")',
            "+44 is a phone prefix",
        }

    def test_import_framework_writes_trig(self, tmp_path: Path) -> None:
        out = tmp_path / "org.trig"
        result = run("import", "framework", str(ACME), "-o", str(out))
        assert result.exit_code == 0, result.output
        kg = pmograph.load([out])
        assert kg.label(kg.find("Delivery Office Lead")) == "Delivery Office Lead"
        assert run("validate", "--data", str(out)).exit_code == 0

    def test_never_writes_an_input(self, tmp_path: Path) -> None:
        copy = tmp_path / "acme.xlsx"
        shutil.copy(ACME, copy)
        before = copy.read_bytes()
        for args in (
            ["export", "--format", "xlsx", "-o", str(copy), "--data", str(copy)],
            ["import", "framework", str(copy), "-o", str(copy)],
        ):
            result = run(*args)
            assert result.exit_code == 2
            assert f"{copy}: is the input {copy}; write to another path" in result.output
        assert copy.read_bytes() == before

    def test_example_is_what_its_script_writes(self, tmp_path: Path, names_quads: list) -> None:
        import subprocess
        import sys

        out = tmp_path / ACME.name
        script = ROOT / "examples" / "make_acme_framework.py"
        subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)
        assert _quads(out, names_quads) == _quads(ACME, names_quads)

    def test_only_user_needs_framework_format(self, tmp_path: Path) -> None:
        result = run("export", "--only-user", "--format", "trig")
        assert result.exit_code == 2


class TestExportIsTheSameFromEveryStore:
    """The rows depend on the graph, not on the order a store gives its quads in."""

    def test_memory_oxigraph_and_cache_give_the_same_rows(self, tmp_path: Path) -> None:
        from pmograph.frameworks.export import framework_rows

        graphs = [
            pmograph.load([ACME], store="memory"),
            pmograph.load([ACME], store="oxigraph"),
            pmograph.load([ACME], store="oxigraph", cache=tmp_path / "cache"),
            pmograph.load([ACME], store="oxigraph", cache=tmp_path / "cache"),  # a hit
        ]
        for only_user in (False, True):
            rows = [framework_rows(kg, only_user=only_user) for kg in graphs]
            assert rows[0]["Sources"], "the packaged sources are cited"
            assert all(r == rows[0] for r in rows[1:])

    def test_a_triple_in_two_graphs_gives_one_row_in_any_order(self, tmp_path: Path) -> None:
        from pmograph.frameworks.export import framework_rows

        role = "<https://w3id.org/pmograph/id/user/role/lead>"
        graphs = []
        for first, second in (("a", "b"), ("b", "a")):
            path = tmp_path / f"{first}{second}.trig"
            text = "@prefix pmg: <https://w3id.org/pmograph/ns#> .\n"
            text += "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            text += "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
            text += "@prefix dct: <http://purl.org/dc/terms/> .\n"
            for g in (first, second):
                text += (
                    f"<https://x.org/g/{g}> {{ {role} a pmg:Role ; "
                    f'skos:prefLabel "Lead"@en ; skos:definition "Leads."@en . }}\n'
                    f"<https://x.org/g/{g}> prov:wasDerivedFrom <https://x.org/source/{g}> .\n"
                    f'<https://x.org/source/{g}> dct:title "Source {g}" .\n'
                )
            path.write_text(text, "utf-8")
            graphs.append(framework_rows(pmograph.load([path], store="oxigraph"), only_user=True))
        assert graphs[0] == graphs[1]
        assert [r["label"] for r in graphs[0]["Roles"]] == ["Lead"]

    def test_labels_come_in_the_language_asked(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from pmograph.frameworks.export import framework_rows

        path = tmp_path / "two-languages.trig"
        path.write_text(
            "@prefix pmg: <https://w3id.org/pmograph/ns#> .\n"
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            "<https://x.org/g> { <https://w3id.org/pmograph/id/user/role/pm> a pmg:Role ;\n"
            '  skos:prefLabel "Gestionnaire de projet"@fr , "Project lead"@en ;\n'
            '  skos:altLabel "Chef de projet"@fr , "Delivery lead"@en , "PL"@en ;\n'
            '  skos:definition "Mène un projet."@fr , "Leads a project."@en . }\n',
            "utf-8",
        )

        def row() -> dict[str, str]:
            rows = framework_rows(pmograph.load([path], store="oxigraph"), only_user=True)
            (only,) = rows["Roles"]
            return only

        english = row()
        assert (english["label"], english["alt"], english["definition"]) == (
            "Project lead",
            "Delivery lead; PL",
            "Leads a project.",
        )
        monkeypatch.setenv("PMOGRAPH_LANGUAGE", "fr")
        french = row()
        assert (french["label"], french["alt"], french["definition"]) == (
            "Gestionnaire de projet",
            "Chef de projet",
            "Mène un projet.",
        )
