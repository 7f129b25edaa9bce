"""The results of career analytics: requirements, gaps, paths, next steps, rankings.

Plain frozen dataclasses, with no graph behind them, so that they print,
compare and serialise on their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pmograph.terms import IRI

__all__ = [
    "NEEDS",
    "KINDS",
    "Requirement",
    "Requirements",
    "LevelStep",
    "Gap",
    "Step",
    "CareerPath",
    "Cost",
    "NextStep",
    "Ranked",
]

NEEDS = ("essential", "optional", "unspecified")
"""How much a requirement is needed, strongest first."""
KINDS = ("skill", "qualification", "certification")
"""What a requirement is, in display order."""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Requirement:
    """One skill, qualification or certification that a role requires.

    ``kind`` is ``"skill"``, ``"qualification"`` or ``"certification"``;
    ``need`` is ``"essential"``, ``"optional"`` or ``"unspecified"``;
    ``level`` the required level on ``scale`` (``"SFIA"`` 1-7 or ``"ONET"``
    0-7) when a qualified requirement (``pmg:hasRequirement``) states one;
    ``inherited_from`` the role it comes from when the role inherits it as a
    specialisation (``pmg:specialisationOf``) of that role.
    """

    iri: IRI
    label: str
    kind: str
    need: str
    level: float | None = None
    scale: str | None = None
    inherited_from: IRI | None = None

    def describe(self) -> str:
        """The label with its need, kind and level: ``'Planning (essential skill, level 5)'``."""
        need = "" if self.need == "unspecified" else self.need + " "
        level = "" if self.level is None else f", level {_number(self.level)}"
        return f"{self.label} ({need}{self.kind}{level})"

    def as_dict(self) -> dict[str, object]:
        """The requirement as plain values (for JSON)."""
        out: dict[str, object] = {
            "label": self.label,
            "kind": self.kind,
            "need": self.need,
            "iri": str(self.iri),
        }
        if self.level is not None:
            out["level"] = self.level
            out["scale"] = self.scale
        if self.inherited_from is not None:
            out["inherited_from"] = str(self.inherited_from)
        return out


def requirement_order(r: Requirement) -> tuple[int, int, str, str]:
    """Sort key: kind, then need, then label, then IRI."""
    return (KINDS.index(r.kind), NEEDS.index(r.need), r.label.lower(), r.iri)


@dataclass(frozen=True)
class Requirements:
    """What a role requires (or what one role adds to another).

    ``items`` are sorted by kind (skills, qualifications, certifications), then
    need (essential, optional, unspecified), then label.  The properties
    select parts of it; ``len()`` counts the items; ``iri in requirements``
    asks whether a resource is among them.
    """

    items: tuple[Requirement, ...] = ()

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, iri: object) -> bool:
        return any(r.iri == iri for r in self.items)

    def get(self, iri: str) -> Requirement | None:
        """The requirement of this resource, if any."""
        for r in self.items:
            if r.iri == iri:
                return r
        return None

    @property
    def skills(self) -> tuple[Requirement, ...]:
        """Every skill, whatever its need."""
        return tuple(r for r in self.items if r.kind == "skill")

    @property
    def essential(self) -> tuple[Requirement, ...]:
        """The essential skills."""
        return tuple(r for r in self.skills if r.need == "essential")

    @property
    def optional(self) -> tuple[Requirement, ...]:
        """The optional skills."""
        return tuple(r for r in self.skills if r.need == "optional")

    @property
    def unspecified(self) -> tuple[Requirement, ...]:
        """The skills stated with plain ``pmg:requiresSkill`` only."""
        return tuple(r for r in self.skills if r.need == "unspecified")

    @property
    def qualifications(self) -> tuple[Requirement, ...]:
        """Qualifications that are not certifications (each with its ``need``)."""
        return tuple(r for r in self.items if r.kind == "qualification")

    @property
    def certifications(self) -> tuple[Requirement, ...]:
        """Certifications (each with its ``need``)."""
        return tuple(r for r in self.items if r.kind == "certification")

    @property
    def labels(self) -> list[str]:
        """The labels of the items, in order."""
        return [r.label for r in self.items]

    def minus(self, other: Iterable[Requirement]) -> Requirements:
        """The items whose resource is not among ``other``'s, whatever its need."""
        have = {r.iri for r in other}
        return Requirements(tuple(r for r in self.items if r.iri not in have))


@dataclass(frozen=True)
class LevelStep:
    """A requirement both roles state, the second at a higher level.

    ``requirement`` is the target role's (with its ``level``); ``have`` the
    level the source role requires.
    """

    requirement: Requirement
    have: float

    @property
    def steps(self) -> float:
        """How many levels up: ``requirement.level - have``."""
        return (self.requirement.level or 0) - self.have

    def describe(self) -> str:
        """``'Project management: level 4 to 5'``."""
        need = self.requirement.level or 0
        return f"{self.requirement.label}: level {_number(self.have)} to {_number(need)}"


@dataclass(frozen=True)
class Gap(Requirements):
    """What ``target`` requires that ``source`` lacks (see :func:`requirement_gap`).

    ``items`` are the requirements ``source`` states nothing about; ``levels``
    the ones it requires at a lower level.
    """

    source: IRI = field(kw_only=True)
    target: IRI = field(kw_only=True)
    levels: tuple[LevelStep, ...] = field(default=(), kw_only=True)


@dataclass(frozen=True)
class Step:
    """A role on a career path and what it requires that the previous role does not.

    The first step of a path is where it starts, and adds nothing.
    """

    role: IRI
    label: str
    adds: Requirements
    levels: tuple[LevelStep, ...] = ()


@dataclass(frozen=True)
class CareerPath:
    """A sequence of roles, each a ``progressesTo`` step from the one before."""

    steps: tuple[Step, ...]

    @property
    def source(self) -> IRI:
        """The role the path starts from."""
        return self.steps[0].role

    @property
    def target(self) -> IRI:
        """The role the path arrives at."""
        return self.steps[-1].role

    @property
    def roles(self) -> list[IRI]:
        """The roles along the path, in order."""
        return [s.role for s in self.steps]

    @property
    def labels(self) -> list[str]:
        """The labels of the roles along the path."""
        return [s.label for s in self.steps]

    @property
    def moves(self) -> int:
        """How many career steps the path takes (one less than its roles)."""
        return len(self.steps) - 1

    def __str__(self) -> str:
        return " -> ".join(self.labels)


@dataclass(frozen=True)
class Cost:
    """What one career step costs, in parts, and what it opens (see :mod:`.steps`).

    Each part is in points; ``total`` is their sum; ``opens`` the credit for
    the roles the step leads on to; ``score = total - opens`` (lower is a
    better step).  ``described`` is false when the next role states fewer
    than :data:`~pmograph.careers.steps.THIN_LIMIT` requirements, so that its
    cost is not known: such steps rank after every described one.
    """

    skills: float = 0.0
    levels: float = 0.0
    certifications: float = 0.0
    experience: float = 0.0
    opens: float = 0.0
    described: bool = True

    @property
    def total(self) -> float:
        """The cost: skills + levels + certifications + experience."""
        return self.skills + self.levels + self.certifications + self.experience

    @property
    def score(self) -> float:
        """``total - opens``: lower ranks first (among steps equally described)."""
        return self.total - self.opens

    def as_dict(self) -> dict[str, object]:
        """The parts as plain values (for JSON)."""
        return {
            "skills": self.skills,
            "levels": self.levels,
            "certifications": self.certifications,
            "experience": self.experience,
            "total": self.total,
            "opens": round(self.opens, 3),
            "score": round(self.score, 3),
            "described": self.described,
        }


@dataclass(frozen=True)
class NextStep:
    """A role one step on from another (see :func:`next_roles`).

    ``adds`` is what it requires that the current role lacks; ``levels`` the
    requirements it needs at a higher level; ``onward`` how many other roles
    can be reached from it; ``cost`` the parts of its ranking.
    """

    role: IRI
    label: str
    adds: Requirements
    onward: int
    levels: tuple[LevelStep, ...] = ()
    cost: Cost = field(default_factory=Cost)


@dataclass(frozen=True)
class Ranked:
    """A resource and its centrality score (see :func:`centrality`)."""

    iri: IRI
    label: str
    cls: str
    score: float
