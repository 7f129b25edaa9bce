"""The framework template: its sheets, columns, help texts and controlled values.

One place says what a career-framework workbook holds, so that the template
writer, the reader and the exporter agree.  Sheet and column names are matched
case-insensitively and ignoring spaces, so ``Alternative titles`` and
``alternative_titles`` are the same column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmograph.namespaces import PMG_IRI, PMGID_IRI

SENIORITIES = ("junior", "mid", "senior", "executive")
LEVELS = ("project", "programme", "portfolio", "enterprise")
FAMILIES = ("project", "programme", "portfolio", "pmo", "agile", "governance", "neighbour")
FAMILY_LABELS = {
    "project": "Project roles",
    "programme": "Programme roles",
    "portfolio": "Portfolio roles",
    "pmo": "PMO roles",
    "agile": "Agile roles",
    "governance": "Governance roles",
    "neighbour": "Neighbouring roles",
}
IMPORTANCES = ("essential", "optional")
SFIA_LEVELS = ("1", "2", "3", "4", "5", "6", "7")
MATCHES = ("exact", "close", "broad", "narrow", "related")
CERT_KINDS = ("method", "credential")

USER_IRI = PMGID_IRI + "user/"
"""Resources a workbook defines live under ``.../id/user/{role,skill,...}/{id}``."""
ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
ONET_SUMMARY = "https://www.onetonline.org/link/summary/"
"""O*NET occupations named by code, as the packaged alignments name them."""
ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")

SKOS = "http://www.w3.org/2004/02/skos/core#"
MATCH_PROPERTY = {m: f"{SKOS}{m}Match" for m in MATCHES}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, its help text and its allowed values."""

    key: str
    header: str
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    many: bool = False
    """Several values separated by ``;`` (alternative titles, levels, roles)."""
    integer: bool = False
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    """One sheet of the template."""

    name: str
    help: str
    columns: tuple[Column, ...]
    kind: str = ""
    """The IRI segment of what the sheet defines (``role``), if it defines resources."""
    required: bool = False
    keys: dict[str, Column] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.keys.update({c.key: c for c in self.columns})


def norm(text: str) -> str:
    """A header or sheet name as compared: lower case, no spaces, ``-`` or ``_``."""
    return re.sub(r"[\s_-]+", "", text).lower()


_ID = Column(
    "id",
    "ID",
    "A short id, unique in the sheet (letters, digits, - . _), or a full IRI.",
    True,
    width=22,
)
_SOURCE = Column(
    "source", "Source", "Optional: the ID of a row in the Sources sheet that states this row."
)
_ALIGNED = "A packaged or imported resource (label, prefixed name or IRI), an ESCO URI (esco:UUID) or an O*NET code (13-1082.00)."

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Roles",
        "One row per role of your organisation.",
        (
            _ID,
            Column(
                "label", "Label", "The role's name as your organisation writes it.", True, width=28
            ),
            Column(
                "alt",
                "Alternative titles",
                "Other titles for the role, separated by ;",
                many=True,
                width=28,
            ),
            Column(
                "definition", "Definition", "What the role does, in a sentence or two.", width=48
            ),
            Column("family", "Family", "The role family.", choices=FAMILIES),
            Column("seniority", "Seniority", "The seniority grade.", choices=SENIORITIES),
            Column(
                "level",
                "Level",
                "Where the role works (several separated by ;).",
                choices=LEVELS,
                many=True,
            ),
            Column("aligned", "Aligned to", "Optional: " + _ALIGNED, many=True, width=32),
            Column(
                "match", "Match", "How close the alignment is (default close).", choices=MATCHES
            ),
            _SOURCE,
        ),
        kind="role",
        required=True,
    ),
    Sheet(
        "Progressions",
        "One row per usual career step: from one role to the next.",
        (
            Column(
                "from",
                "From",
                "A role: an ID from Roles, a label, or a packaged role.",
                True,
                width=28,
            ),
            Column(
                "to",
                "To",
                "The role people usually move on to (same forms as From).",
                True,
                width=28,
            ),
            Column("note", "Note", "Optional remark (kept as text, not loaded).", width=40),
            _SOURCE,
        ),
    ),
    Sheet(
        "Requirements",
        "One row per skill or certification a role requires.",
        (
            Column(
                "role",
                "Role",
                "A role: an ID from Roles, a label, or a packaged role.",
                True,
                width=28,
            ),
            Column(
                "target",
                "Skill or certification",
                "An ID from Skills or Certifications, or a packaged one by label.",
                True,
                width=32,
            ),
            Column(
                "level",
                "SFIA level",
                "Optional: the level required, 1 (follow) to 7 (set strategy).",
                choices=SFIA_LEVELS,
                integer=True,
            ),
            Column("importance", "Importance", "essential or optional.", True, choices=IMPORTANCES),
            _SOURCE,
        ),
    ),
    Sheet(
        "Activities",
        "One row per activity your roles perform.",
        (
            _ID,
            Column("label", "Label", "The activity, as a short phrase.", True, width=28),
            Column("definition", "Definition", "What the activity involves.", width=48),
            Column(
                "performed",
                "Performed by",
                "Roles that perform it, separated by ;",
                many=True,
                width=32,
            ),
            _SOURCE,
        ),
        kind="activity",
    ),
    Sheet(
        "Skills",
        "Skills of your organisation's own (packaged skills need no row).",
        (
            _ID,
            Column("label", "Label", "The skill's name.", True, width=28),
            Column("alt", "Alternative labels", "Other names, separated by ;", many=True, width=28),
            Column("definition", "Definition", "What the skill is.", width=48),
            Column("sfia", "SFIA code", "Optional: the SFIA 9 skill code (e.g. PRMG)."),
            Column("aligned", "Aligned to", "Optional: " + _ALIGNED, many=True, width=32),
            _SOURCE,
        ),
        kind="skill",
    ),
    Sheet(
        "Certifications",
        "Certifications of your organisation's own (packaged ones need no row).",
        (
            _ID,
            Column("label", "Label", "The certification's name.", True, width=28),
            Column("definition", "Definition", "What it certifies.", width=48),
            Column(
                "kind",
                "Kind",
                "method (a way of working) or credential (experience and knowledge).",
                choices=CERT_KINDS,
            ),
            Column(
                "issuer",
                "Issued by",
                "The issuing body: a packaged organisation (Project Management Institute) or your organisation's name.",
                width=22,
            ),
            Column(
                "experience",
                "Experience months",
                "Months of experience needed to apply.",
                integer=True,
            ),
            Column(
                "education", "Education hours", "Hours of education needed to apply.", integer=True
            ),
            Column("renewal", "Renewal years", "Years until it must be renewed.", integer=True),
            Column("credits", "Renewal credits", "Credits needed to renew.", integer=True),
            _SOURCE,
        ),
        kind="certification",
    ),
    Sheet(
        "Sources",
        "Where the framework comes from: documents other rows cite in their Source column.",
        (
            _ID,
            Column("title", "Title", "The document's title.", True, width=36),
            Column("url", "URL", "Optional: where to read it (http or https).", width=40),
            Column("note", "Note", "Optional remark.", width=40),
        ),
        kind="source",
    ),
)

BY_NAME: dict[str, Sheet] = {norm(s.name): s for s in SHEETS}

# The vocabulary, as IRIs (plain strings; see pmograph.namespaces).
P = {
    name: PMG_IRI + name
    for name in (
        "Role Skill Certification Activity Requirement progressesTo inFamily hasSeniority "
        "operatesAt performs hasRequirement requiredSkill requiredQualification importance "
        "requiredLevel levelScale SFIALevelScale Essential Optional requiresEssentialSkill "
        "requiresOptionalSkill requiresEssentialQualification requiresOptionalQualification "
        "sfiaCode certificationKind Method Credential issuedBy requiresExperienceMonths "
        "requiresEducationHours renewalYears renewalCredits Qualification"
    ).split()
}
CLASS_OF_KIND = {
    "role": P["Role"],
    "skill": P["Skill"],
    "certification": P["Certification"],
    "activity": P["Activity"],
}


def seniority_iri(value: str) -> str:
    """``senior`` -> the packaged seniority grade."""
    return f"{PMGID_IRI}seniority/{value}"


def level_iri(value: str) -> str:
    """``programme`` -> the packaged level."""
    return f"{PMGID_IRI}level/{value}"


def family_iri(value: str) -> str:
    """``pmo`` -> the shared role family."""
    return f"{PMGID_IRI}family/{value}"


def user_iri(kind: str, ident: str) -> str:
    """The IRI of a resource a workbook defines: a full IRI as given, else under ``id/user/``."""
    if ident.startswith(("http://", "https://", "urn:")):
        return ident
    return f"{USER_IRI}{kind}/{ident}"


def local_id(kind: str, iri: str) -> str:
    """The ID column's value for ``iri``: the short id when it lives under ``id/user/KIND/``."""
    prefix = f"{USER_IRI}{kind}/"
    rest = iri[len(prefix) :] if iri.startswith(prefix) else ""
    return rest if rest and SLUG.match(rest) else iri
