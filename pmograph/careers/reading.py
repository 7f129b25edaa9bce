"""Reading what a role requires from the networkx view: qualified requirements, shortcuts, inheritance.

See :mod:`pmograph.careers.requirements` for the model; this module holds
only the reading, so that the view (:mod:`pmograph.careers.view`) can cache
it without importing the services above it.
"""

from __future__ import annotations

from typing import Any

from pmograph.careers.model import KINDS, NEEDS, Requirement, Requirements, requirement_order
from pmograph.terms import IRI

__all__ = ["REQUIREMENT_PROPERTIES", "QUALIFIED_PROPERTIES", "collect"]

# property local name -> (family, need)
_SHORTCUTS: dict[str, tuple[str, str]] = {
    "requiresEssentialSkill": ("skill", "essential"),
    "requiresOptionalSkill": ("skill", "optional"),
    "requiresSkill": ("skill", "unspecified"),
    "requiresEssentialQualification": ("qualification", "essential"),
    "requiresOptionalQualification": ("qualification", "optional"),
    "requiresQualification": ("qualification", "unspecified"),
}
REQUIREMENT_PROPERTIES: frozenset[str] = frozenset(_SHORTCUTS)
"""The shortcut properties that state what a role requires (local names)."""
QUALIFIED_PROPERTIES: frozenset[str] = frozenset({"hasRequirement"})
"""The property from a role to its qualified requirements (local name)."""

_TARGETS = {"requiredSkill": "skill", "requiredQualification": "qualification"}
_IMPORTANCE = {"Essential": "essential", "Optional": "optional"}
_SCALES = {"SFIALevelScale": "SFIA", "ONETLevelScale": "ONET"}
_SPECIALISATION = "specialisationOf"


def _local(iri: str) -> str:
    return IRI(iri).local_name()


def _own(G: Any, role: str) -> dict[str, dict[str, Any]]:
    """The role's own statements: resource -> {family, need, level, scale}."""
    found: dict[str, dict[str, Any]] = {}

    def merge(target: str, family: str, need: str, level: Any = None, scale: Any = None) -> None:
        old = found.get(target)
        if old is None:
            found[target] = {"family": family, "need": need, "level": level, "scale": scale}
            return
        if NEEDS.index(need) < NEEDS.index(old["need"]):
            old["need"] = need
        if family == "skill":
            old["family"] = family
        if level is not None and (old["level"] is None or level > old["level"]):
            old["level"], old["scale"] = level, scale

    for _, target, prop in G.out_edges(role, data="property"):
        shortcut = _SHORTCUTS.get(prop)
        if shortcut is not None:
            merge(target, *shortcut)
        elif prop == "hasRequirement":
            data = G.nodes[target]
            what: list[tuple[str, str]] = []
            need, scale = "unspecified", None
            for _, obj, part in G.out_edges(target, data="property"):
                if part in _TARGETS:
                    what.append((obj, _TARGETS[part]))
                elif part == "importance":
                    need = _IMPORTANCE.get(_local(obj), need)
                elif part == "levelScale":
                    scale = _SCALES.get(_local(obj), _local(obj))
            if len(what) != 1:  # malformed: the shapes report it; nothing to read here
                continue
            merge(what[0][0], what[0][1], need, data.get("level"), scale)
    return found


def _parents(G: Any, role: str) -> list[str]:
    """The roles ``role`` specialises, nearest first, each once (cycle-safe)."""
    out: list[str] = []
    seen = {role}
    frontier = [role]
    while frontier:
        nxt: list[str] = []
        for node in frontier:
            ups = sorted(
                (v for _, v, p in G.out_edges(node, data="property") if p == _SPECIALISATION),
                key=lambda n: (str(G.nodes[n].get("label", n)).lower(), n),
            )
            for up in ups:
                if up not in seen and G.nodes[up].get("cls") == "role":
                    seen.add(up)
                    out.append(up)
                    nxt.append(up)
        frontier = nxt
    return out


def collect(G: Any, role: str) -> Requirements:
    """What ``role`` requires, own and inherited (no role check)."""
    merged: dict[str, tuple[dict[str, Any], str | None]] = {
        t: (s, None) for t, s in _own(G, role).items()
    }
    for parent in _parents(G, role):
        for target, stated in _own(G, parent).items():
            merged.setdefault(target, (stated, parent))
    items = []
    for target, (stated, origin) in merged.items():
        data = G.nodes[target] if target in G else {}
        cls = data.get("cls")
        kind = str(cls) if cls in KINDS else stated["family"]
        label = str(data.get("label") or _local(target))
        items.append(
            Requirement(
                IRI(target),
                label,
                kind,
                stated["need"],
                stated["level"],
                stated["scale"],
                IRI(origin) if origin else None,
            )
        )
    return Requirements(tuple(sorted(items, key=requirement_order)))
