"""Import O*NET occupations, related occupations and tasks (tab-delimited text).

Reads ``Occupation Data.txt``, ``Related Occupations.txt`` and
``Task Statements.txt`` from the O*NET database's text download and writes
them in pmograph's vocabulary:

- each occupation becomes a ``pmg:Role``
  ``https://w3id.org/pmograph/id/onet/occupation/<O*NET-SOC code>`` with
  ``skos:prefLabel``, ``skos:definition``, the code as ``skos:notation``,
  ``skos:exactMatch`` its O*NET OnLine IRI
  (``https://www.onetonline.org/link/summary/<code>``, the IRI pmograph's
  alignments use for O*NET occupations, so that an import meets the packaged
  roles), and ``skos:broader`` its SOC major group
  (``https://w3id.org/pmograph/id/onet/group/13-0000``, a ``skos:Concept``
  named after the first two digits of the code);
- each related occupation becomes a direct ``pmg:relatedRole`` link plus a
  qualified ``pmg:RoleRelation``
  (``https://w3id.org/pmograph/id/onet/related/<from>/<to>``) carrying
  ``pmg:relatedFrom``, ``pmg:relatedTo``, ``pmg:relatednessRank`` (O*NET's
  Index, 1 = most related) and ``pmg:relatednessTier`` (Primary-Short,
  Primary-Long or Supplemental).  O*NET's links are directed: B need not list
  A among its related occupations;
- each task statement becomes a ``pmg:Activity``
  ``https://w3id.org/pmograph/id/onet/task/<Task ID>`` (label and
  definition: the statement; notation: the Task ID; ``pmg:taskType`` Core or Supplemental when
  O*NET gives one) that the occupation ``pmg:performs``.

Everything goes into the named graph
``https://w3id.org/pmograph/id/graph/import/onet``, described in the default
graph with the source, release, licence (CC BY 4.0) and the attribution
USDOL/ETA asks for.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from pmograph.importers.common import (
    RDF_TYPE,
    SKOS_BROADER,
    SKOS_CONCEPT,
    SKOS_DEFINITION,
    SKOS_EXACT,
    SKOS_NOTATION,
    SKOS_PREF,
    XSD_INTEGER,
    Importer,
    ImportResult,
    RowWarning,
    en,
    extra_fields,
    pmg,
    read_table,
    require_files,
)
from pmograph.namespaces import PMGID_IRI

OCCUPATIONS_FILE = "Occupation Data.txt"
RELATED_FILE = "Related Occupations.txt"
TASKS_FILE = "Task Statements.txt"
FILES = (OCCUPATIONS_FILE, RELATED_FILE, TASKS_FILE)

OCCUPATION_IRI = PMGID_IRI + "onet/occupation/"
GROUP_IRI = PMGID_IRI + "onet/group/"
RELATION_IRI = PMGID_IRI + "onet/related/"
TASK_IRI = PMGID_IRI + "onet/task/"
ONLINE = "https://www.onetonline.org/link/summary/"

SOURCE_IRI = PMGID_IRI + "source/import/onet"
HOMEPAGE = "https://www.onetcenter.org/database.html"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def attribution(release: str | None) -> str:
    """The attribution text O*NET's licence asks for."""
    database = f"O*NET {release} Database" if release else "O*NET Database"
    return (
        f"This data includes information from the {database} by the U.S. Department of Labor, "
        "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
        "O*NET® is a trademark of USDOL/ETA."
    )


SOC_MAJOR_GROUPS: dict[str, str] = {
    "11": "Management Occupations",
    "13": "Business and Financial Operations Occupations",
    "15": "Computer and Mathematical Occupations",
    "17": "Architecture and Engineering Occupations",
    "19": "Life, Physical, and Social Science Occupations",
    "21": "Community and Social Service Occupations",
    "23": "Legal Occupations",
    "25": "Educational Instruction and Library Occupations",
    "27": "Arts, Design, Entertainment, Sports, and Media Occupations",
    "29": "Healthcare Practitioners and Technical Occupations",
    "31": "Healthcare Support Occupations",
    "33": "Protective Service Occupations",
    "35": "Food Preparation and Serving Related Occupations",
    "37": "Building and Grounds Cleaning and Maintenance Occupations",
    "39": "Personal Care and Service Occupations",
    "41": "Sales and Related Occupations",
    "43": "Office and Administrative Support Occupations",
    "45": "Farming, Fishing, and Forestry Occupations",
    "47": "Construction and Extraction Occupations",
    "49": "Installation, Maintenance, and Repair Occupations",
    "51": "Production Occupations",
    "53": "Transportation and Material Moving Occupations",
    "55": "Military Specific Occupations",
}
"""Titles of the 2018 SOC major groups (U.S. Bureau of Labor Statistics), which
O*NET-SOC 2019 codes share; O*NET's occupation files do not carry them."""

TIERS = ("Primary-Short", "Primary-Long", "Supplemental")
TASK_TYPES = ("Core", "Supplemental")

_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}

OCCUPATION_COLUMNS = ("O*NET-SOC Code", "Title", "Description")
RELATED_COLUMNS = ("O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index")
TASK_COLUMNS = ("O*NET-SOC Code", "Task ID", "Task", "Task Type")


def import_onet(
    folder: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    release: str | None = None,
    warn: Callable[[RowWarning], None] | None = None,
) -> ImportResult:
    """Import O*NET's text files from ``folder`` into a TriG file ``output``.

    Parameters
    ----------
    folder
        The folder holding ``Occupation Data.txt``, ``Related Occupations.txt``
        and ``Task Statements.txt`` (O*NET's "Text" download, unzipped).
    output
        The TriG file to write (atomically).
    release
        The O*NET database release (``"29.1"``), recorded in the provenance
        and in the attribution text.
    warn
        Called with each bad row as it is found (the row is skipped).

    Returns
    -------
    ImportResult
        Counts of occupations, related-occupation links and tasks, and the
        bad rows.

    Raises
    ------
    InputError
        The folder or one of the files is missing (exit 2).
    DataFileError
        A file lacks a required column or is not UTF-8 text (exit 2).
    """
    occupations_path, related_path, tasks_path = require_files(folder, FILES, what="O*NET")
    imp = Importer("onet", warn=warn)
    codes = _import_occupations(imp, occupations_path)
    _import_related(imp, related_path, codes)
    latest = _import_tasks(imp, tasks_path, codes)
    imp.provenance(
        source=SOURCE_IRI,
        title="O*NET database: occupation data, related occupations and task statements",
        publisher="U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)",
        homepage=HOMEPAGE,
        licence=LICENCE,
        attribution=attribution(release),
        release=release,
        modified=latest,
        files=(occupations_path, related_path, tasks_path),
    )
    return imp.write(output)


def _import_occupations(imp: Importer, path: Path) -> set[str]:
    seen: dict[str, int] = {}
    groups: set[str] = set()
    role = pmg("Role")
    for line, row in read_table(path, required=OCCUPATION_COLUMNS, delimiter="\t"):
        code = row["O*NET-SOC Code"].strip()
        title = row["Title"].strip()
        if extra_fields(row):
            imp.warn(path, line, "more fields than the header")
            continue
        if not _CODE.match(code):
            imp.warn(path, line, f"O*NET-SOC code {code!r} is not of the form 13-1082.00")
            continue
        if not title:
            imp.warn(path, line, f"occupation {code} has no Title")
            continue
        if code in seen:
            imp.warn(path, line, f"occupation {code} repeats line {seen[code]}")
            continue
        seen[code] = line
        node = ox.NamedNode(OCCUPATION_IRI + code)
        imp.add(node, RDF_TYPE, role)
        imp.add(node, SKOS_PREF, en(title))
        if row["Description"].strip():
            imp.add(node, SKOS_DEFINITION, en(row["Description"]))
        imp.add(node, SKOS_NOTATION, ox.Literal(code))
        imp.add(node, SKOS_EXACT, ox.NamedNode(ONLINE + code))
        major = code[:2]
        imp.add(node, SKOS_BROADER, ox.NamedNode(f"{GROUP_IRI}{major}-0000"))
        groups.add(major)
    for major in sorted(groups):
        group = ox.NamedNode(f"{GROUP_IRI}{major}-0000")
        imp.add(group, RDF_TYPE, SKOS_CONCEPT)
        imp.add(group, SKOS_PREF, en(SOC_MAJOR_GROUPS.get(major, f"SOC major group {major}-0000")))
        imp.add(group, SKOS_NOTATION, ox.Literal(f"{major}-0000"))
    imp.result.counts["occupations"] = len(seen)
    imp.result.counts["SOC major groups"] = len(groups)
    return set(seen)


def _import_related(imp: Importer, path: Path, codes: set[str]) -> None:
    seen: dict[tuple[str, str], int] = {}
    related, relation = pmg("relatedRole"), pmg("RoleRelation")
    rel_from, rel_to = pmg("relatedFrom"), pmg("relatedTo")
    rank_p, tier_p = pmg("relatednessRank"), pmg("relatednessTier")
    for line, row in read_table(path, required=RELATED_COLUMNS, delimiter="\t"):
        source = row["O*NET-SOC Code"].strip()
        target = row["Related O*NET-SOC Code"].strip()
        tier = row["Relatedness Tier"].strip()
        index = row["Index"].strip()
        problem = None
        if extra_fields(row):
            problem = "more fields than the header"
        elif source not in codes:
            problem = f"occupation {source!r} is not in {OCCUPATIONS_FILE}"
        elif target not in codes:
            problem = f"related occupation {target!r} is not in {OCCUPATIONS_FILE}"
        elif source == target:
            problem = f"occupation {source} is related to itself"
        elif not index.isdigit() or int(index) < 1:
            problem = f"Index {index!r} is not a positive whole number"
        elif tier not in TIERS:
            problem = f"Relatedness Tier {tier!r} is not one of {', '.join(TIERS)}"
        elif (source, target) in seen:
            problem = f"link {source} -> {target} repeats line {seen[(source, target)]}"
        if problem:
            imp.warn(path, line, problem)
            continue
        seen[(source, target)] = line
        a, b = ox.NamedNode(OCCUPATION_IRI + source), ox.NamedNode(OCCUPATION_IRI + target)
        imp.add(a, related, b)
        node = ox.NamedNode(f"{RELATION_IRI}{source}/{target}")
        imp.add(node, RDF_TYPE, relation)
        imp.add(node, rel_from, a)
        imp.add(node, rel_to, b)
        imp.add(node, rank_p, ox.Literal(str(int(index)), datatype=XSD_INTEGER))
        imp.add(node, tier_p, ox.Literal(tier))
    imp.result.counts["related-occupation links"] = len(seen)


def _import_tasks(imp: Importer, path: Path, codes: set[str]) -> str | None:
    """Tasks as activities.  Returns the latest task ``Date`` as an xsd:date (first of the month)."""
    seen: dict[str, int] = {}
    performs, activity, task_type = pmg("performs"), pmg("Activity"), pmg("taskType")
    latest: str | None = None
    for line, row in read_table(path, required=TASK_COLUMNS, delimiter="\t"):
        code = row["O*NET-SOC Code"].strip()
        task_id = row["Task ID"].strip()
        text = row["Task"].strip()
        kind = row["Task Type"].strip()
        problem = None
        if extra_fields(row):
            problem = "more fields than the header"
        elif code not in codes:
            problem = f"occupation {code!r} is not in {OCCUPATIONS_FILE}"
        elif not task_id.isdigit():
            problem = f"Task ID {task_id!r} is not a whole number"
        elif not text:
            problem = f"task {task_id} has no statement"
        elif kind and kind not in TASK_TYPES:
            problem = f"Task Type {kind!r} is not one of {', '.join(TASK_TYPES)} (or empty)"
        elif task_id in seen:
            problem = f"Task ID {task_id} repeats line {seen[task_id]}"
        if problem:
            imp.warn(path, line, problem)
            continue
        seen[task_id] = line
        node = ox.NamedNode(TASK_IRI + task_id)
        imp.add(node, RDF_TYPE, activity)
        imp.add(node, SKOS_PREF, en(text))
        imp.add(node, SKOS_DEFINITION, en(text))  # the statement is also what defines the task
        imp.add(node, SKOS_NOTATION, ox.Literal(task_id))
        if kind:
            imp.add(node, task_type, ox.Literal(kind))
        imp.add(ox.NamedNode(OCCUPATION_IRI + code), performs, node)
        date = _month(row.get("Date", ""))
        if date and (latest is None or date > latest):
            latest = date
    imp.result.counts["tasks"] = len(seen)
    return latest


def _month(text: str) -> str | None:
    """O*NET's ``Aug-23`` as ``2023-08-01``; ``None`` when it is not of that form."""
    m = re.match(r"^([A-Z][a-z]{2})-(\d{2})$", text.strip())
    if not m or m.group(1) not in _MONTHS:
        return None
    return f"20{m.group(2)}-{_MONTHS[m.group(1)]:02d}-01"
