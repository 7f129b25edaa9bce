"""Import ESCO: occupations, skills, their relations and labels, from any release's CSV.

``import_esco(folders, output)`` reads every CSV file in one or more ESCO
download folders (the per-language classification packages and the
language-neutral relations package; a folder holding ``en/``, ``fr/`` and
``relations/`` is read one level down) and tells each file's kind by its
content (header and first record), not its name, so v1.0.x (occupations
only), v1.1.x (relations without a language suffix) and v1.2 (``*_en.csv``
relations with label columns) all work.  Columns are read by header name.

What becomes what is described in :mod:`~pmograph.importers.esco_concepts`
(occupations, skills, ISCO and skill groups, labels in each file's language)
and :mod:`~pmograph.importers.esco_relations` (qualified requirements,
skill-skill and broader relations).  Files pmograph does not read (concept
schemes, the skill collections, which list skills ``skills_*.csv``
describes) are skipped with a note.  Everything goes into the named graph
``https://w3id.org/pmograph/id/graph/import/esco``, described in the default
graph with the source, release, licence and the attribution ESCO asks for.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from pmograph.importers import esco_concepts as concepts
from pmograph.importers import esco_relations as relations
from pmograph.importers.common import Importer, ImportResult, RowWarning
from pmograph.importers.esco_concepts import ESCO_OCCUPATION, ISCO_COLUMNS, OCCUPATION_COLUMNS, Esco
from pmograph.importers.tables import header, table_files
from pmograph.namespaces import PMGID_IRI

OCCUPATION_IRI = PMGID_IRI + "esco/occupation/"
ISCO_IRI = PMGID_IRI + "esco/isco/C"
SKILL_IRI = PMGID_IRI + "esco/skill/"

SOURCE_IRI = PMGID_IRI + "source/import/esco"
HOMEPAGE = "https://esco.ec.europa.eu/"
LICENCE = "http://data.europa.eu/eli/dec/2011/833/oj"
ATTRIBUTION = (
    "This data uses the ESCO classification of the European Commission. "
    "© European Union; reuse is authorised provided the source is acknowledged "
    "(Commission Decision 2011/833/EU)."
)

ORDER = (
    "isco",
    "skill groups",
    "occupations",
    "skills",
    "hierarchy",
    "broader",
    "occupation-skill",
    "skill-skill",
)
"""The order files are read in: concepts before the relations that name them."""

_BY_NAME = {
    "iscogroups": "isco",
    "skillgroups": "skill groups",
    "occupations": "occupations",
    "skills": "skills",
    "skillshierarchy": "hierarchy",
    "broaderrelationsoccpillar": "broader",
    "broaderrelationsskillpillar": "broader",
    "occupationskillrelations": "occupation-skill",
    "skillskillrelations": "skill-skill",
}
_BY_CONCEPT_TYPE = {
    "Occupation": "occupations",
    "ISCOGroup": "isco",
    "SkillGroup": "skill groups",
    "KnowledgeSkillCompetence": "skills",
}
_LANGUAGE = re.compile(r"_([a-z]{2,3})$")


def kind_of(path: Path) -> str | None:
    """What an ESCO table holds, told by its columns and first record (its name only as a fallback).

    Returns one of :data:`ORDER`, ``"skip"`` for an ESCO table pmograph does
    not read (concept schemes, skill collections), or ``None`` when the file
    is not an ESCO table.
    """
    columns, first = header(path)
    names = set(columns)
    if {"occupationUri", "skillUri"} <= names:
        return "occupation-skill"
    if {"originalSkillUri", "relatedSkillUri"} <= names:
        return "skill-skill"
    if {"conceptUri", "broaderUri"} <= names:
        return "broader"
    if "Level 0 URI" in names:
        return "hierarchy"
    if "conceptSchemeUri" in names or "broaderConceptUri" in names:
        return "skip"
    if "conceptUri" in names and first.get("conceptType") in _BY_CONCEPT_TYPE:
        return _BY_CONCEPT_TYPE[first["conceptType"]]
    if "iscoGroup" in names:
        return "occupations"
    if "skillType" in names and "conceptUri" in names:
        return "skills"
    stem = _LANGUAGE.sub("", path.stem).lower()
    return _BY_NAME.get(stem)


def language_of(path: Path) -> str:
    """The language of a classification file, from its name (``skills_fr.csv`` -> ``fr``; else ``en``)."""
    m = _LANGUAGE.search(path.stem)
    return m.group(1) if m else "en"


def import_esco(
    folders: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    release: str | None = None,
    warn: Callable[[RowWarning], None] | None = None,
) -> ImportResult:
    """Import ESCO's CSV from one or more folders into ``output``.

    Parameters
    ----------
    folders
        ESCO download folders (unzipped), or one folder.
    output
        The file to write (atomically); its suffix picks the format
        (:mod:`pmograph.formats`).
    release
        The ESCO release (``"v1.1.1"``), recorded in the provenance.
    warn
        Called with each bad row as it is found (the row is skipped).

    Returns
    -------
    ImportResult
        Counts by kind, the bad rows and notes on skipped files.

    Raises
    ------
    InputError
        A folder is missing, holds no CSV, or no file describes occupations;
        or the output suffix is not one pmograph writes (exit 2).
    DataFileError
        A file lacks a required column or is not UTF-8 CSV (exit 2).
    """
    from pmograph.errors import InputError
    from pmograph.formats import output_format

    output_format(output)
    listed = [folders] if isinstance(folders, (str, os.PathLike)) else list(folders)
    files = table_files(listed, (".csv",), what="ESCO")
    imp = Importer("esco", warn=warn)
    by_kind: dict[str, list[Path]] = {k: [] for k in ORDER}
    used: list[Path] = []
    for path in files:
        kind = kind_of(path)
        if kind is None:
            imp.note(f"{path.name}: not an ESCO table pmograph knows; skipped")
        elif kind == "skip":
            imp.note(
                f"{path.name}: concept schemes or a skill collection (the skills file describes them); skipped"
            )
        else:
            by_kind[kind].append(path)
    if not by_kind["occupations"]:
        raise InputError(
            f"{', '.join(str(f) for f in listed)}: no occupations file (occupations_en.csv); "
            "give the folder of ESCO's classification package too"
        )
    esco = Esco(imp)
    counts = imp.result.counts
    for path in by_kind["isco"]:
        concepts.read_isco(esco, path, language_of(path))
    counts["ISCO groups"] = concepts.link_isco(esco)
    groups = sum(
        concepts.read_skill_groups(esco, p, language_of(p)) for p in by_kind["skill groups"]
    )
    counts["occupations"] = 0
    for path in by_kind["occupations"]:
        _, alts = concepts.read_occupations(esco, path, language_of(path))
        counts["alternative labels"] += alts
    counts["occupations"] = sum(1 for k in esco.kinds.values() if k == "occupation")
    for path in by_kind["skills"]:
        concepts.read_skills(esco, path, language_of(path))
    skills = sum(1 for k in esco.kinds.values() if k == "skill")
    if skills:
        counts["skills and knowledge"] = skills
    if groups or by_kind["hierarchy"]:
        for path in by_kind["hierarchy"]:
            concepts.read_hierarchy(esco, path, language_of(path))
        counts["skill groups"] = sum(1 for k in esco.kinds.values() if k == "group")
    for path in by_kind["broader"]:
        for pair, n in relations.read_broader(esco, path).items():
            counts[f"broader {pair}"] += n
    for path in by_kind["occupation-skill"]:
        essential, optional = relations.read_occupation_skills(esco, path)
        counts["essential skills"] += essential
        counts["optional skills"] += optional
    for path in by_kind["skill-skill"]:
        counts["skill-skill relations"] += relations.read_skill_skills(esco, path)
    if len(esco.languages) > 1:
        counts["languages"] = len(esco.languages)
    for kind in ORDER:
        used.extend(by_kind[kind])
    imp.provenance(
        source=SOURCE_IRI,
        title="ESCO (European Skills, Competences, Qualifications and Occupations), "
        f"classification in {', '.join(sorted(esco.languages))}",
        publisher="European Commission",
        homepage=HOMEPAGE,
        licence=LICENCE,
        attribution=ATTRIBUTION,
        release=release,
        modified=esco.latest,
        files=used,
    )
    return imp.write(output)


__all__ = [
    "ESCO_OCCUPATION",
    "ISCO_COLUMNS",
    "OCCUPATION_COLUMNS",
    "import_esco",
    "kind_of",
    "language_of",
]
