"""Import O*NET's text edition: occupations, alternate titles, tasks, related occupations, skills, technologies.

``import_onet(folders, output)`` reads whichever of O*NET's tab-delimited
files one or more folders hold (``Occupation Data.txt`` is needed once; any
other file that is absent is skipped with a note):

- each occupation becomes a ``pmg:Role``
  ``https://w3id.org/pmograph/id/onet/occupation/<O*NET-SOC code>`` with
  ``skos:prefLabel``, ``skos:definition``, the code as ``skos:notation``,
  ``skos:exactMatch`` its O*NET OnLine IRI
  (``https://www.onetonline.org/link/summary/<code>``, the IRI pmograph's
  alignments use for O*NET occupations, so that an import meets the packaged
  roles), and ``skos:broader`` its SOC major group
  (``https://w3id.org/pmograph/id/onet/group/13-0000``, a ``skos:Concept``
  named after the first two digits of the code); older releases quote their
  fields, which the csv reader unquotes;
- each alternate title (and short title) becomes a ``skos:altLabel``;
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
  O*NET gives one) that the occupation ``pmg:performs``;
- skills and technology skills become qualified requirements
  (:mod:`~pmograph.importers.onet_ratings`).

Everything goes into the named graph
``https://w3id.org/pmograph/id/graph/import/onet``, described in the default
graph with the source, release, licence (CC BY 4.0) and the attribution
USDOL/ETA asks for.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox

from pmograph.errors import InputError
from pmograph.importers import onet_ratings as ratings
from pmograph.importers.common import (
    RDF_TYPE,
    SKOS_ALT,
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
    pmg,
    rows,
)
from pmograph.importers.onet_ratings import month
from pmograph.importers.tables import table_files
from pmograph.namespaces import PMGID_IRI

OCCUPATIONS_FILE = "Occupation Data.txt"
TITLES_FILE = "Alternate Titles.txt"
RELATED_FILE = "Related Occupations.txt"
TASKS_FILE = "Task Statements.txt"
TECHNOLOGY_FILE = "Technology Skills.txt"
SKILLS_FILE = "Skills.txt"
FILES = (OCCUPATIONS_FILE, TITLES_FILE, RELATED_FILE, TASKS_FILE, TECHNOLOGY_FILE, SKILLS_FILE)
"""The files pmograph reads, in the order it reads them."""

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

OCCUPATION_COLUMNS = ("O*NET-SOC Code", "Title", "Description")
RELATED_COLUMNS = ("O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index")
TASK_COLUMNS = ("O*NET-SOC Code", "Task ID", "Task", "Task Type")
TITLE_COLUMNS = ("O*NET-SOC Code", "Alternate Title")


def import_onet(
    folders: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    release: str | None = None,
    warn: Callable[[RowWarning], None] | None = None,
) -> ImportResult:
    """Import O*NET's text files from one or more folders into ``output``.

    Parameters
    ----------
    folders
        Folders holding O*NET text-edition files (:data:`FILES`), or one folder.
        A file found in several folders is read from each (a task or an
        occupation already read is not repeated).
    output
        The file to write (atomically); its suffix picks the format.
    release
        The O*NET database release (``"29.1"``), recorded in the provenance
        and in the attribution text.
    warn
        Called with each bad row as it is found (the row is skipped).

    Returns
    -------
    ImportResult
        Counts by kind, the bad rows, and notes on the files not found.

    Raises
    ------
    InputError
        A folder is missing, no folder holds ``Occupation Data.txt``, or the
        output suffix is not one pmograph writes (exit 2).
    DataFileError
        A file lacks a required column or is not UTF-8 text (exit 2).
    """
    from pmograph.formats import output_format

    output_format(output)
    listed = [folders] if isinstance(folders, (str, os.PathLike)) else list(folders)
    table_files(listed, (".txt",), what="O*NET")
    found = {name: [Path(f) / name for f in listed if (Path(f) / name).is_file()] for name in FILES}
    if not found[OCCUPATIONS_FILE]:
        raise InputError(
            f"{', '.join(str(f) for f in listed)}: {OCCUPATIONS_FILE} not found; give the folder "
            "of O*NET's text edition that holds it (the other files need its occupations)"
        )
    imp = Importer("onet", warn=warn)
    for name in FILES:
        if not found[name]:
            imp.note(f"{name}: not in {', '.join(str(f) for f in listed)}; skipped")
    codes: set[str] = set()
    for path in found[OCCUPATIONS_FILE]:
        _import_occupations(imp, path, codes)
    imp.result.counts["occupations"] = len(codes)
    _groups(imp, codes)
    for path in found[TITLES_FILE]:
        _import_titles(imp, path, codes)
    links: set[tuple[str, str]] = set()
    for path in found[RELATED_FILE]:
        _import_related(imp, path, codes, links)
    if found[RELATED_FILE]:
        imp.result.counts["related-occupation links"] = len(links)
    latest: str | None = None
    tasks: set[str] = set()
    for path in found[TASKS_FILE]:
        date = _import_tasks(imp, path, codes, tasks)
        latest = max(filter(None, (latest, date)), default=None)
    if found[TASKS_FILE]:
        imp.result.counts["tasks"] = len(tasks)
    for path in found[TECHNOLOGY_FILE]:
        ratings.import_technology(imp, path, codes)
    for path in found[SKILLS_FILE]:
        date = ratings.import_skills(imp, path, codes)
        latest = max(filter(None, (latest, date)), default=None)
    used = [p for name in FILES for p in found[name]]
    imp.provenance(
        source=SOURCE_IRI,
        title="O*NET database (text edition): " + ", ".join(sorted({p.stem for p in used})),
        publisher="U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)",
        homepage=HOMEPAGE,
        licence=LICENCE,
        attribution=attribution(release),
        release=release,
        modified=latest,
        files=used,
    )
    return imp.write(output)


def _import_occupations(imp: Importer, path: Path, codes: set[str]) -> None:
    """Occupations as roles; ``codes`` gains each code read (one already read is not repeated)."""

    def check(row: dict[str, str]) -> str | None:
        if not _CODE.match(row["O*NET-SOC Code"]):
            return f"O*NET-SOC code {row['O*NET-SOC Code']!r} is not of the form 13-1082.00"
        if not row["Title"]:
            return f"occupation {row['O*NET-SOC Code']} has no Title"
        return None

    role = pmg("Role")
    for _line, row in rows(
        imp,
        path,
        required=OCCUPATION_COLUMNS,
        check=check,
        key=lambda r: r["O*NET-SOC Code"],
        name=lambda k: f"occupation {k}",
        delimiter="\t",
    ):
        code = row["O*NET-SOC Code"]
        if code in codes:
            continue
        codes.add(code)
        node = ox.NamedNode(OCCUPATION_IRI + code)
        imp.add(node, RDF_TYPE, role)
        imp.add(node, SKOS_PREF, en(row["Title"]))
        if row["Description"]:
            imp.add(node, SKOS_DEFINITION, en(row["Description"]))
        imp.add(node, SKOS_NOTATION, ox.Literal(code))
        imp.add(node, SKOS_EXACT, ox.NamedNode(ONLINE + code))
        imp.add(node, SKOS_BROADER, ox.NamedNode(f"{GROUP_IRI}{code[:2]}-0000"))


def _groups(imp: Importer, codes: set[str]) -> None:
    """The SOC major groups the occupations belong to."""
    majors = sorted({code[:2] for code in codes})
    for major in majors:
        group = ox.NamedNode(f"{GROUP_IRI}{major}-0000")
        imp.add(group, RDF_TYPE, SKOS_CONCEPT)
        imp.add(group, SKOS_PREF, en(SOC_MAJOR_GROUPS.get(major, f"SOC major group {major}-0000")))
        imp.add(group, SKOS_NOTATION, ox.Literal(f"{major}-0000"))
    imp.result.counts["SOC major groups"] = len(majors)


def known(
    codes: set[str], column: str = "O*NET-SOC Code"
) -> Callable[[dict[str, str]], str | None]:
    """A row check: the row's occupation is one ``Occupation Data.txt`` describes."""

    def check(row: dict[str, str]) -> str | None:
        if row[column] not in codes:
            return f"occupation {row[column]!r} is not in {OCCUPATIONS_FILE}"
        return None

    return check


def _import_titles(imp: Importer, path: Path, codes: set[str]) -> None:
    """Alternate titles (and their short forms) as ``skos:altLabel``."""
    count = 0
    for _line, row in rows(
        imp,
        path,
        required=TITLE_COLUMNS,
        check=known(codes),
        key=lambda r: (r["O*NET-SOC Code"], r["Alternate Title"]),
        name=lambda k: f"alternate title {k[1]!r} of {k[0]}",  # type: ignore[index]
        delimiter="\t",
    ):
        node = ox.NamedNode(OCCUPATION_IRI + row["O*NET-SOC Code"])
        for title in (row["Alternate Title"], row.get("Short Title", "")):
            if title and title.lower() != "n/a":
                imp.add(node, SKOS_ALT, en(title))
                count += 1
    imp.result.counts["alternate titles"] += count


def _import_related(
    imp: Importer, path: Path, codes: set[str], links: set[tuple[str, str]]
) -> None:
    def check(row: dict[str, str]) -> str | None:
        source, target = row["O*NET-SOC Code"], row["Related O*NET-SOC Code"]
        index, tier = row["Index"], row["Relatedness Tier"]
        if source not in codes:
            return f"occupation {source!r} is not in {OCCUPATIONS_FILE}"
        if target not in codes:
            return f"related occupation {target!r} is not in {OCCUPATIONS_FILE}"
        if source == target:
            return f"occupation {source} is related to itself"
        if not index.isdigit() or int(index) < 1:
            return f"Index {index!r} is not a positive whole number"
        if tier not in TIERS:
            return f"Relatedness Tier {tier!r} is not one of {', '.join(TIERS)}"
        return None

    related, relation = pmg("relatedRole"), pmg("RoleRelation")
    rel_from, rel_to = pmg("relatedFrom"), pmg("relatedTo")
    rank_p, tier_p = pmg("relatednessRank"), pmg("relatednessTier")
    for _line, row in rows(
        imp,
        path,
        required=RELATED_COLUMNS,
        check=check,
        key=lambda r: (r["O*NET-SOC Code"], r["Related O*NET-SOC Code"]),
        name=lambda k: f"link {k[0]} -> {k[1]}",  # type: ignore[index]
        delimiter="\t",
    ):
        source, target = row["O*NET-SOC Code"], row["Related O*NET-SOC Code"]
        if (source, target) in links:
            continue
        links.add((source, target))
        a, b = ox.NamedNode(OCCUPATION_IRI + source), ox.NamedNode(OCCUPATION_IRI + target)
        imp.add(a, related, b)
        node = ox.NamedNode(f"{RELATION_IRI}{source}/{target}")
        imp.add(node, RDF_TYPE, relation)
        imp.add(node, rel_from, a)
        imp.add(node, rel_to, b)
        imp.add(node, rank_p, ox.Literal(str(int(row["Index"])), datatype=XSD_INTEGER))
        imp.add(node, tier_p, ox.Literal(row["Relatedness Tier"]))


def _import_tasks(imp: Importer, path: Path, codes: set[str], tasks: set[str]) -> str | None:
    """Tasks as activities.  Returns the latest task ``Date`` as an xsd:date (first of the month)."""

    def check(row: dict[str, str]) -> str | None:
        code, task_id, kind = row["O*NET-SOC Code"], row["Task ID"], row["Task Type"]
        kind = "" if kind == "n/a" else kind
        if code not in codes:
            return f"occupation {code!r} is not in {OCCUPATIONS_FILE}"
        if not task_id.isdigit():
            return f"Task ID {task_id!r} is not a whole number"
        if not row["Task"]:
            return f"task {task_id} has no statement"
        if kind and kind not in TASK_TYPES:
            return f"Task Type {kind!r} is not one of {', '.join(TASK_TYPES)} (or empty)"
        return None

    performs, activity, task_type = pmg("performs"), pmg("Activity"), pmg("taskType")
    latest: str | None = None
    for _line, row in rows(
        imp,
        path,
        required=TASK_COLUMNS,
        check=check,
        key=lambda r: r["Task ID"],
        name=lambda k: f"Task ID {k}",
        delimiter="\t",
    ):
        task_id, statement, kind = row["Task ID"], row["Task"], row["Task Type"]
        kind = "" if kind == "n/a" else kind
        date = month(row.get("Date", ""))
        if date and (latest is None or date > latest):
            latest = date
        if task_id in tasks:
            continue
        tasks.add(task_id)
        node = ox.NamedNode(TASK_IRI + task_id)
        imp.add(node, RDF_TYPE, activity)
        imp.add(node, SKOS_PREF, en(statement))
        imp.add(node, SKOS_DEFINITION, en(statement))  # the statement is also what defines the task
        imp.add(node, SKOS_NOTATION, ox.Literal(task_id))
        if kind:
            imp.add(node, task_type, ox.Literal(kind))
        imp.add(ox.NamedNode(OCCUPATION_IRI + row["O*NET-SOC Code"]), performs, node)
    return latest
