"""Cut the ESCO v1.1.1 and O*NET 29/30 test excerpts from ../shared/datasets (whole records, byte for byte).

Run from the repository root: ``python tests/data/tools/make_excerpts.py``.  The
excerpts are committed; this script documents how they were made.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

csv.field_size_limit(1 << 24)

SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/datasets")
OUT = Path("tests/data")
OCC = "http://data.europa.eu/esco/occupation/"
PM = OCC + "bea99fea-0383-4c63-b944-70d4799de2c5"
PGM = OCC + "c94f3565-d987-431f-a46b-6f4e018e0bd7"
ICT_PM = OCC + "8b6388a4-4904-471b-9331-d3b1211f5525"


def records(path: Path) -> tuple[bytes, list[tuple[dict[str, str], bytes]]]:
    """The header line and each record with its exact bytes (records may span lines)."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    lines = text.splitlines(keepends=True)
    head = lines[0]
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = next(reader)
    out = []
    start = 1
    for row in reader:
        end = reader.line_num
        raw = "".join(lines[start:end]).encode("utf-8")
        start = end
        out.append((dict(zip(columns, row)), raw))
    return head.encode("utf-8"), out


def write(path: Path, head: bytes, rows: list[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(head + b"".join(rows))
    print(f"{path}: {len(rows)} records")


def esco() -> None:
    src = SHARED / "esco-1.1.1"
    dst = OUT / "esco-1.1.1"
    head, occ = records(src / "en" / "occupations_en.csv")
    head_b, broader = records(src / "relations" / "broaderRelationsOccPillar.csv")
    by_label = {r["preferredLabel"]: r["conceptUri"] for r, _ in occ}
    hubs = {
        by_label[x]
        for x in (
            "policy manager",
            "ICT operations manager",
            "business analyst",
            "chief data officer",
        )
    }
    wanted = {PM, PGM, ICT_PM} | hubs
    # neighbours: the narrower occupations of the hubs
    for r, _ in broader:
        if r["broaderUri"] in hubs and r["conceptType"] == "Occupation":
            wanted.add(r["conceptUri"])
    occ_rows = [(r, raw) for r, raw in occ if r["conceptUri"] in wanted]
    write(dst / "en" / "occupations_en.csv", head, [raw for _, raw in occ_rows])
    isco = {r["iscoGroup"] for r, _ in occ_rows}
    isco = {c[:k] for c in isco for k in range(1, len(c) + 1)}
    head_os, rels = records(src / "relations" / "occupationSkillRelations.csv")
    occ_rels = [(r, raw) for r, raw in rels if r["occupationUri"] in wanted]
    described = {r["conceptUri"] for r, _ in occ}
    orphans = [raw for r, raw in rels if r["occupationUri"] not in described][:2]
    write(
        dst / "relations" / "occupationSkillRelations.csv",
        head_os,
        [raw for _, raw in occ_rels] + orphans,
    )
    skills = {r["skillUri"] for r, _ in occ_rels}
    head_s, all_skills = records(src / "en" / "skills_en.csv")
    head_ss, ss = records(src / "relations" / "skillSkillRelations.csv")
    write(
        dst / "relations" / "skillSkillRelations.csv",
        head_ss,
        [
            raw
            for r, raw in ss
            if r["originalSkillUri"] in skills and r["relatedSkillUri"] in skills
        ],
    )
    head_sp, sp = records(src / "relations" / "broaderRelationsSkillPillar.csv")
    keep = set(skills)
    changed = True
    while changed:
        changed = False
        for r, _ in sp:
            if r["conceptUri"] in keep and r["broaderUri"] not in keep:
                keep.add(r["broaderUri"])
                changed = True
    write(
        dst / "relations" / "broaderRelationsSkillPillar.csv",
        head_sp,
        [raw for r, raw in sp if r["conceptUri"] in keep and r["broaderUri"] in keep],
    )
    skill_uris = {r["conceptUri"] for r, _ in all_skills}
    groups = keep - skill_uris
    write(
        dst / "en" / "skills_en.csv",
        head_s,
        [raw for r, raw in all_skills if r["conceptUri"] in keep],
    )
    isco_uris = {"http://data.europa.eu/esco/isco/C" + c for c in isco}
    write(
        dst / "relations" / "broaderRelationsOccPillar.csv",
        head_b,
        [
            raw
            for r, raw in broader
            if r["conceptUri"] in wanted | isco_uris and r["broaderUri"] in wanted | isco_uris
        ],
    )
    for lang in ("en", "fr"):
        h, g = records(src / lang / f"skillGroups_{lang}.csv")
        write(
            dst / lang / f"skillGroups_{lang}.csv",
            h,
            [raw for r, raw in g if r["conceptUri"] in groups],
        )
        h, g = records(src / lang / f"ISCOGroups_{lang}.csv")
        write(dst / lang / f"ISCOGroups_{lang}.csv", h, [raw for r, raw in g if r["code"] in isco])
        h, g = records(src / lang / f"skillsHierarchy_{lang}.csv")
        write(
            dst / lang / f"skillsHierarchy_{lang}.csv",
            h,
            [
                raw
                for r, raw in g
                if [r[f"Level {k} URI"] for k in range(4) if r.get(f"Level {k} URI")][-1:]
                and [r[f"Level {k} URI"] for k in range(4) if r.get(f"Level {k} URI")][-1] in groups
            ],
        )
    h, g = records(src / "fr" / "occupations_fr.csv")
    write(dst / "fr" / "occupations_fr.csv", h, [raw for r, raw in g if r["conceptUri"] in wanted])


def onet() -> None:
    codes = [
        line.split("\t")[0]
        for line in (OUT / "onet" / "Occupation Data.txt")
        .read_text(encoding="utf-8")
        .splitlines()[1:]
    ]
    rated = [
        "13-1082.00",
        "15-1299.09",
        "11-3021.00",
        "11-9021.00",
        "13-1111.00",
        "15-1211.00",
        "15-1252.00",
        "11-1021.00",
        "13-1081.00",
        "15-2031.00",
    ]

    def cut(src: Path, dst: Path, keep, per_code: int | None = None) -> None:
        lines = src.read_bytes().split(b"\n")
        seen: dict[str, int] = {}
        out = []
        for raw in lines[1:]:
            if not raw:
                continue
            code = raw.split(b"\t")[0].decode()
            if keep(code) and (per_code is None or seen.get(code, 0) < per_code):
                seen[code] = seen.get(code, 0) + 1
                out.append(raw + b"\n")
        write(dst, lines[0] + b"\n", out)

    cut(
        SHARED / "onet-30" / "Alternate Titles.txt",
        OUT / "onet-30" / "Alternate Titles.txt",
        lambda c: c in codes,
        6,
    )
    cut(
        SHARED / "onet-30" / "Technology Skills.txt",
        OUT / "onet-30" / "Technology Skills.txt",
        lambda c: c in rated,
        8,
    )
    cut(
        SHARED / "onet-30" / "Occupation Data.txt",
        OUT / "onet-30" / "Occupation Data.txt",
        lambda c: c in codes,
    )
    cut(
        SHARED / "onet-29-skills" / "Skills.txt",
        OUT / "onet-29-skills" / "Skills.txt",
        lambda c: c in rated,
    )


if __name__ == "__main__":
    esco()
    onet()
