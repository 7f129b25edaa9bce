"""O*NET's ratings: Skills (Importance and Level) and Technology Skills, as qualified requirements.

Skills (``Skills.txt``): each of the 35 skills is a ``pmg:Skill``
``https://w3id.org/pmograph/id/onet/skill/<Element ID>``.  For each
occupation and skill, O*NET gives an Importance (scale IM, 1-5) and a Level
(scale LV, 0-7); they become one requirement
``https://w3id.org/pmograph/id/onet/requirement/<code>/<Element ID>`` with
``pmg:importanceRating`` (IM, xsd:decimal), ``pmg:requiredLevel`` (LV,
xsd:decimal) on ``pmg:levelScale pmg:ONETLevelScale``, and
``pmg:importance`` ``pmg:Essential`` when the Importance is 3 or more (O*NET
OnLine lists a skill as important from 50 on its 0-100 scale, which is 3 on
1-5), ``pmg:Optional`` below.  Honouring O*NET's flags: a rating with
Recommend Suppress = Y is left out (its estimate is unreliable), and a skill
whose Level is flagged Not Relevant = Y gets no requirement at all.

Technology Skills (``Technology Skills.txt``): each example technology is a
``pmg:Skill`` ``https://w3id.org/pmograph/id/onet/technology/<Example, percent-encoded>``
under its UNSPSC commodity (``.../onet/commodity/<code>``, a ``skos:Concept`` and
``pmg:SkillGroup``);
each occupation's use of it is an optional requirement
(``.../onet/requirement/<code>/technology/<Example>``) flagged
``onet:hotTechnology`` and ``onet:inDemand`` (``https://w3id.org/pmograph/id/onet/ns#``,
xsd:boolean true) when O*NET says so.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from pmograph.importers.common import (
    RDF_TYPE,
    SKOS_BROADER,
    SKOS_CONCEPT,
    SKOS_NOTATION,
    SKOS_PREF,
    TRUE,
    XSD_DECIMAL,
    Importer,
    en,
    pmg,
    rows,
)
from pmograph.namespaces import PMGID_IRI

SKILL_IRI = PMGID_IRI + "onet/skill/"
TECHNOLOGY_IRI = PMGID_IRI + "onet/technology/"
COMMODITY_IRI = PMGID_IRI + "onet/commodity/"
REQUIREMENT_IRI = PMGID_IRI + "onet/requirement/"
OCCUPATION_IRI = PMGID_IRI + "onet/occupation/"
ONET_NS = PMGID_IRI + "onet/ns#"
HOT = ox.NamedNode(ONET_NS + "hotTechnology")
IN_DEMAND = ox.NamedNode(ONET_NS + "inDemand")

ESSENTIAL_FROM = 3.0
"""Importance (1-5) from which a skill is essential: O*NET OnLine's "important" cut-off (50 of 100)."""

SKILL_COLUMNS = (
    "O*NET-SOC Code",
    "Element ID",
    "Element Name",
    "Scale ID",
    "Data Value",
    "Recommend Suppress",
    "Not Relevant",
)
TECHNOLOGY_COLUMNS = ("O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title")
SCALES = {"IM": (1.0, 5.0), "LV": (0.0, 7.0)}
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_ELEMENT = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


def import_skills(imp: Importer, path: Path, codes: set[str]) -> str | None:
    """Skills.txt as qualified requirements; returns the latest ``Date`` (an xsd:date)."""

    def check(row: dict[str, str]) -> str | None:
        code, scale, value = row["O*NET-SOC Code"], row["Scale ID"], row["Data Value"]
        if code not in codes:
            return f"occupation {code!r} is not in Occupation Data.txt"
        if not _ELEMENT.match(row["Element ID"]) or not row["Element Name"]:
            return f"Element ID {row['Element ID']!r} or its name is missing or malformed"
        if scale not in SCALES:
            return f"Scale ID {scale!r} is not IM or LV"
        low, high = SCALES[scale]
        if not _NUMBER.match(value) or not low <= float(value) <= high:
            return f"Data Value {value!r} is not a number from {low:g} to {high:g} ({scale})"
        return None

    ratings: dict[tuple[str, str], dict[str, str]] = {}
    names: dict[str, str] = {}
    suppressed = not_relevant = 0
    latest: str | None = None
    for _line, row in rows(
        imp,
        path,
        required=SKILL_COLUMNS,
        check=check,
        key=lambda r: (r["O*NET-SOC Code"], r["Element ID"], r["Scale ID"]),
        name=lambda k: f"rating {k[2]} of {k[1]} for {k[0]}",  # type: ignore[index]
        delimiter="\t",
    ):
        element = row["Element ID"]
        names.setdefault(element, row["Element Name"])
        entry = ratings.setdefault((row["O*NET-SOC Code"], element), {})
        date = month(row.get("Date", ""))
        if date and (latest is None or date > latest):
            latest = date
        if row["Recommend Suppress"] == "Y":
            suppressed += 1
            entry.setdefault("suppressed", "")
            continue
        if row["Scale ID"] == "LV" and row["Not Relevant"] == "Y":
            entry["not relevant"] = "Y"
            continue
        entry[row["Scale ID"]] = row["Data Value"]
    skill_class = pmg("Skill")
    for element, label in sorted(names.items()):
        node = ox.NamedNode(SKILL_IRI + element)
        imp.add(node, RDF_TYPE, skill_class)
        imp.add(node, SKOS_PREF, en(label))
        imp.add(node, SKOS_NOTATION, ox.Literal(element))
    has, requirement, required = pmg("hasRequirement"), pmg("Requirement"), pmg("requiredSkill")
    importance, rating, level = pmg("importance"), pmg("importanceRating"), pmg("requiredLevel")
    scale_p, onet_scale = pmg("levelScale"), pmg("ONETLevelScale")
    essential, optional = pmg("Essential"), pmg("Optional")
    shortcut = {True: pmg("requiresEssentialSkill"), False: pmg("requiresOptionalSkill")}
    counts = {True: 0, False: 0}
    for (code, element), entry in ratings.items():
        if "not relevant" in entry:
            not_relevant += 1
            continue
        if "IM" not in entry and "LV" not in entry:
            continue
        occ, skill = ox.NamedNode(OCCUPATION_IRI + code), ox.NamedNode(SKILL_IRI + element)
        req = ox.NamedNode(f"{REQUIREMENT_IRI}{code}/{element}")
        is_essential = "IM" in entry and float(entry["IM"]) >= ESSENTIAL_FROM
        imp.add(occ, has, req)
        imp.add(req, RDF_TYPE, requirement)
        imp.add(req, required, skill)
        imp.add(req, importance, essential if is_essential else optional)
        if "IM" in entry:
            imp.add(req, rating, ox.Literal(entry["IM"], datatype=XSD_DECIMAL))
        if "LV" in entry:
            imp.add(req, level, ox.Literal(entry["LV"], datatype=XSD_DECIMAL))
            imp.add(req, scale_p, onet_scale)
        imp.add(occ, shortcut[is_essential], skill)
        counts[is_essential] += 1
    result = imp.result.counts
    result["O*NET skills"] = len(names)
    result["rated occupations"] = len({code for code, _ in ratings})
    result["essential skill ratings"] += counts[True]
    result["optional skill ratings"] += counts[False]
    result["suppressed ratings"] += suppressed
    result["not relevant skills"] += not_relevant
    return latest


def import_technology(imp: Importer, path: Path, codes: set[str]) -> None:
    """Technology Skills.txt: example technologies as optional requirements, hot and in-demand flagged."""

    def check(row: dict[str, str]) -> str | None:
        if row["O*NET-SOC Code"] not in codes:
            return f"occupation {row['O*NET-SOC Code']!r} is not in Occupation Data.txt"
        if not row["Example"]:
            return "no Example (the technology)"
        if not row["Commodity Code"].isdigit():
            return f"Commodity Code {row['Commodity Code']!r} is not a number"
        for column in ("Hot Technology", "In Demand"):
            if row.get(column, "") not in ("", "Y", "N"):
                return f"{column} {row[column]!r} is not Y or N"
        return None

    skill_class = pmg("Skill")
    has, requirement, required = pmg("hasRequirement"), pmg("Requirement"), pmg("requiredSkill")
    importance, optional, shortcut = (
        pmg("importance"),
        pmg("Optional"),
        pmg("requiresOptionalSkill"),
    )
    technologies: set[str] = set()
    commodities: set[str] = set()
    hot = demand = links = 0
    for _line, row in rows(
        imp,
        path,
        required=TECHNOLOGY_COLUMNS,
        check=check,
        key=lambda r: (r["O*NET-SOC Code"], r["Example"]),
        name=lambda k: f"technology {k[1]!r} of {k[0]}",  # type: ignore[index]
        delimiter="\t",
    ):
        code, example, commodity = row["O*NET-SOC Code"], row["Example"], row["Commodity Code"]
        slug = quote(example, safe="")
        tech = ox.NamedNode(TECHNOLOGY_IRI + slug)
        if slug not in technologies:
            technologies.add(slug)
            imp.add(tech, RDF_TYPE, skill_class)
            imp.add(tech, SKOS_PREF, en(example))
            imp.add(tech, SKOS_BROADER, ox.NamedNode(COMMODITY_IRI + commodity))
        if commodity not in commodities:
            commodities.add(commodity)
            group = ox.NamedNode(COMMODITY_IRI + commodity)
            imp.add(group, RDF_TYPE, SKOS_CONCEPT)
            imp.add(group, RDF_TYPE, pmg("SkillGroup"))  # a technology's broader: its group
            imp.add(group, SKOS_PREF, en(row["Commodity Title"] or f"UNSPSC {commodity}"))
            imp.add(group, SKOS_NOTATION, ox.Literal(commodity))
        occ = ox.NamedNode(OCCUPATION_IRI + code)
        req = ox.NamedNode(f"{REQUIREMENT_IRI}{code}/technology/{slug}")
        imp.add(occ, has, req)
        imp.add(req, RDF_TYPE, requirement)
        imp.add(req, required, tech)
        imp.add(req, importance, optional)
        imp.add(occ, shortcut, tech)
        links += 1
        if row.get("Hot Technology") == "Y":
            imp.add(req, HOT, TRUE)
            hot += 1
        if row.get("In Demand") == "Y":
            imp.add(req, IN_DEMAND, TRUE)
            demand += 1
    counts = imp.result.counts
    counts["technologies"] = len(technologies)
    counts["technology links"] += links
    counts["hot technology links"] += hot
    counts["in-demand technology links"] += demand


_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def month(text: str) -> str | None:
    """O*NET's ``Aug-23`` or ``08/2023`` as ``2023-08-01``; ``None`` when it is neither."""
    text = text.strip()
    m = re.match(r"^([A-Z][a-z]{2})-(\d{2})$", text)
    if m and m.group(1) in _MONTHS:
        return f"20{m.group(2)}-{_MONTHS[m.group(1)]:02d}-01"
    m = re.match(r"^(\d{2})/(\d{4})$", text)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{m.group(1)}-01"
    return None
