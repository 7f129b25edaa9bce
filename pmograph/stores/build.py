"""From files to a store: read the files, add the entailed triples, fill the chosen store.

:func:`build_store` is the one way the loader's quads (:mod:`pmograph.loader`)
become a store; the facade's :func:`pmograph.load` wraps what it returns in a
:class:`~pmograph.kg.KnowledgeGraph`.  Stores build stores, never the graph
object above them.

A pyoxigraph store without reasoning is filled by
:func:`pmograph.stores.fill.fill_store` (the same quads, most of them never
made Python objects).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from pmograph.errors import InputError
from pmograph.stores import STORE_KINDS, BuiltStore, Store


def build_store(
    extra: Iterable[str | os.PathLike[str]] = (),
    *,
    reason: bool = False,
    store: str = "memory",
    packaged: bool = True,
    cache: bool | str | os.PathLike[str] = False,
    answer_first: bool = False,
) -> BuiltStore:
    """Read the packaged graph (unless ``packaged=False``) and ``extra`` files into a store.

    Parameters are those of :func:`pmograph.load` (``endpoint`` aside), and
    ``answer_first`` that of :func:`pmograph.stores.cache.load_cached`.

    Raises
    ------
    InputError
        ``store`` is neither ``memory`` nor ``oxigraph``.
    DataFileError
        A file is missing or does not parse (with file, line and column).
    """
    if store not in STORE_KINDS:
        raise InputError(f"unknown store {store!r}; use memory or oxigraph")
    if store == "oxigraph" and cache and not reason:
        from pmograph.stores.cache import load_cached

        return load_cached(list(extra), packaged=packaged, cache=cache, answer_first=answer_first)
    if store == "oxigraph" and not reason:
        import pyoxigraph as ox

        from pmograph.stores.fill import fill_store
        from pmograph.stores.oxigraph import OxigraphStore

        filled = ox.Store()
        data = fill_store(filled, extra, packaged=packaged)
        return BuiltStore(OxigraphStore(filled), files=data.files, graph_files=data.graph_files)
    from pmograph.loader import read_files

    data = read_files(extra, packaged=packaged)
    quads = data.quads
    if reason:
        from pmograph.reasoning import owl_rl_closure

        quads = quads + owl_rl_closure(quads)
    backend: Store
    if store == "oxigraph":
        from pmograph.stores.oxigraph import OxigraphStore

        backend = OxigraphStore.from_quads(quads)
    else:
        from pmograph.stores.memory import MemoryStore

        backend = MemoryStore.from_quads(quads)
    return BuiltStore(backend, files=data.files, graph_files=data.graph_files, reasoned=reason)
