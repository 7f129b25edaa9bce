"""The role card and the compare panel: what the page says about each role, as data.

The career facts come from :mod:`pmograph.careers` (``role_requirements``,
``requirement_gap`` and ``Requirements.minus``, the rules ``pmograph
requirements``, ``next`` and ``gap`` use); levels, importance, eligibility
and the sources of each fact from :mod:`pmograph.viz.facts`.  Sources are
numbers into one table of source descriptions shared by every card.
"""

from __future__ import annotations

from typing import Any

from pmograph.namespaces import PMG_IRI
from pmograph.viz.facts import Facts
from pmograph.viz.subset import PROGRESSION

__all__ = ["cards", "gaps", "COMPARE_MAX"]

COMPARE_MAX = 100
"""Gaps are precomputed for every pair of up to this many roles on the page."""

_HAS_REQUIREMENT = PMG_IRI + "hasRequirement"
_SCALES = {PMG_IRI + "SFIALevelScale": "SFIA", PMG_IRI + "ONETLevelScale": "O*NET"}


class _Sources:
    """The page's table of sources: graph IRI -> number."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.table: list[dict[str, Any]] = []
        self.number: dict[str, int] = {}

    def of(self, *keys: tuple[str, str, str]) -> list[int]:
        """The numbers of the sources stating any of these triples."""
        return self.graphs(g for key in keys for g in self.facts.stated_in.get(key, ()))

    def graphs(self, graphs: Any) -> list[int]:
        """The numbers of these source graphs (added to the table on first use)."""
        out: set[int] = set()
        for g in graphs:
            if g not in self.number:
                self.number[g] = len(self.table)
                self.table.append(self.facts.graphs[g])
            out.add(self.number[g])
        return sorted(out)


def _eligibility(values: dict[str, Any]) -> str:
    parts = []
    kind = values.get("certificationKind")
    if kind:
        parts.append(str(kind).rsplit("#", 1)[-1].lower())
    if "requiresExperienceMonths" in values:
        parts.append(f"needs {values['requiresExperienceMonths']} months' experience")
    if "requiresEducationHours" in values:
        parts.append(f"{values['requiresEducationHours']} hours of education")
    if "renewalYears" in values:
        renew = f"renew every {values['renewalYears']} years"
        if "renewalCredits" in values:
            renew += f" ({values['renewalCredits']} credits)"
        parts.append(renew)
    return "; ".join(parts)


def cards(
    kg: Any, full: Any, roles: list[str], facts: Facts, ids: dict[str, Any]
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """One card per role (keyed by page id) and the sources table they refer to.

    Parameters
    ----------
    kg
        The graph object (``label``).
    full
        The whole networkx view (next steps and the roles that lead to a role
        are read from all the data, not only what the page draws).
    roles
        The roles that get a card.
    facts
        From :func:`pmograph.viz.facts.gather`, covering ``roles``.
    ids
        Role IRI -> page id; steps to roles without an id name the role only.
    """
    from pmograph import careers

    sources = _Sources(facts)
    out: dict[str, dict[str, Any]] = {}
    needs: dict[str, Any] = {}
    for role in roles:
        needs[role] = careers.role_requirements(full, role)
    for role in roles:
        data = full.nodes[role]
        about = facts.role.get(role, {})
        qualified = {}
        for req in about.get("requirements", []):
            parts = facts.requirement.get(req, {})
            if "target" in parts:
                qualified[parts["target"]] = (req, parts)
        reqs = []
        for item in needs[role]:
            keys = [
                (role, str(d.get("predicate", "")), str(item.iri))
                for _, v, d in full.out_edges(role, data=True)
                if v == item.iri
            ]
            entry: dict[str, Any] = {"label": item.label, "kind": item.kind, "need": item.need}
            if str(item.iri) in qualified:
                req, parts = qualified[str(item.iri)]
                keys.append((role, _HAS_REQUIREMENT, req))
                if "level" in parts:
                    scale = _SCALES.get(str(parts.get("scale", "")), "")
                    entry["level"] = f"{scale} level {parts['level']}".strip()
                if "rating" in parts:
                    entry["rating"] = str(parts["rating"])
            eligibility = _eligibility(facts.certification.get(str(item.iri), {}))
            if eligibility:
                entry["eligibility"] = eligibility
            entry["src"] = sources.of(*keys)
            reqs.append(entry)
        activities = sorted(
            (
                {
                    "label": str(full.nodes[v].get("label", "")),
                    "src": sources.of((role, str(d.get("predicate", "")), v)),
                }
                for _, v, d in full.out_edges(role, data=True)
                if full.nodes[v].get("cls") == "activity"
            ),
            key=lambda a: str(a["label"]).lower(),
        )
        steps = []
        for _, nxt, key, d in sorted(
            full.out_edges(role, keys=True, data=True), key=_by_label(full)
        ):
            if key != PROGRESSION or nxt == role or full.nodes[nxt].get("cls") != "role":
                continue
            before = needs[role]
            after = needs.get(nxt) or careers.role_requirements(full, nxt)
            steps.append(
                {
                    "id": ids.get(nxt),
                    "label": str(full.nodes[nxt].get("label", "")),
                    "adds": [r.describe() for r in after.minus(before)],
                    "src": sources.of((role, str(d.get("predicate", "")), nxt)),
                }
            )
        leads = []
        for prev, _, key, d in sorted(
            full.in_edges(role, keys=True, data=True), key=_by_label(full, 0)
        ):
            if key != PROGRESSION or prev == role or full.nodes[prev].get("cls") != "role":
                continue
            leads.append(
                {
                    "id": ids.get(prev),
                    "label": str(full.nodes[prev].get("label", "")),
                    "src": sources.of((prev, str(d.get("predicate", "")), role)),
                }
            )
        card: dict[str, Any] = {
            "label": str(data.get("label", "")),
            "iri": role,
            "definition": str(data.get("definition") or ""),
            "alt": list(data.get("alt_labels") or ()),
            "seniority": [kg.label(s) for s in about.get("seniority", [])],
            "levels": [kg.label(v) for v in about.get("levels", [])],
            "families": [kg.label(f) for f in about.get("families", [])],
            "requirements": reqs,
            "activities": activities,
            "next": steps,
            "from": leads,
        }
        card["src"] = sources.graphs(facts.described_in.get(role, ()))
        out[str(ids[role])] = card
    return out, sources.table


def _by_label(full: Any, end: int = 1) -> Any:
    def key(edge: tuple[Any, ...]) -> tuple[str, str]:
        node = edge[end]
        return (str(full.nodes[node].get("label", "")).lower(), str(node))

    return key


def gaps(full: Any, roles: list[str], ids: dict[str, Any]) -> dict[str, Any]:
    """Every pair's gap, as ``pmograph gap`` prints it, for up to :data:`COMPARE_MAX` roles.

    Returns ``{"rows": [[kind, need, requirement], ...], "pairs": {"a b": [row, ...]}}``
    (page ids ``a`` and ``b``; pairs with no gap are left out), or ``{"limit": N}``
    when there are too many roles.
    """
    from pmograph import careers

    if len(roles) > COMPARE_MAX:
        return {"limit": COMPARE_MAX}
    rows: list[list[str]] = []
    number: dict[tuple[str, str, str], int] = {}
    pairs: dict[str, list[int]] = {}
    for a in roles:
        for b in roles:
            if a == b:
                continue
            found = []
            for r in careers.requirement_gap(full, a, b):
                row = (r.kind, r.need, r.label)
                if row not in number:
                    number[row] = len(rows)
                    rows.append(list(row))
                found.append(number[row])
            if found:
                pairs[f"{ids[a]} {ids[b]}"] = found
    return {"rows": rows, "pairs": pairs}
