"""Career analytics on the networkx view of the graph: requirements, paths, next steps, rankings.

Exports the result types (:class:`Requirement`, :class:`Requirements`,
:class:`LevelStep`, :class:`Gap`, :class:`CareerPath`, :class:`NextStep`,
:class:`Cost`, :class:`Ranked`), functions of a networkx graph
(:func:`role_requirements`, :func:`requirement_gap`, :func:`shortest_career_path`,
:func:`career_paths`, :func:`next_roles`, :func:`centrality`, :func:`similar_roles`,
:func:`progression_graph`) and of a graph object (:func:`requirements`,
:func:`gap`, :func:`path`, :func:`next_steps`, :func:`rank`, :func:`similar`,
:func:`write_network`).

Modules, one job each: :mod:`~pmograph.careers.model` (result types),
:mod:`~pmograph.careers.view` (the networkx view, built once per graph),
:mod:`~pmograph.careers.requirements` (the requirements model and gaps),
:mod:`~pmograph.careers.paths`, :mod:`~pmograph.careers.steps` (next steps and
their cost), :mod:`~pmograph.careers.similarity`, :mod:`~pmograph.careers.ranking`, :mod:`~pmograph.careers.network`,
:mod:`~pmograph.careers.prebuilt` (the answers of a graph, built once with networkx and read back
without it) and :mod:`~pmograph.careers.indexfile` (where they are stored, under which key).
The services ask their view through :class:`~pmograph.careers.view.CareerView`
(:func:`~pmograph.careers.view.answers`): the networkx view, or a prebuilt one.
"""

from __future__ import annotations

from pmograph.careers.model import (
    CareerPath,
    Cost,
    Gap,
    LevelStep,
    NextStep,
    Ranked,
    Requirement,
    Requirements,
    Step,
)
from pmograph.careers.network import NETWORK_FORMATS, write_network
from pmograph.careers.paths import DEFAULT_MAX_STEPS, career_paths, path, shortest_career_path
from pmograph.careers.ranking import (
    BETWEENNESS_EXACT_LIMIT,
    BETWEENNESS_SAMPLES,
    BETWEENNESS_SEED,
    CAREER_PROPERTIES,
    RANK_MEASURES,
    centrality,
    rank,
)
from pmograph.careers.requirements import (
    QUALIFIED_PROPERTIES,
    REQUIREMENT_PROPERTIES,
    gap,
    level_steps,
    requirement_gap,
    requirements,
    role_requirements,
)
from pmograph.careers.similarity import Similar, requirement_similarity, similar, similar_roles
from pmograph.careers.steps import THIN_LIMIT, WEIGHTS, next_roles, next_steps, step_cost
from pmograph.careers.view import PROGRESSES_TO, CareerGraph, progression_graph
from pmograph.careers.view import View as _View  # noqa: F401  (benchmarks, notebooks)
from pmograph.careers.view import view as _view  # noqa: F401

__all__ = [
    "PROGRESSES_TO",
    "REQUIREMENT_PROPERTIES",
    "QUALIFIED_PROPERTIES",
    "CAREER_PROPERTIES",
    "DEFAULT_MAX_STEPS",
    "RANK_MEASURES",
    "BETWEENNESS_EXACT_LIMIT",
    "BETWEENNESS_SAMPLES",
    "BETWEENNESS_SEED",
    "NETWORK_FORMATS",
    "THIN_LIMIT",
    "WEIGHTS",
    "CareerGraph",
    "Requirement",
    "Requirements",
    "LevelStep",
    "Gap",
    "Step",
    "CareerPath",
    "Cost",
    "NextStep",
    "Ranked",
    "Similar",
    "progression_graph",
    "role_requirements",
    "level_steps",
    "shortest_career_path",
    "career_paths",
    "next_roles",
    "step_cost",
    "requirement_gap",
    "centrality",
    "similar_roles",
    "requirement_similarity",
    "requirements",
    "path",
    "next_steps",
    "gap",
    "rank",
    "similar",
    "write_network",
]
# Private aliases kept for the benchmarks and notebooks that reach for the cached view.
