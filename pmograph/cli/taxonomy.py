"""Career commands on imported taxonomies: ``similar``, and the hooks ``gap``/``next``/``path`` call.

When ``--data`` holds ESCO or O*NET imports and a named role is one of their
occupations (or a packaged role asked about through its alignments), the
answer comes from :mod:`pmograph.taxonomy`: skill profiles read once and
cached beside the store cache, so a warm command does not load the graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from pmograph.cli.common import answer_rows, data_option, format_option, info
from pmograph.output import emit
from pmograph.taxonomy.compare import DEFAULT_MAX_COST, Missing, Overlap
from pmograph.taxonomy.profiles import Profiles


def load_profiles(data: Sequence[str]) -> Profiles:
    """The profiles of the packaged graph plus ``data``: cached, else read from the files.

    The profile cache is used, like the store cache, when the files add up to
    1 MB or more (:func:`pmograph.stores.cache.worth_caching`).

    When every file is RDF, the profiles are read from the parser's quads as
    they stream (profiles need no entailment and no store: on a million quads
    filling a store costs several times the parse); otherwise (a spreadsheet
    framework among them) through :func:`pmograph.load`.
    """
    from pmograph.stores.cache import worth_caching
    from pmograph.taxonomy.build import profiles
    from pmograph.taxonomy.profiles import cached

    keep = worth_caching(list(data))  # small graphs build in milliseconds: no cache file
    found = cached(list(data)) if keep else None
    if found is not None:
        return found
    graph = _parsed(data)
    if graph is None:
        from pmograph.kg import load

        graph = load(list(data), store="oxigraph", cache=False)
    return profiles(graph, list(data), cache=keep)


def _parsed(data: Sequence[str]) -> Any:
    """The quads of the packaged files and ``data``, streamed from the parser; ``None`` when a
    file is not RDF (a spreadsheet framework needs the full load)."""
    from pathlib import Path

    from pmograph import resources
    from pmograph.loader import _FORMATS
    from pmograph.taxonomy.build import file_quads

    paths = [*resources.packaged_files(), *(Path(d) for d in data)]
    if any(p.suffix.lower() not in _FORMATS for p in paths):
        return None
    return file_quads(paths)


def _imported(data: Sequence[str]) -> bool:
    return bool(data)


def _resolve_all(p: Profiles, data: Sequence[str], *names: str) -> tuple[str, ...] | None:
    """The roles the names give, or ``None`` when one does not resolve to exactly one role.

    ``None`` leaves the command to the packaged graph's own lookup, whose
    messages (close matches, ambiguous names, "a skill, not a role") are the
    house's.  With imports large enough to be cached that lookup would load
    the whole graph (a minute, cold, on the full ESCO and O*NET) only to
    report a typo, so there the profiles' own message is the answer.

    Raises
    ------
    InputError
        A name resolves to no role or to several, with large imports.
    """
    from pmograph.errors import InputError, UnknownResource
    from pmograph.stores.cache import worth_caching
    from pmograph.taxonomy.compare import resolve

    try:
        return tuple(resolve(p, n) for n in names)
    except UnknownResource as exc:
        if worth_caching(list(data)):
            raise InputError(str(exc)) from None
        return None


def _fit(o: Overlap) -> str:
    if not o.compared:
        return "no skill data to compare"
    if o.measure == "level-distance":
        return f"{o.score:.3f} (level distance {o.distance:.2f} over {o.compared} skills)"
    return f"{o.score:.3f} (shared {o.shared_essential} essential + {o.shared_optional} optional of {o.compared})"


def _adds(adds: list[Missing], fmt: str, limit: int = 5) -> Any:
    if fmt == "json":
        return [
            {"skill": m.label, "need": m.need, "kind": m.kind, "group": m.group, "step": m.step}
            for m in adds
        ]
    shown = [
        f"{m.label} +{m.step:g}" if m.step is not None else f"{m.label} ({m.need})"
        for m in adds[:limit]
    ]
    more = f" ... {len(adds) - limit} more" if len(adds) > limit else ""
    return "; ".join(shown) + more


def _no_ratings(p: Profiles, role: str, used: str) -> str | None:
    from pmograph.taxonomy.compare import _name

    if p.taxonomy(used) == "onet" and not p.rated(used):
        return (
            f"{_name(p, used)} has no skill ratings in O*NET's Skills file, so pmograph cannot "
            "tell what it needs (this is not 'nothing to learn')"
        )
    if not p.needs.get(used) and role == used:
        return f"{_name(p, used)} has no skill requirements in the data"
    return None


def try_gap(source: str, target: str, fmt: str, data: Sequence[str]) -> bool:
    """Answer ``gap`` from the profiles when a role is imported; ``False`` leaves it to careers."""
    if not _imported(data):
        return False
    from pmograph.taxonomy.compare import gap, profile_of

    p = load_profiles(data)
    found = _resolve_all(p, data, source, target)
    if found is None:
        return False
    a, b = found
    if (
        p.taxonomy(a) == "pmograph"
        and p.taxonomy(b) == "pmograph"
        and not (p.aligned.get(a) and p.aligned.get(b))
    ):
        return False
    ua, na, note_a = profile_of(p, a)
    ub, nb, note_b = profile_of(p, b)
    for note in (note_a, note_b):
        if note:
            info(note)
    for role, used in ((a, ua), (b, ub)):
        problem = _no_ratings(p, role, used)
        if problem:
            emit(problem + "\n") if fmt == "table" else info(problem)
            return True
    missing = gap(p, na, nb)
    levels = any(m.step is not None for m in missing)
    if levels:
        header = ["skill", "need", "from level", "to level", "step", "iri"]
        rows = [[m.label, m.need, m.have, m.want, m.step, m.skill] for m in missing]
    else:
        header = ["kind", "group", "need", "skill", "iri"]
        rows = [[m.kind, m.group, m.need, m.label, m.skill] for m in missing]
    answer_rows(header, rows, fmt, f"{p.label(b)} needs no skill that {p.label(a)} lacks")
    if rows:
        what = "skill levels that rise" if levels else "skills"
        info(f"{len(rows)} {what} from {p.label(a)} to {p.label(b)}")
    return True


def try_next(role: str, fmt: str, data: Sequence[str]) -> bool:
    """Answer ``next`` for an imported occupation from its real moves."""
    if not _imported(data):
        return False
    from pmograph.taxonomy.compare import next_moves, profile_of

    p = load_profiles(data)
    found = _resolve_all(p, data, role)
    if found is None:
        return False
    (r,) = found
    if p.taxonomy(r) == "pmograph":
        return False
    used = profile_of(p, r)[0]
    problem = _no_ratings(p, r, used)
    if problem:
        info(problem + "; moves are listed without scores")
    moves = next_moves(p, r)
    header = ["rank", "role", "move", "score", "fit", "adds", "iri"]
    rows = [
        [
            i,
            m.label,
            f"{m.how} {m.rank}" if m.rank else m.how,
            round(m.fit.score, 3) if m.fit.compared else "",
            _fit(m.fit),
            _adds(m.adds, fmt),
            m.role,
        ]
        for i, m in enumerate(moves, start=1)
    ]
    answer_rows(header, rows, fmt, f"no known move from {p.label(r)}")
    return True


def try_path(
    source: str, target: str, max_cost: float | None, fmt: str, data: Sequence[str]
) -> bool:
    """Answer ``path`` between imported occupations: the cheapest route of real moves."""
    if not _imported(data):
        return False
    from pmograph.taxonomy.compare import cheapest_path

    p = load_profiles(data)
    found = _resolve_all(p, data, source, target)
    if found is None:
        return False
    a, b = found
    if p.taxonomy(a) == "pmograph" and p.taxonomy(b) == "pmograph":
        return False
    bound = DEFAULT_MAX_COST if max_cost is None else max_cost
    route = cheapest_path(p, a, b, max_cost=bound)
    header = ["step", "role", "cost", "iri"]
    rows = [[i, p.label(r), round(c, 3), r] for i, (r, c) in enumerate(route or [])]
    answer_rows(
        header,
        rows,
        fmt,
        f"no route of moves from {p.label(a)} to {p.label(b)} with every step costing at most {bound:g}",
    )
    if route:
        info(
            f"{len(route) - 1} moves, total cost {sum(c for _, c in route):.3f} (step cost = 1 - overlap)"
        )
    return True


def try_rank(
    by: str,
    types: Sequence[str] | None,
    top: int | None,
    samples: int | None,
    fmt: str,
    data: Sequence[str],
) -> bool:
    """Answer ``rank`` on the move graph when ``--data`` holds ESCO or O*NET occupations
    (:mod:`pmograph.taxonomy.rank`); ``False`` leaves a graph without them to careers."""
    if not _imported(data):
        return False
    from pmograph.taxonomy.rank import rank

    p = load_profiles(data)
    if all(p.taxonomy(r) == "pmograph" for r in p.roles):
        return False
    ranked = rank(p, by=by, types=types, top=top, samples=samples)
    header = ["rank", "label", "type", "score", "iri"]
    rows = [
        [i, r.label, r.cls, r.score if isinstance(r.score, int) else round(r.score, 6), str(r.iri)]
        for i, r in enumerate(ranked, start=1)
    ]
    answer_rows(header, rows, fmt, "nothing to rank")
    return True


@click.command()
@click.argument("role")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many roles to list.",
)
@format_option()
@data_option
def similar(role: str, top: int, fmt: str, data: tuple[str, ...]) -> None:
    """The roles whose skill profile is closest to ROLE's.

    ESCO and pmograph roles: weighted Jaccard on essential (weight 2) and
    optional (1) skills.  O*NET occupations: the root-mean-square difference
    of their skill Levels (0-7) over O*NET's 35 skills, shown as
    1 - distance/7.  A packaged role aligned to an ESCO or O*NET occupation
    is compared through that occupation.  ROLE is any label, alternative
    label (any language), code or IRI.

    \b
    Example:
      pmograph similar "gestionnaire de projet" --data esco.trig
    """
    from pmograph.taxonomy.compare import profile_of, resolve
    from pmograph.taxonomy.compare import similar as rank

    p = load_profiles(data)
    r = resolve(p, role)
    used, _, note = profile_of(p, r)
    if note:
        info(note)
    problem = _no_ratings(p, r, used)
    if problem:
        emit(problem + "\n") if fmt == "table" else info(problem)
        return
    found = rank(p, r, top=top)
    header = ["rank", "role", "score", "fit", "iri"]
    rows = [
        [i, s.label, round(s.fit.score, 3), _fit(s.fit), s.role] for i, s in enumerate(found, 1)
    ]
    answer_rows(header, rows, fmt, f"no role shares a skill with {p.label(r)}")
