"""Safe SPARQL over the graph: scan, evaluate under a deadline, results, named queries, provenance.

Exports live in the modules (this ``__init__`` imports nothing, so that the
core graph can use the engine without loading the services):
:mod:`~pmograph.sparql.scan` (``check_query``, ``tokenize``),
:mod:`~pmograph.sparql.engine` (``run``), :mod:`~pmograph.sparql.results`
(``QueryResult``, ``Row``), :mod:`~pmograph.sparql.named` (``named_query``),
:mod:`~pmograph.sparql.provenance` (``provenance``),
:mod:`~pmograph.sparql.bindings` (``parse_binding``, ``resolve``) and
:mod:`~pmograph.sparql.display` (``display_rows``, ``compact``);
:mod:`pmograph.query` re-exports them all.
"""
