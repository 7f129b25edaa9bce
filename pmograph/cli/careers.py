"""Career commands: ``path``, ``next``, ``gap`` and ``rank``.

A thin layer over :mod:`pmograph.careers`: each command resolves its
arguments, calls the library and renders rows.  "No known path" and "no next
step" are answers (exit 0), printed in place of the table; with csv, tsv or
json the output is then empty rows and the sentence goes to stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pmograph.careers import DEFAULT_MAX_STEPS, RANK_MEASURES
from pmograph.cli.common import answer_rows, data_option, format_option, info, store_option

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.careers import LevelStep, Requirements
    from pmograph.kg import KnowledgeGraph


def _answered(attempt: Any, *args: Any) -> bool:
    """Whether the cross-taxonomy answer (``pmograph.cli.taxonomy``) handled the command.

    A name it cannot resolve falls through to the packaged graph's own lookup,
    whose message lists the close matches as the data spells them.
    """
    from pmograph.errors import UnknownResource

    try:
        return bool(attempt(*args))
    except UnknownResource:
        return False


def career_graph(data: Sequence[str], store: str) -> KnowledgeGraph:
    """The graph a career command asks: answered from the graph's prebuilt career index
    (:mod:`pmograph.careers.prebuilt`) when one holds these files, so that neither the
    files nor networkx are loaded; else loaded, and the index built for the next command.

    ``--store memory`` asks for rdflib's store: it always loads, and builds no index.
    """
    return career_graph_at(data, store)[0]


def career_graph_at(data: Sequence[str], store: str) -> tuple[KnowledgeGraph, Path | None]:
    """:func:`career_graph`, and where its career index is (``None``: these inputs have none),
    for what is stored beside it (the viz's facts)."""
    from pmograph.careers import indexfile
    from pmograph.cli.common import load_graph

    if store == "memory":
        return load_graph(data, store), None
    place = indexfile.index_file(data)
    state = indexfile.read(place) if place is not None else None
    if place is not None and state is not None and state.get("roles") is not None:
        found = _prebuilt(data, store, state, place)
        if found is not None:
            return found, place
        state = None  # not a whole index: build it again
    kg: KnowledgeGraph = load_graph(data, store)
    if place is not None and state is None:
        from pmograph.careers.prebuilt import build
        from pmograph.careers.view import view

        built = build(view(kg), kg.index)
        if _keep(data, place, built) and built["roles"] is not None:
            _answer_from(kg, data, built, place)  # a ranking asked for now is stored too
    return kg, place


def _keep(data: Sequence[str], place: Path, state: dict[str, Any]) -> bool:
    """Store ``state`` at ``place``, unless a file changed since ``place`` was named."""
    from pmograph.careers import indexfile

    return indexfile.index_file(data) == place and indexfile.write(place, state)


def _answer_from(
    kg: KnowledgeGraph, data: Sequence[str], state: dict[str, Any], place: Path
) -> None:
    """Answer ``kg``'s career questions from ``state``, storing what it learns at ``place``."""
    from pmograph.careers.prebuilt import Prebuilt
    from pmograph.careers.view import use_answers, view

    use_answers(kg, Prebuilt(state, lambda: view(kg), lambda new: _keep(data, place, new)))


def _prebuilt(
    data: Sequence[str], store: str, state: dict[str, Any], place: Path
) -> KnowledgeGraph | None:
    """A graph whose career questions the stored ``state`` answers; its store is loaded
    only if a question needs it (``path --all``, a ranking not yet stored)."""
    from pmograph.careers.prebuilt import restore_index, usable
    from pmograph.cli.common import load_graph
    from pmograph.kg import KnowledgeGraph

    index = restore_index(state["index"]) if usable(state) else None
    if index is None:
        return None
    kg = KnowledgeGraph(_LazyStore(lambda: load_graph(data, store).store), index=index)
    _answer_from(kg, data, state, place)
    return kg


class _LazyStore:
    """An oxigraph store loaded on first use (``load`` returns it)."""

    kind = "oxigraph"

    def __init__(self, load: Callable[[], Any]) -> None:
        self._load = load
        self._loaded: Any = None

    def _store(self) -> Any:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def __getattr__(self, name: str) -> Any:  # ``store`` (the pyoxigraph Store) and the rest
        return getattr(self._store(), name)

    def __len__(self) -> int:
        return len(self._store())

    def quads(self) -> Any:
        return self._store().quads()

    def ox_quads(self) -> Any:
        return self._store().ox_quads()

    def index_quads(self, predicates: frozenset[str], prefix: str, skip_graph: str) -> Any:
        return self._store().index_quads(predicates, prefix, skip_graph)

    def graph_names(self) -> list[str]:
        return self._store().graph_names()  # type: ignore[no-any-return]


def _adds(reqs: Requirements, fmt: str, levels: Sequence[LevelStep] = ()) -> Any:
    """A cell listing requirements and level steps: structured in JSON, text otherwise."""
    if fmt == "json":
        return [r.as_dict() for r in reqs] + [
            {**step.requirement.as_dict(), "have": step.have} for step in levels
        ]
    return "; ".join([r.describe() for r in reqs] + [step.describe() for step in levels])


@click.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option(
    "--all",
    "all_paths",
    is_flag=True,
    help="List every path that visits no role twice, up to --max-steps, shortest first.",
)
@click.option(
    "--max-steps",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="The longest path to consider [default: 6 with --all, no limit otherwise].",
)
@click.option(
    "--max-cost",
    type=click.FloatRange(0, 1),
    default=None,
    metavar="X",
    help="Between imported occupations: the most one move may cost (1 - skill overlap) [default: 0.9].",
)
@format_option()
@data_option
@store_option
def path(
    source: str,
    target: str,
    all_paths: bool,
    max_steps: int | None,
    max_cost: float | None,
    fmt: str,
    data: tuple[str, ...],
    store: str,
) -> None:
    """The shortest career path from role FROM to role TO.

    Steps follow pmg:progressesTo.  Each step lists what its role requires
    (skills, qualifications, certifications, each essential or optional where
    the data says) that the role before it does not.  Roles are named by label,
    alternative title or IRI, case-insensitively.

    Example: pmograph path "PMO Analyst" "Portfolio Manager" --all
    """
    from pmograph.cli.taxonomy import try_path

    if not all_paths and _answered(try_path, source, target, max_cost, fmt, data):
        return
    kg = career_graph(data, store)
    if all_paths:
        found = kg.path(source, target, all_paths=True, max_steps=max_steps)
    else:
        one = kg.path(source, target, max_steps=max_steps)
        found = [one] if one is not None else []
    header = ["step", "role", "new", "adds", "iri"]
    if all_paths:
        header = ["path", *header]
    rows = []
    for number, career in enumerate(found, start=1):
        for i, step in enumerate(career.steps):
            new = len(step.adds) + len(step.levels)
            row = [i, step.label, new, _adds(step.adds, fmt, step.levels), str(step.role)]
            rows.append([number, *row] if all_paths else row)
    a, b = kg.label(kg.find(source)), kg.label(kg.find(target))
    within = ""
    if max_steps is not None or all_paths:
        n = max_steps if max_steps is not None else DEFAULT_MAX_STEPS
        within = f" within {n} step{'s' if n != 1 else ''}"
    answer_rows(header, rows, fmt, f"no known path from {a} to {b}{within}")
    if found:
        moves = found[0].moves
        what = f"{len(found)} paths" if all_paths else str(found[0])
        info(f"{what}; shortest {moves} step{'s' if moves != 1 else ''}")


@click.command("next")
@click.argument("role")
@format_option()
@data_option
@store_option
def next_(role: str, fmt: str, data: tuple[str, ...], store: str) -> None:
    """The usual next career steps from ROLE, ranked by what each step costs.

    \b
    Each next role is listed with the parts of its cost, in points:
      skills   missing skills (essential 3, unspecified 2, optional 1)
      levels   2 per level climbed on a skill both roles require
      certs    missing qualifications and certifications (4, optional 1)
      exp      2 per seniority grade climbed, 1 per year of experience a
               missing certification asks
    opens (log2 of 1 + the roles reachable from it, onward) is credited, and
    score = cost - opens ranks the steps, lowest first.  A role that states
    fewer than 3 requirements cannot be costed ("thin"): it ranks after every
    described one.  adds lists what the step requires that ROLE lacks.

    Example: pmograph next "Project Manager"
    """
    from pmograph.cli.taxonomy import try_next

    if _answered(try_next, role, fmt, data):
        return
    kg = career_graph(data, store)
    steps = kg.next_steps(role)
    header = [
        "rank",
        "role",
        "score",
        "cost",
        "skills",
        "levels",
        "certs",
        "exp",
        "opens",
        "onward",
        "adds",
        "iri",
    ]
    rows = []
    for i, s in enumerate(steps, start=1):
        c = s.cost
        score: Any = round(c.score, 2) if c.described else "thin"
        parts = [c.total, c.skills, c.levels, c.certifications, c.experience]
        rows.append(
            [
                i,
                s.label,
                score,
                *(_points(x) for x in parts),
                round(c.opens, 2),
                s.onward,
                _adds(s.adds, fmt, s.levels),
                str(s.role),
            ]
        )
    answer_rows(header, rows, fmt, f"no known next step from {kg.label(kg.find(role))}")


def _points(value: float) -> Any:
    return int(value) if float(value).is_integer() else round(value, 2)


@click.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@format_option()
@data_option
@store_option
def gap(source: str, target: str, fmt: str, data: tuple[str, ...], store: str) -> None:
    """What role TO requires that role FROM lacks, and the levels to climb.

    One row per skill, qualification or certification: its need (essential
    or optional where the data says so, unspecified otherwise), the level TO
    requires (SFIA 1-7 or O*NET 0-7, where stated), the level FROM requires,
    and the change: "missing" when FROM states nothing about it, "level 4 to
    5" when FROM requires it at a lower level.  A specialised role inherits
    what the role it specialises requires ("from" names that role).

    Example: pmograph gap "Project Manager" "Programme Manager"
    """
    from pmograph.cli.taxonomy import try_gap

    if _answered(try_gap, source, target, fmt, data):
        return
    kg = career_graph(data, store)
    missing = kg.gap(source, target)
    a, b = kg.label(missing.source), kg.label(missing.target)
    header = ["kind", "need", "requirement", "level", "have", "change", "from", "iri"]

    def origin(r: Any) -> str | None:
        return kg.label(r.inherited_from) if r.inherited_from else None

    rows = [
        [r.kind, r.need, r.label, _level(r.level), None, "missing", origin(r), str(r.iri)]
        for r in missing
    ]
    rows += [
        [
            st.requirement.kind,
            st.requirement.need,
            st.requirement.label,
            _level(st.requirement.level),
            _level(st.have),
            st.describe().rsplit(": ", 1)[1],
            origin(st.requirement),
            str(st.requirement.iri),
        ]
        for st in missing.levels
    ]
    if fmt == "table":  # leave out the columns the data says nothing in
        keep = [i for i, h in enumerate(header) if i < 3 or h == "iri" or any(r[i] for r in rows)]
        header, rows = [header[i] for i in keep], [[r[i] for i in keep] for r in rows]
    answer_rows(header, rows, fmt, f"{b} requires nothing that {a} lacks")
    if rows:
        parts = [f"{len(missing)} requirement{'s' if len(missing) != 1 else ''} missing"]
        if missing.levels:
            n = len(missing.levels)
            parts.append(f"{n} level step{'s' if n != 1 else ''}")
        info(f"{', '.join(parts)}: what {b} requires that {a} lacks")


def _level(value: float | None) -> Any:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@click.command()
@click.option(
    "--by",
    type=click.Choice(list(RANK_MEASURES)),
    default="degree",
    show_default=True,
    help="degree: how many resources link to it (for a skill, how many roles require it); "
    "betweenness: how often it bridges others; pagerank: importance flowing along steps "
    "and requirements.",
)
@click.option(
    "--types",
    multiple=True,
    metavar="TYPES",
    help="Rank only these kinds, comma-separated (role, skill, qualification, certification "
    "...); repeatable.  [default: all]",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="How many to list; 0 lists all.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=None,
    metavar="K",
    help="Betweenness: estimate from K sampled nodes (seed 42).  [default: exact up to "
    "500 nodes, 100 samples above]",
)
@format_option()
@data_option
@store_option
def rank(
    by: str,
    types: tuple[str, ...],
    top: int,
    samples: int | None,
    fmt: str,
    data: tuple[str, ...],
    store: str,
) -> None:
    """Rank skills, qualifications and roles by centrality.

    Uses career steps and requirements only.  Which skills are most
    transferable: pmograph rank --types skill.  Which roles are hubs:
    pmograph rank --types role --by betweenness.  With ESCO or O*NET
    imports in --data, ranks roles, skills and qualifications on the move
    graph: requirements, career steps, O*NET related occupations and ESCO
    broader/narrower occupations.
    """
    wanted = [t for group in types for t in group.split(",") if t.strip()] or None
    from pmograph.cli.taxonomy import try_rank

    if try_rank(by, wanted, top or None, samples, fmt, data):
        return  # imported occupations: ranked on the move graph (pmograph.taxonomy.rank)
    kg = career_graph(data, store)
    ranked = kg.rank(by=by, types=wanted, top=top or None, samples=samples)
    header = ["rank", "label", "type", "score", "iri"]
    rows = [
        [i, r.label, r.cls, r.score if isinstance(r.score, int) else round(r.score, 6), str(r.iri)]
        for i, r in enumerate(ranked, start=1)
    ]
    answer_rows(header, rows, fmt, "nothing to rank")
