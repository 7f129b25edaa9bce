"""How fast ``pmograph import esco`` / ``import onet`` are, against the plain way in the same run.

The plain way: Python's :mod:`csv` module reading the same files into an rdflib
``Dataset`` (the same resources, labels and qualified requirements, one triple
at a time) and rdflib serializing TriG.  pmograph: the importer (csv by header,
pyoxigraph terms, pyoxigraph's TriG serializer).  Each measurement runs in a
fresh Python process, timed from outside (wall clock, imports included), its
peak resident memory read with ``os.wait4``; pmograph and the plain way
alternate, medians over ``--runs`` runs.

Data: the full ESCO v1.1.1 download (en, fr, relations) and O*NET 30.x + 29.x
skills from ``../shared/datasets``; the test excerpts when those are missing.

Run: ``python benchmarks/imports.py [--runs 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/datasets")
EXCERPTS = ROOT / "tests" / "data"

PMOGRAPH_CHILD = r"""
import json, sys
from pmograph.importers.esco import import_esco
from pmograph.importers.onet import import_onet
kind, folders, out = json.loads(sys.stdin.read())
run = import_esco if kind == "esco" else import_onet
result = run(folders, out)
print(result.quads)
"""

PLAIN_CHILD = r"""
import csv, json, sys
from pathlib import Path
from rdflib import Dataset, Literal, Namespace, RDF, SKOS, URIRef
csv.field_size_limit(1 << 24)
kind, folders, out = json.loads(sys.stdin.read())
PMG = Namespace("https://w3id.org/pmograph/ns#")
ID = "https://w3id.org/pmograph/id/"
ds = Dataset()
g = ds.graph(URIRef(ID + "graph/import/" + kind))

def rows(path, delimiter=","):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)

def esco_node(uri):
    return URIRef(ID + "esco/" + uri[len("http://data.europa.eu/esco/"):])

if kind == "esco":
    files = [p for f in folders for p in sorted(Path(f).rglob("*.csv"))]
    for path in files:
        name = path.stem.split("_")[0]
        lang = path.stem.split("_")[1] if "_" in path.stem else "en"
        if name in ("occupations", "skills", "ISCOGroups", "skillGroups"):
            cls = PMG.Role if name == "occupations" else PMG.Skill if name == "skills" else SKOS.Concept
            for r in rows(path):
                n = esco_node(r["conceptUri"])
                g.add((n, RDF.type, cls))
                g.add((n, SKOS.exactMatch, URIRef(r["conceptUri"])))
                g.add((n, SKOS.prefLabel, Literal(r["preferredLabel"], lang=lang)))
                for alt in (r.get("altLabels") or "").splitlines():
                    if alt.strip():
                        g.add((n, SKOS.altLabel, Literal(alt.strip(), lang=lang)))
                if r.get("description"):
                    g.add((n, SKOS.definition, Literal(r["description"], lang=lang)))
    for path in files:
        if path.stem.startswith("occupationSkillRelations"):
            for r in rows(path):
                occ, skill = esco_node(r["occupationUri"]), esco_node(r["skillUri"])
                req = URIRef(ID + "esco/requirement/" + r["occupationUri"][-36:] + "/" + r["skillUri"][-36:])
                g.add((occ, PMG.hasRequirement, req))
                g.add((req, RDF.type, PMG.Requirement))
                g.add((req, PMG.requiredSkill, skill))
                ess = r["relationType"] == "essential"
                g.add((req, PMG.importance, PMG.Essential if ess else PMG.Optional))
                g.add((occ, PMG.requiresEssentialSkill if ess else PMG.requiresOptionalSkill, skill))
        elif path.stem.startswith(("broaderRelations", "skillSkill")):
            for r in rows(path):
                a = r.get("conceptUri") or r.get("originalSkillUri")
                b = r.get("broaderUri") or r.get("relatedSkillUri")
                g.add((esco_node(a), SKOS.broader, esco_node(b)))
else:
    for folder in folders:
        folder = Path(folder)
        if (folder / "Occupation Data.txt").is_file():
            for r in rows(folder / "Occupation Data.txt", "\t"):
                n = URIRef(ID + "onet/occupation/" + r["O*NET-SOC Code"])
                g.add((n, RDF.type, PMG.Role))
                g.add((n, SKOS.prefLabel, Literal(r["Title"], lang="en")))
                g.add((n, SKOS.definition, Literal(r["Description"], lang="en")))
        if (folder / "Alternate Titles.txt").is_file():
            for r in rows(folder / "Alternate Titles.txt", "\t"):
                n = URIRef(ID + "onet/occupation/" + r["O*NET-SOC Code"])
                g.add((n, SKOS.altLabel, Literal(r["Alternate Title"], lang="en")))
        if (folder / "Task Statements.txt").is_file():
            for r in rows(folder / "Task Statements.txt", "\t"):
                t = URIRef(ID + "onet/task/" + r["Task ID"])
                g.add((t, RDF.type, PMG.Activity))
                g.add((t, SKOS.prefLabel, Literal(r["Task"], lang="en")))
                g.add((URIRef(ID + "onet/occupation/" + r["O*NET-SOC Code"]), PMG.performs, t))
        if (folder / "Technology Skills.txt").is_file():
            for r in rows(folder / "Technology Skills.txt", "\t"):
                occ = URIRef(ID + "onet/occupation/" + r["O*NET-SOC Code"])
                tech = URIRef(ID + "onet/technology/" + r["Example"].replace(" ", "%20"))
                req = URIRef(str(occ).replace("occupation", "requirement") + "/technology/" + r["Example"].replace(" ", "%20"))
                g.add((tech, RDF.type, PMG.Skill))
                g.add((tech, SKOS.prefLabel, Literal(r["Example"], lang="en")))
                g.add((occ, PMG.hasRequirement, req))
                g.add((req, PMG.requiredSkill, tech))
        if (folder / "Skills.txt").is_file():
            for r in rows(folder / "Skills.txt", "\t"):
                occ = URIRef(ID + "onet/occupation/" + r["O*NET-SOC Code"])
                req = URIRef(ID + "onet/requirement/" + r["O*NET-SOC Code"] + "/" + r["Element ID"])
                g.add((occ, PMG.hasRequirement, req))
                g.add((req, PMG.requiredSkill, URIRef(ID + "onet/skill/" + r["Element ID"])))
                prop = PMG.importanceRating if r["Scale ID"] == "IM" else PMG.requiredLevel
                g.add((req, prop, Literal(r["Data Value"])))
ds.serialize(destination=out, format="trig")
print(len(g))
"""


def _run(child: str, payload: list[object]) -> tuple[float, float, str]:
    """(seconds, peak MiB, stdout) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", child],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(payload))
    proc.stdin.close()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"child failed ({status}): {payload}")
    return elapsed, usage.ru_maxrss / 1024, out.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if (SHARED / "esco-1.1.1").is_dir():
        sets = {
            "esco": [str(SHARED / "esco-1.1.1" / d) for d in ("en", "fr", "relations")],
            "onet": [str(SHARED / "onet-30"), str(SHARED / "onet-29-skills")],
        }
        where = "full published files"
    else:
        sets = {
            "esco": [str(EXCERPTS / "esco-1.1.1")],
            "onet": [str(EXCERPTS / d) for d in ("onet", "onet-30", "onet-29-skills")],
        }
        where = "test excerpts"
    print(f"# imports, {where}; medians of {args.runs} alternating runs (fresh process each)\n")
    print(
        "| dataset | pmograph s | plain csv+rdflib s | ratio | pmograph peak MiB | plain peak MiB | quads (pmograph) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, folders in sets.items():
            ours: list[tuple[float, float, str]] = []
            plain: list[tuple[float, float, str]] = []
            for _ in range(args.runs):
                ours.append(_run(PMOGRAPH_CHILD, [kind, folders, f"{tmp}/{kind}.trig"]))
                plain.append(_run(PLAIN_CHILD, [kind, folders, f"{tmp}/{kind}-plain.trig"]))
            t_ours = statistics.median(r[0] for r in ours)
            t_plain = statistics.median(r[0] for r in plain)
            m_ours = statistics.median(r[1] for r in ours)
            m_plain = statistics.median(r[1] for r in plain)
            print(
                f"| {kind} | {t_ours:.1f} | {t_plain:.1f} | {t_plain / t_ours:.1f}x | "
                f"{m_ours:.0f} | {m_plain:.0f} | {int(ours[0][2]):,} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
