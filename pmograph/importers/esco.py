"""Import ESCO occupations (English CSV, as the European Commission publishes it).

Reads ``occupations_en.csv`` and ``ISCOGroups_en.csv`` from ESCO's CSV
download and writes them in pmograph's vocabulary:

- each occupation becomes a ``pmg:Role``
  ``https://w3id.org/pmograph/id/esco/occupation/<uuid>`` with
  ``skos:prefLabel``, ``skos:altLabel`` and ``skos:hiddenLabel`` (ESCO keeps
  them newline-separated in one field), ``skos:definition`` (ESCO's
  ``definition`` when given, else its ``description``), ``skos:scopeNote``,
  ``skos:exactMatch`` to the ESCO URI and ``skos:broader`` to its ISCO-08
  unit group;
- each ISCO-08 group becomes a ``skos:Concept``
  ``https://w3id.org/pmograph/id/esco/isco/C<code>`` with its
  ``skos:notation`` code, label, description, ``skos:exactMatch`` to ESCO's
  ISCO URI and ``skos:broader`` to its parent group (the code minus its last
  digit: ``1219`` -> ``121`` -> ``12`` -> ``1``).

Everything goes into the named graph
``https://w3id.org/pmograph/id/graph/import/esco``, described in the default
graph with the source, release, licence and the attribution ESCO asks for.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from pmograph.importers.common import (
    RDF_TYPE,
    SKOS_ALT,
    SKOS_BROADER,
    SKOS_CONCEPT,
    SKOS_DEFINITION,
    SKOS_EXACT,
    SKOS_HIDDEN,
    SKOS_NOTATION,
    SKOS_PREF,
    SKOS_SCOPE_NOTE,
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

OCCUPATIONS_FILE = "occupations_en.csv"
ISCO_FILE = "ISCOGroups_en.csv"
FILES = (OCCUPATIONS_FILE, ISCO_FILE)

OCCUPATION_IRI = PMGID_IRI + "esco/occupation/"
ISCO_IRI = PMGID_IRI + "esco/isco/C"

ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"
ESCO_ISCO = "http://data.europa.eu/esco/isco/C"

SOURCE_IRI = PMGID_IRI + "source/import/esco"
HOMEPAGE = "https://esco.ec.europa.eu/"
LICENCE = "http://data.europa.eu/eli/dec/2011/833/oj"
ATTRIBUTION = (
    "This data uses the ESCO classification of the European Commission. "
    "© European Union; reuse is authorised provided the source is acknowledged "
    "(Commission Decision 2011/833/EU)."
)

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ISCO_CODE = re.compile(r"^[0-9]{1,4}$")

OCCUPATION_COLUMNS = ("conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description")
ISCO_COLUMNS = ("conceptUri", "code", "preferredLabel")


def import_esco(
    folder: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    release: str | None = None,
    warn: Callable[[RowWarning], None] | None = None,
) -> ImportResult:
    """Import ESCO's English CSV from ``folder`` into a TriG file ``output``.

    Parameters
    ----------
    folder
        The folder holding ``occupations_en.csv`` and ``ISCOGroups_en.csv``.
    output
        The TriG file to write (atomically: it is either fully written or
        left as it was).
    release
        The ESCO release (``"v1.2.0"``), recorded in the provenance.
    warn
        Called with each bad row as it is found (the row is skipped).

    Returns
    -------
    ImportResult
        Counts of occupations, ISCO groups and labels, and the bad rows.

    Raises
    ------
    InputError
        The folder or one of the files is missing (exit 2).
    DataFileError
        A file lacks a required column or is not UTF-8 CSV (exit 2).
    """
    occupations_path, isco_path = require_files(folder, FILES, what="ESCO")
    imp = Importer("esco", warn=warn)
    groups = _import_isco(imp, isco_path)
    latest = _import_occupations(imp, occupations_path, groups)
    imp.provenance(
        source=SOURCE_IRI,
        title="ESCO (European Skills, Competences, Qualifications and Occupations), occupations and ISCO-08 groups, English",
        publisher="European Commission",
        homepage=HOMEPAGE,
        licence=LICENCE,
        attribution=ATTRIBUTION,
        release=release,
        modified=latest,
        files=(occupations_path, isco_path),
    )
    return imp.write(output)


def _import_isco(imp: Importer, path: Path) -> set[str]:
    """ISCO groups: a ``skos:Concept`` each, with its parent group as broader."""
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    for line, row in read_table(path, required=ISCO_COLUMNS):
        code = row["code"].strip()
        uri = row["conceptUri"].strip()
        if extra_fields(row):
            imp.warn(path, line, "more fields than the header")
        elif not _ISCO_CODE.match(code):
            imp.warn(path, line, f"ISCO code {code!r} is not 1 to 4 digits")
        elif uri != ESCO_ISCO + code:
            imp.warn(path, line, f"conceptUri {uri!r} does not match code {code!r}")
        elif not row["preferredLabel"].strip():
            imp.warn(path, line, f"ISCO group {code} has no preferredLabel")
        elif code in rows:
            imp.warn(path, line, f"ISCO group {code} repeats line {rows[code][0]}")
        else:
            rows[code] = (line, row)
    for code, (line, row) in rows.items():
        node = ox.NamedNode(ISCO_IRI + code)
        imp.add(node, RDF_TYPE, SKOS_CONCEPT)
        imp.add(node, SKOS_PREF, en(row["preferredLabel"]))
        imp.add(node, SKOS_NOTATION, ox.Literal(code))
        imp.add(node, SKOS_EXACT, ox.NamedNode(row["conceptUri"].strip()))
        for alt in _lines(row.get("altLabels", "")):
            imp.add(node, SKOS_ALT, en(alt))
        if row.get("description", "").strip():
            imp.add(node, SKOS_DEFINITION, en(row["description"]))
        if len(code) > 1:
            parent = code[:-1]
            if parent in rows:
                imp.add(node, SKOS_BROADER, ox.NamedNode(ISCO_IRI + parent))
            else:
                imp.warn(
                    path,
                    line,
                    f"parent group {parent} of ISCO group {code} is not in the file",
                    skipped=False,
                )
    imp.result.counts["ISCO groups"] = len(rows)
    return set(rows)


def _import_occupations(imp: Importer, path: Path, groups: set[str]) -> str | None:
    """Occupations: a ``pmg:Role`` each.  Returns the latest ``modifiedDate`` (a date)."""
    seen: dict[str, int] = {}
    labels = 0
    latest: str | None = None
    role = pmg("Role")
    for line, row in read_table(path, required=OCCUPATION_COLUMNS):
        uri = row["conceptUri"].strip()
        uuid = uri[len(ESCO_OCCUPATION) :] if uri.startswith(ESCO_OCCUPATION) else ""
        label = row["preferredLabel"].strip()
        kind = row.get("conceptType", "Occupation").strip() or "Occupation"
        if extra_fields(row):
            imp.warn(path, line, "more fields than the header")
            continue
        if kind != "Occupation":
            imp.warn(path, line, f"conceptType is {kind!r}, not 'Occupation'")
            continue
        if not _UUID.match(uuid):
            imp.warn(path, line, f"conceptUri {uri!r} is not an ESCO occupation URI")
            continue
        if not label:
            imp.warn(path, line, f"occupation {uri} has no preferredLabel")
            continue
        if uuid in seen:
            imp.warn(path, line, f"occupation {uri} repeats line {seen[uuid]}")
            continue
        seen[uuid] = line
        node = ox.NamedNode(OCCUPATION_IRI + uuid)
        imp.add(node, RDF_TYPE, role)
        imp.add(node, SKOS_PREF, en(label))
        alts = {a for a in _lines(row["altLabels"]) if a != label}
        for alt in sorted(alts):
            imp.add(node, SKOS_ALT, en(alt))
        labels += len(alts)
        for hidden in sorted(set(_lines(row.get("hiddenLabels", ""))) - alts - {label}):
            imp.add(node, SKOS_HIDDEN, en(hidden))
        definition = row.get("definition", "").strip()
        description = row["description"].strip()
        if definition or description:
            imp.add(node, SKOS_DEFINITION, en(definition or description))
        if row.get("scopeNote", "").strip():
            imp.add(node, SKOS_SCOPE_NOTE, en(row["scopeNote"]))
        imp.add(node, SKOS_EXACT, ox.NamedNode(uri))
        code = row["iscoGroup"].strip()
        if code in groups:
            imp.add(node, SKOS_BROADER, ox.NamedNode(ISCO_IRI + code))
        else:
            imp.warn(
                path, line, f"ISCO group {code!r} of {label!r} is not in {ISCO_FILE}", skipped=False
            )
        modified = row.get("modifiedDate", "").strip()[:10]
        if re.match(r"^\d{4}-\d{2}-\d{2}$", modified) and (latest is None or modified > latest):
            latest = modified
    imp.result.counts["occupations"] = len(seen)
    imp.result.counts["alternative labels"] = labels
    return latest


def _lines(field: str | None) -> list[str]:
    """The non-empty lines of a newline-separated ESCO list field."""
    if not field:
        return []
    return [part.strip() for part in field.splitlines() if part.strip()]
