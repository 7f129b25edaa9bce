"""The role card and the compare panel: what the page says about each role, as data.

The career facts come from :mod:`pmograph.careers` (``requirements`` and
``gap``: what a next step adds, and a compared pair's gap, are what
``pmograph gap`` prints); importance, eligibility and the sources of each
fact from :mod:`pmograph.viz.facts`.  Sources are
numbers into one table of source descriptions shared by every card.
"""

from __future__ import annotations

from typing import Any

from pmograph.namespaces import PMG_IRI
from pmograph.viz.facts import Facts
from pmograph.viz.subset import PROGRESSION

__all__ = ["cards", "gaps", "COMPARE_MAX", "GAP_HEADER"]

COMPARE_MAX = 100
"""Gaps are precomputed for every pair of up to this many roles on the page."""

_HAS_REQUIREMENT = PMG_IRI + "hasRequirement"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


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
        """The numbers of these source graphs (added to the table on first use).

        Graphs new to the table are numbered in IRI order, so the numbers depend on the
        order of the calls (the order the page shows the facts in), not on the order a
        view of the store happens to list a fact's triples in.
        """
        out: set[int] = set()
        for g in sorted(set(graphs)):
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
    from pmograph.careers.view import answers

    sources = _Sources(facts)
    out: dict[str, dict[str, Any]] = {}
    nodes = full.nodes
    needs = answers(kg).requirements  # what careers.requirements answers, read once per role

    for role in roles:
        data = nodes[role]
        linked: dict[str, list[tuple[str, str, str]]] = {}  # target -> the triples stating a link
        for _, v, predicate in full.out_edges(role, data="predicate"):
            linked.setdefault(v, []).append((role, str(predicate), v))
        about = facts.role.get(role, {})
        qualified = {}
        for req in about.get("requirements", []):
            parts = facts.requirement.get(req, {})
            if "target" in parts:
                qualified[parts["target"]] = (req, parts)
        reqs = []
        for item in needs(role):
            keys = list(linked.get(str(item.iri), ()))
            entry: dict[str, Any] = {"label": item.label, "kind": item.kind, "need": item.need}
            level = getattr(item, "level", None)
            if level is not None:
                scale = getattr(item, "scale", None) or ""
                entry["level"] = f"{scale} level {_number(level)}".strip()
            if getattr(item, "inherited_from", None):
                entry["from"] = kg.label(item.inherited_from)
            if str(item.iri) in qualified:
                req, parts = qualified[str(item.iri)]
                keys.append((role, _HAS_REQUIREMENT, req))
                if "rating" in parts:
                    entry["rating"] = str(parts["rating"])
            eligibility = _eligibility(facts.certification.get(str(item.iri), {}))
            if eligibility:
                entry["eligibility"] = eligibility
            entry["src"] = sources.of(*keys)
            reqs.append(entry)
        # sorted first, numbered after: sources are numbered in the order the card shows them
        performed = sorted(
            (
                (str(nodes[v].get("label", "")), v)
                for v in linked
                if nodes[v].get("cls") == "activity"
            ),
            key=lambda pair: (pair[0].lower(), pair[1]),
        )
        activities = [{"label": label, "src": sources.of(*linked[v])} for label, v in performed]
        steps = []
        for nxt in sorted(
            {v for _, v, k in full.out_edges(role, keys=True) if k == PROGRESSION and v != role},
            key=lambda v: (str(nodes[v].get("label", "")).lower(), v),
        ):
            if nodes[nxt].get("cls") != "role":
                continue
            missing, levels = _gap(needs(role), needs(nxt))
            adds = [r.describe() for r in missing] + [st.describe() for st in levels]
            steps.append(
                {
                    "id": ids.get(nxt),
                    "label": str(nodes[nxt].get("label", "")),
                    "adds": adds,
                    "src": sources.of(*linked.get(nxt, ())),
                }
            )
        leads = []
        for prev, _, key, predicate in sorted(
            full.in_edges(role, keys=True, data="predicate"), key=_by_label(full, 0)
        ):
            if key != PROGRESSION or prev == role or nodes[prev].get("cls") != "role":
                continue
            leads.append(
                {
                    "id": ids.get(prev),
                    "label": str(nodes[prev].get("label", "")),
                    "src": sources.of((prev, str(predicate), role)),
                }
            )
        card: dict[str, Any] = {
            "label": str(data.get("label", "")),
            "iri": role,
            "definition": str(data.get("definition") or ""),
            "alt": list(data.get("alt_labels") or ()),
            "seniority": _in_order(kg, facts, about.get("seniority", [])),
            "levels": _in_order(kg, facts, about.get("levels", [])),
            "families": _in_order(kg, facts, about.get("families", [])),
            "requirements": reqs,
            "activities": activities,
            "next": steps,
            "from": leads,
        }
        card["src"] = sources.graphs(facts.described_in.get(role, ()))
        out[str(ids[role])] = card
    return out, sources.table


def _in_order(kg: Any, facts: Facts, iris: list[str]) -> list[str]:
    """The labels of grades, levels or families by rank, then label: not in the order the
    store happens to hold their triples (a store read back from the cache holds another)."""
    ordered = sorted(iris, key=lambda i: (facts.rank.get(i, 1 << 30), kg.label(i).lower(), i))
    return [kg.label(i) for i in ordered]


def _gap(mine: Any, theirs: Any) -> tuple[list[Any], tuple[Any, ...]]:
    """What ``careers.gap`` answers from the two roles' requirements: missing items, level steps.

    The requirements ``theirs`` states whose resource ``mine`` says nothing
    about (``Requirements.minus``), and the ones ``mine`` states at a lower
    level (``careers.requirements.level_steps``).
    """
    from pmograph.careers.requirements import level_steps

    return list(theirs.minus(mine)), level_steps(theirs, mine)


def _by_label(full: Any, end: int = 1) -> Any:
    def key(edge: tuple[Any, ...]) -> tuple[str, str]:
        node = edge[end]
        return (str(full.nodes[node].get("label", "")).lower(), str(node))

    return key


GAP_HEADER = ["kind", "need", "requirement", "level", "have", "change", "from"]
"""The compare panel's columns: ``pmograph gap``'s, without the IRI."""


def gaps(kg: Any, roles: list[str], ids: dict[str, Any]) -> dict[str, Any]:
    """Every pair's gap, as ``pmograph gap`` prints it, for up to :data:`COMPARE_MAX` roles.

    Returns ``{"header": [...], "rows": [[kind, need, requirement, level, have,
    change, from], ...], "pairs": {"a b": [[row, ...], missing, level steps]}}``
    (page ids ``a`` and ``b``; rows by number; pairs with no gap are left
    out), or ``{"limit": N}`` when there are too many roles.
    """
    from pmograph.careers.view import answers

    if len(roles) > COMPARE_MAX:
        return {"limit": COMPARE_MAX}
    rows: list[list[Any]] = []
    number: dict[tuple[Any, ...], int] = {}
    known: dict[int, int] = {}
    pairs: dict[str, list[Any]] = {}

    def origin(r: Any) -> str | None:
        inherited = getattr(r, "inherited_from", None)
        return kg.label(inherited) if inherited else None

    def row_number(row: list[Any]) -> int:
        key = tuple(row)
        if key not in number:
            number[key] = len(rows)
            rows.append(row)
        return number[key]

    def missing_row(r: Any) -> int:
        # a requirement (one object, kept alive by `needs`) gives the same row in every pair
        found = known.get(id(r))
        if found is None:
            row = [r.kind, r.need, r.label, _level(r.level), None, "missing", origin(r)]
            found = known[id(r)] = row_number(row)
        return found

    def level_row(st: Any) -> int:
        req = st.requirement
        row = [req.kind, req.need, req.label, _level(req.level), _level(st.have)]
        return row_number(row + [st.describe().rsplit(": ", 1)[1], origin(req)])

    # careers.gap's answer for each pair, from each role's requirements read once:
    # what b requires whose resource a states nothing about, and the levels a must climb
    v = answers(kg)
    needs = {r: v.requirements(r) for r in roles}
    # a pair whose roles require no resource in common: b's requirements are all missing and
    # no level can step (what _gap answers then, without building its sets for the pair)
    stated = {r: frozenset(item.iri for item in needs[r]) for r in roles}
    every: dict[str, list[int]] = {}  # role -> the rows of all its requirements, as missing
    for a in roles:
        for b in roles:
            if a == b:
                continue
            if stated[a].isdisjoint(stated[b]):
                if b not in every:
                    every[b] = [missing_row(r) for r in needs[b]]
                found, missed, stepped = list(every[b]), len(every[b]), 0
            else:
                missing, levels = _gap(needs[a], needs[b])
                found = [missing_row(r) for r in missing] + [level_row(st) for st in levels]
                missed, stepped = len(missing), len(levels)
            if found:
                pairs[f"{ids[a]} {ids[b]}"] = [found, missed, stepped]
    return {"header": GAP_HEADER, "rows": rows, "pairs": pairs}


def _level(value: float | None) -> Any:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
