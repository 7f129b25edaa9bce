"""The page's facts about the whole graph, stored beside the career index, so that a cold page needs no store.

:func:`pmograph.viz.facts.gather` reads every quad of the store (sources,
role attributes, requirement parts, ranks); the command line's graph comes
from the prebuilt career index without loading its files
(:func:`pmograph.cli.careers.career_graph`), so only these facts would make
it load them.  A page of the whole graph stores what ``gather`` found in the
cache folder, named like the career index of the same input files, code and
settings (:func:`pmograph.careers.indexfile.index_file`: any change to a file
names another), and the next page of the same whole graph reads it back
instead of loading the store.  What is stored is what ``gather`` returned,
with its IRIs as plain strings (``marshal`` holds plain values only; a value
it cannot hold means no file, and the store is read as before).  A page of a
subset (``--types``, ``--focus``, ``--path``, ``--query``, ``--max-nodes``)
reads the store.
"""

from __future__ import annotations

import weakref
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pmograph.viz.facts import Facts, gather

__all__ = ["attach", "facts", "place_for"]

_PREFIX = "vizfacts-"

_PLACES: weakref.WeakKeyDictionary[Any, Path] = weakref.WeakKeyDictionary()


def place_for(index_file: Path) -> Path:
    """Where the facts of the graph whose career index is ``index_file`` are stored."""
    return index_file.with_name(_PREFIX + index_file.name.split("-", 1)[1])


def attach(kg: Any, place: Path) -> None:
    """Read and store the whole graph's facts for ``kg`` at ``place``."""
    _PLACES[kg] = place


def facts(kg: Any, nodes: set[str], roles: set[str], *, whole: bool) -> Facts:
    """What ``gather(kg.store, nodes, roles)`` finds: stored, when ``kg`` has a place
    (:func:`attach`) holding them for these very nodes and roles; else read from the store,
    and stored there when the page draws the whole graph (``whole``)."""
    from pmograph.careers import indexfile

    place = _PLACES.get(kg)
    if place is None:
        return gather(kg.store, nodes, roles)
    wanted = (sorted(nodes), sorted(roles))
    state = indexfile.read(place)
    if state is not None and (state.get("nodes"), state.get("roles")) == wanted:
        try:
            return Facts(**state["facts"])
        except (KeyError, TypeError):
            pass  # another layout of Facts: read the store and store again
    found = gather(kg.store, nodes, roles)
    if whole:  # written as the career index is, which keeps the newest KEEP of each kind
        indexfile.write(
            place, {"nodes": wanted[0], "roles": wanted[1], "facts": _plain(asdict(found))}
        )
    return found


def _plain(value: Any) -> Any:
    """``value`` with every ``str`` subclass (IRIs) made a plain ``str``, for ``marshal``."""
    kind = type(value)
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    if isinstance(value, str):
        return str.__str__(value)
    return value
