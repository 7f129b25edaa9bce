"""Comparing roles' skill profiles: gap, similar, next and path across ESCO, O*NET and pmograph.

Scoring (documented in the README, "Careers across taxonomies"):

- **Skill sets** (ESCO, pmograph): each skill weighs 2 when essential to the
  role, 1 when optional.  The *overlap* of A and B is the weighted Jaccard
  index: the sum over shared skills of the smaller weight, over the sum over
  all their skills of the larger weight (0 = nothing shared, 1 = the same
  profile).
- **Skill levels** (O*NET): the two occupations' Level (0-7) on the skills
  either rates; the *distance* is the root mean square of the level
  differences, and the *overlap* ``1 - distance / 7``.
- **A move's score** is its overlap: how much of the target the mover already
  has.  Each move also shows what it *adds*: the target's skills A lacks
  (essential first) or, on O*NET, the skills whose Level rises (by how much).
- **A path's step cost** is ``1 - overlap``; ``path`` finds the cheapest
  route of real moves whose every step costs at most ``max_cost``.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from pmograph.errors import UnknownResource
from pmograph.namespaces import PMGID_IRI
from pmograph.taxonomy.profiles import Need, Profiles

ESSENTIAL_WEIGHT = 2.0
OPTIONAL_WEIGHT = 1.0
LEVEL_MAX = 7.0
DEFAULT_MAX_COST = 0.9


def resolve(p: Profiles, name: str) -> str:
    """The role a label, alternative label (any language), code or IRI names.

    A preferred label beats an alternative one; among several, a packaged role
    beats an imported one.

    Raises
    ------
    UnknownResource
        Nothing or several roles match.
    """
    text = name.strip()
    if not text:
        raise UnknownResource("an empty name names no role; give a label, a code or an IRI")
    for candidate in (text, PMGID_IRI + text.lstrip("/")):  # an IRI, or one relative to the ids
        if candidate in p.roles:
            return candidate
    key = " ".join(text.lower().split())
    hits = p.preferred.get(key) or p.names.get(key) or []
    if len(hits) > 1:
        own = [h for h in hits if p.taxonomy(h) == "pmograph"]
        hits = own if own else hits
    if len(set(hits)) == 1:
        return hits[0]
    if hits:
        names = "; ".join(f"{p.label(h)} <{h}>" for h in sorted(set(hits))[:8])
        raise UnknownResource(
            f"{name!r} names several roles: {names}; give the IRI or code instead",
            candidates=sorted(set(hits)),
        )
    import difflib

    close = difflib.get_close_matches(key, list(p.names), n=5, cutoff=0.75)
    shown: list[str] = []
    seen: set[str] = set()
    for found in close:  # one per role, its label, with the name matched when another
        role = sorted(p.names[found])[0]
        if role not in seen:
            seen.add(role)
            label = p.label(role)
            same = " ".join(label.lower().split()) == found
            shown.append(label if same else f"{label} ({found})")
    hint = f"; did you mean: {', '.join(shown)}?" if shown else "; check the spelling"
    raise UnknownResource(f"no role is called {name!r}{hint}", candidates=close)


def profile_of(p: Profiles, role: str) -> tuple[str, dict[str, Need], str]:
    """The profile a role is compared by: its own, else (packaged) its first rated aligned occupation's.

    Returns (the role whose skills are used, those skills, a note saying so or "").
    """
    own = p.needs.get(role, {})
    if p.taxonomy(role) == "pmograph":
        for other in p.aligned.get(role, ()):  # exactMatch, then closeMatch, then broadMatch
            if p.needs.get(other) and (p.taxonomy(other) != "onet" or p.rated(other)):
                tax = "O*NET" if p.taxonomy(other) == "onet" else "ESCO"
                return (
                    other,
                    p.needs[other],
                    f"{p.label(role)} is aligned to {_name(p, other)}: its skills are "
                    f"what {tax} says it needs",
                )
    return role, own, ""


def _name(p: Profiles, role: str) -> str:
    code = p.notations.get(role)
    tax = {"esco": "ESCO", "onet": "O*NET", "pmograph": "pmograph"}[p.taxonomy(role)]
    return f"{tax} {p.label(role)!r}" + (f" ({code})" if code and tax == "O*NET" else "")


def _onet_skill(skill: str) -> bool:
    return "/onet/skill/" in skill


def _levels(needs: dict[str, Need]) -> dict[str, float]:
    return {s: n[1] for s, n in needs.items() if n[1] is not None and _onet_skill(s)}


def _weights(needs: dict[str, Need]) -> dict[str, float]:
    return {
        s: ESSENTIAL_WEIGHT if n[0] else OPTIONAL_WEIGHT
        for s, n in needs.items()
        if not _onet_skill(s) and "/onet/technology/" not in s
    }


@dataclass
class Overlap:
    """How close two profiles are, with its parts."""

    score: float
    """0 (nothing in common) to 1 (the same profile)."""
    measure: str
    """``weighted-jaccard`` or ``level-distance``."""
    shared_essential: int = 0
    shared_optional: int = 0
    distance: float | None = None
    compared: int = 0
    """How many skills the measure looked at."""


def overlap(a: dict[str, Need], b: dict[str, Need]) -> Overlap:
    """The overlap of two profiles (see the module docstring)."""
    la, lb = _levels(a), _levels(b)
    if la and lb:
        keys = set(la) | set(lb)
        d = math.sqrt(sum((la.get(k, 0.0) - lb.get(k, 0.0)) ** 2 for k in keys) / len(keys))
        return Overlap(1 - d / LEVEL_MAX, "level-distance", distance=d, compared=len(keys))
    wa, wb = _weights(a), _weights(b)
    keys = set(wa) | set(wb)
    if not keys:
        return Overlap(0.0, "weighted-jaccard")
    shared = set(wa) & set(wb)
    top = sum(min(wa[k], wb[k]) for k in shared)
    bottom = sum(max(wa.get(k, 0.0), wb.get(k, 0.0)) for k in keys)
    ess = sum(1 for k in shared if wb[k] == ESSENTIAL_WEIGHT)
    return Overlap(top / bottom, "weighted-jaccard", ess, len(shared) - ess, compared=len(keys))


@dataclass
class Missing:
    """One skill the target needs that the source lacks (or needs at a higher Level)."""

    skill: str
    label: str
    need: str
    """``essential`` or ``optional``."""
    kind: str
    """``knowledge``, ``skill`` or ``technology``."""
    group: str
    """The skill group's label (ESCO), the commodity (O*NET technology), or ""."""
    have: float | None = None
    want: float | None = None

    @property
    def step(self) -> float | None:
        """How much the Level rises (O*NET)."""
        return None if self.want is None else round(self.want - (self.have or 0.0), 2)


def gap(p: Profiles, a: dict[str, Need], b: dict[str, Need]) -> list[Missing]:
    """What profile ``b`` needs that ``a`` lacks, grouped: knowledge, then skills, then technology.

    On O*NET levels: the skills whose Level rises from ``a`` to ``b``, biggest step first.
    """
    la, lb = _levels(a), _levels(b)
    out: list[Missing] = []
    if la and lb:
        for s, want in lb.items():
            have = la.get(s, 0.0)
            if want > have:
                need = "essential" if b[s][0] else "optional"
                out.append(Missing(s, p.label(s), need, "skill", "", have, want))
        out.sort(key=lambda m: (-(m.step or 0.0), m.label))
        return out
    for s, n in b.items():
        if s in a or _onet_skill(s):
            continue
        kind = (
            "technology"
            if "/onet/technology/" in s
            else "knowledge"
            if s in p.knowledge
            else "skill"
        )
        group = p.label(p.group[s]) if s in p.group else ""
        out.append(Missing(s, p.label(s), "essential" if n[0] else "optional", kind, group))
    order = {"knowledge": 0, "skill": 1, "technology": 2}
    out.sort(key=lambda m: (order[m.kind], m.group.lower(), m.need != "essential", m.label.lower()))
    return out


@dataclass
class Move:
    """A real move from one role to another, scored."""

    role: str
    label: str
    how: str
    """``related`` (O*NET, with ``rank``), ``broader``/``narrower``/``same ISCO group`` (ESCO),
    ``progresses`` (pmograph)."""
    rank: int
    fit: Overlap
    adds: list[Missing] = field(default_factory=list)


def next_moves(p: Profiles, role: str) -> list[Move]:
    """The role's real moves, best overlap first (then fewer essential adds, then label)."""
    _, mine, _ = profile_of(p, role)
    out = []
    for other, how, rank in p.moves.get(role, []):
        _, theirs, _ = profile_of(p, other)
        out.append(
            Move(other, p.label(other), how, rank, overlap(mine, theirs), gap(p, mine, theirs))
        )
    out.sort(
        key=lambda m: (
            m.fit.compared == 0,
            -round(m.fit.score, 6),
            sum(1 for x in m.adds if x.need == "essential"),
            m.label.lower(),
        )
    )
    return out


@dataclass
class Similar:
    """A role whose skill profile is close to another's."""

    role: str
    label: str
    fit: Overlap


def similar(p: Profiles, role: str, *, top: int = 10) -> list[Similar]:
    """The ``top`` roles of the same taxonomy whose profile is closest to ``role``'s."""
    used, mine, _ = profile_of(p, role)
    tax = p.taxonomy(used)
    levels = bool(_levels(mine))
    if levels:
        candidates = [r for r in p.needs if r != used and p.taxonomy(r) == tax and p.rated(r)]
    else:
        skills = set(_weights(mine))
        candidates = sorted(
            {r for r, needs in p.needs.items() if r != used and skills & needs.keys()}
        )
        candidates = [r for r in candidates if p.taxonomy(r) == tax or tax == "pmograph"]
    scored = [Similar(r, p.label(r), overlap(mine, p.needs[r])) for r in candidates]
    scored = [s for s in scored if s.fit.score > 0]
    scored.sort(key=lambda s: (-round(s.fit.score, 6), s.label.lower(), s.role))
    return scored[:top]


def cheapest_path(
    p: Profiles, source: str, target: str, *, max_cost: float = DEFAULT_MAX_COST
) -> list[tuple[str, float]] | None:
    """The cheapest route of real moves (step cost ``1 - overlap``, each at most ``max_cost``).

    Returns [(role, cost of the step into it)], the source first with cost 0;
    ``None`` when no route keeps every step within the bound.
    """
    profile = {r: profile_of(p, r)[1] for r in (source, target)}

    def needs(r: str) -> dict[str, Need]:
        if r not in profile:
            profile[r] = profile_of(p, r)[1]
        return profile[r]

    best = {source: 0.0}
    back: dict[str, tuple[str, float]] = {}
    queue = [(0.0, source)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == target:
            break
        if cost > best.get(node, math.inf):
            continue
        for other, _how, _rank in p.moves.get(node, []):
            step = 1.0 - overlap(needs(node), needs(other)).score
            if step > max_cost:
                continue
            total = cost + step
            if total < best.get(other, math.inf) - 1e-12:
                best[other] = total
                back[other] = (node, step)
                heapq.heappush(queue, (total, other))
    if target not in best:
        return None
    route = [(target, back[target][1] if target in back else 0.0)]
    while route[-1][0] != source:
        prev, _ = back[route[-1][0]]
        route.append((prev, back[prev][1] if prev in back else 0.0))
    return route[::-1]
