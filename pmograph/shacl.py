"""SHACL Core shapes evaluated as SPARQL queries on pyoxigraph, under RDFS entailment.

One job: find the SHACL violations that pyshacl (``inference="rdfs"``) finds,
fast enough for a million quads.  The shapes are read by
:mod:`pmograph.shacl_shapes` (which refuses what is not translated here);
each property shape becomes a few SPARQL queries (the value constraints, the
class constraints, the counts) run on a ``pyoxigraph.Store`` whose default
graph is the union of its graphs.

Assumptions
-----------
- **Entailment is RDFS, as pyshacl's is.**  A node is an instance of a target
  class ``C`` when it is typed with ``C`` or a subclass (``rdfs:subClassOf*``),
  when it is the subject of a property whose ``rdfs:domain`` is such a class,
  or the object of one whose ``rdfs:range`` is (``rdfs:subPropertyOf*``
  included).  A property shape's values include those of its subproperties.
  The schema triples are read once from the whole store (ontology included).
- **Focus nodes are IRIs**, as pmograph reports them (a literal or blank node
  typed by a range is reported on the subject that holds it).
- **Each property shape is queried once over the whole store** and each node
  shape keeps the rows about its own focus nodes (a sub-select or VALUES list
  of focus nodes inside the query is several times slower on pyoxigraph).
- **A class constraint is an anti-join** (``MINUS``), evaluated once for all
  values: a ``NOT EXISTS`` per value took 34 s for ESCO's 26,000
  ``skos:broader`` links, the ``MINUS`` 0.02 s.
- Only ``sh:Violation`` results are produced (shapes of another severity are
  skipped), as :mod:`pmograph.validate` reports only those.

Exports: :func:`load_shapes`, :func:`violations`, :class:`Violation`,
:class:`UnsupportedShape` (the last two re-exported from
:mod:`pmograph.shacl_shapes`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from pmograph.shacl_shapes import SH, NodeShape, PropertyShape, UnsupportedShape, load_shapes

__all__ = ["UnsupportedShape", "Violation", "load_shapes", "violations"]

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
Term = Any
"""A pyoxigraph term (NamedNode, BlankNode, Literal)."""

# XSD datatypes whose lexical forms SPARQL can check by casting
_CASTABLE = frozenset(("integer", "decimal", "double", "float", "boolean", "date", "dateTime"))
_COMPARE = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}


@dataclass(frozen=True)
class Violation:
    """A focus node failing a property shape (``value`` is None for a count)."""

    focus: str
    shape: PropertyShape
    component: str
    value: Term | None = None


@dataclass
class _Schema:
    """The RDFS schema triples, with closures, read from the data store."""

    super_classes: dict[str, set[str]] = field(default_factory=dict)
    super_props: dict[str, set[str]] = field(default_factory=dict)
    domains: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ranges: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def read(cls, store: ox.Store, skip: set[str] | None = None) -> _Schema:
        schema = cls()
        skip = skip or set()

        def stated(predicate: str) -> Iterator[ox.Quad]:
            for q in store.quads_for_pattern(None, ox.NamedNode(_RDFS + predicate), None, None):
                if getattr(q.graph_name, "value", None) not in skip:
                    yield q

        sub_c: dict[str, set[str]] = defaultdict(set)
        sub_p: dict[str, set[str]] = defaultdict(set)
        for pred, table in (("subClassOf", sub_c), ("subPropertyOf", sub_p)):
            for q in stated(pred):
                table[_key(q.subject)].add(_key(q.object))
        for pred, table in (("domain", schema.domains), ("range", schema.ranges)):
            for q in stated(pred):
                table[_key(q.subject)].add(_key(q.object))
        schema.super_classes = _closure(sub_c)
        schema.super_props = _closure(sub_p)
        return schema

    def sub_classes(self, cls: str) -> set[str]:
        return {cls} | {c for c, sup in self.super_classes.items() if cls in sup}

    def sub_props(self, prop: str) -> set[str]:
        return {prop} | {p for p, sup in self.super_props.items() if prop in sup}

    def typing_props(self, cls: str, table: dict[str, set[str]]) -> set[str]:
        """Properties whose domain (or range) entails membership of ``cls``."""
        direct = {p for p, classes in table.items() if any(cls in self.supers(c) for c in classes)}
        return set().union(*(self.sub_props(p) for p in direct)) if direct else set()

    def supers(self, cls: str) -> set[str]:
        return self.super_classes.get(cls, set()) | {cls}


def _key(term: object) -> str:
    """An IRI as itself, anything else (a blank node) as ``_:...``, never put in a query."""
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term}"


def _closure(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """node -> every node reachable from it (itself excluded unless on a cycle)."""
    out: dict[str, set[str]] = {}
    for start in edges:
        seen: set[str] = set()
        todo = list(edges[start])
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo.extend(edges.get(n, ()))
        out[start] = seen
    return out


def violations(
    store: ox.Store, shapes: list[NodeShape], *, skip_graphs: tuple[str, ...] = ()
) -> list[Violation]:
    """Every violation of ``shapes`` in the union of ``store``'s graphs.

    ``skip_graphs`` names graphs left out of that union (pmograph's
    materialised entailments: the shapes judge what is stated).
    """
    checker = _Checker(store, skip_graphs)
    found: list[Violation] = []
    for shape in shapes:
        focus: set[str] = set()
        for cls in shape.targets:
            focus |= checker.focus_nodes(cls)
        if not focus:
            continue
        for prop in shape.properties:
            found.extend(checker.check(prop, focus))
        for members in shape.xone:  # exactly one member shape must conform
            failing = [{v.focus for v in checker.check(m, focus)} for m in members]
            for node in sorted(focus):
                if sum(node not in f for f in failing) != 1 and shape.itself is not None:
                    found.append(Violation(node, shape.itself, "Xone"))
    return found


class _Checker:
    """Runs each property shape's queries once over the whole store, however many
    node shapes share it, and keeps the answers; each node shape then picks the
    rows about its own focus nodes.  (Joining the focus nodes inside the query,
    as a sub-select or a VALUES list, is several times slower on pyoxigraph.)"""

    def __init__(self, store: ox.Store, skip_graphs: tuple[str, ...] = ()) -> None:
        self.store = store
        present = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
        self.skip = {g for g in skip_graphs if g in present}
        self.graphs: list[Any] | None = None  # None: the union of every graph
        if self.skip:
            named = [g for g in store.named_graphs() if getattr(g, "value", None) not in self.skip]
            self.graphs = [ox.DefaultGraph(), *named]
        self.schema = _Schema.read(store, self.skip)
        self._focus: dict[str, set[str]] = {}
        self._values: dict[str, list[tuple[str, str, Term]]] = {}
        self._counts: dict[tuple[str, str, int, str], set[str]] = {}

    def _select(self, sparql: str) -> Iterator[Any]:
        if self.graphs is None:
            return iter(self.store.query(sparql, use_default_graph_as_union=True))  # type: ignore[arg-type]
        return iter(self.store.query(sparql, default_graph=self.graphs))  # type: ignore[arg-type]

    def focus_nodes(self, cls: str) -> set[str]:
        """The IRIs that RDFS entails are instances of ``cls``."""
        if cls not in self._focus:
            typed = _typed(self.schema, "?focus", cls, "f")
            nodes: set[str] = set()
            if typed is not None:
                sparql = f"SELECT DISTINCT ?focus WHERE {{ {typed} FILTER(isIRI(?focus)) }}"
                nodes = {row["focus"].value for row in self._select(sparql)}
            self._focus[cls] = nodes
        return self._focus[cls]

    def _path(self, prop: PropertyShape) -> str:
        union = _union([f"?focus {p} ?v" for p in _iris(self.schema.sub_props(prop.path))])
        return union or "FILTER(false)"

    def value_violations(self, prop: PropertyShape) -> list[tuple[str, str, Term]]:
        """(subject, component, value) for every IRI subject whose value fails a constraint."""
        if prop.node not in self._values:
            rows: list[tuple[str, str, Term]] = []
            tests = _value_tests(prop)
            if tests and self._any_fails(prop, tests):
                names = list(tests)
                binds = " ".join(f"BIND({tests[n]} AS ?t{i})" for i, n in enumerate(names))
                flags = " || ".join(f"?t{i}" for i in range(len(names)))
                sparql = (
                    f"SELECT DISTINCT ?focus ?v {' '.join(f'?t{i}' for i in range(len(names)))} "
                    f"WHERE {{ {self._path(prop)} FILTER(isIRI(?focus)) {binds} FILTER({flags}) }}"
                )
                for row in self._select(sparql):
                    for i, n in enumerate(names):
                        flag = row[f"t{i}"]
                        if flag is not None and flag.value == "true":
                            rows.append((row["focus"].value, n, row["v"]))
            for component, anti in _class_tests(self.schema, prop).items():
                # values that are resources but no instance of the class(es): an anti-join
                sparql = (
                    f"SELECT DISTINCT ?focus ?v WHERE {{ {self._path(prop)} "
                    f"FILTER(isIRI(?focus) && !isLiteral(?v)) {anti} }}"
                )
                rows.extend((r["focus"].value, component, r["v"]) for r in self._select(sparql))
            self._values[prop.node] = rows
        return self._values[prop.node]

    def _any_fails(self, prop: PropertyShape, tests: dict[str, str]) -> bool:
        """Whether any value fails a test: one plain FILTER, stopping at the first row.

        Most data conforms, and this costs a quarter of the query that then tells
        which constraint each failing value breaks (its BINDs and DISTINCT are what
        cost, at 124,000 values of one property: 0.3 s against 1.3 s).
        """
        failing = " || ".join(f"({t})" for t in tests.values())
        sparql = (
            f"SELECT ?focus WHERE {{ {self._path(prop)} FILTER(isIRI(?focus)) "
            f"FILTER({failing}) }} LIMIT 1"
        )
        return any(True for _ in self._select(sparql))

    def subjects(self, prop: PropertyShape, op: str, n: int, lang: str = "") -> set[str]:
        """IRI subjects whose number of distinct values ``op`` (``>=`` or ``>``) ``n``.

        ``lang``: count only the values that pass this filter (a qualified count).
        """
        key = (prop.path, op, n, lang)
        if key not in self._counts:
            where = f"{self._path(prop)} FILTER(isIRI(?focus)) {lang}"
            if op == ">=" and n == 1:  # at least one: no need to count
                sparql = f"SELECT DISTINCT ?focus WHERE {{ {where} }}"
            else:
                sparql = (
                    f"SELECT ?focus WHERE {{ {where} }} "
                    f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) {op} {n})"
                )
            self._counts[key] = {row["focus"].value for row in self._select(sparql)}
        return self._counts[key]

    def same_language(self, prop: PropertyShape) -> set[str]:
        """IRI subjects with two values in one language (``sh:uniqueLang``)."""
        key = (prop.path, "lang", 0, "")
        if key not in self._counts:
            sparql = (
                f"SELECT ?focus WHERE {{ {self._path(prop)} FILTER(isIRI(?focus)) "
                'FILTER(isLiteral(?v) && lang(?v) != "") } '
                "GROUP BY ?focus (LCASE(lang(?v)) AS ?lang) HAVING (COUNT(DISTINCT ?v) > 1)"
            )
            self._counts[key] = {row["focus"].value for row in self._select(sparql)}
        return self._counts[key]

    def check(self, prop: PropertyShape, focus: set[str]) -> Iterator[Violation]:
        for subject, component, value in self.value_violations(prop):
            if subject in focus:
                yield Violation(subject, prop, component, value)
        params = prop.params
        qualified = _languages(prop.qualified_languages)
        for name, lang in (("", ""), ("qualified", qualified)):
            if name and not prop.qualified_languages:
                continue
            low = [int(v.value) for v in params.get(name + ("M" if name else "m") + "inCount", [])]
            high = [int(v.value) for v in params.get(name + ("M" if name else "m") + "axCount", [])]
            kind = "Qualified" if name else ""
            if low and max(low) > 0:
                enough = self.subjects(prop, ">=", max(low), lang)
                for subject in sorted(focus - enough):
                    yield Violation(subject, prop, kind + "MinCount")
            if high:
                for subject in sorted(focus & self.subjects(prop, ">", min(high), lang)):
                    yield Violation(subject, prop, kind + "MaxCount")
        if any(str(v.value) == "true" for v in params.get("uniqueLang", [])):
            for subject in sorted(focus & self.same_language(prop)):
                yield Violation(subject, prop, "UniqueLang")


def _languages(tags: tuple[str, ...]) -> str:
    """A filter keeping the literals ``?v`` in one of ``tags`` (empty: no filter)."""
    if not tags:
        return ""
    matches = " || ".join(f"langMatches(lang(?v), {ox.Literal(t)})" for t in tags)
    return f"FILTER(isLiteral(?v) && ({matches}))"


def _iris(values: set[str]) -> list[str]:
    return [f"<{v}>" for v in sorted(values) if not v.startswith("_:")]


def _union(patterns: list[str]) -> str | None:
    """Triple patterns as one UNION: pyoxigraph joins these on a bound variable
    far faster than a VALUES list of predicates or classes."""
    return " UNION ".join(f"{{ {p} }}" for p in patterns) if patterns else None


def _typed(schema: _Schema, var: str, cls: str, tag: str) -> str | None:
    """A graph pattern matching ``var`` when RDFS entails that it is a ``cls``."""
    parts = [f"{var} a {c}" for c in _iris(schema.sub_classes(cls))]
    parts += [f"{var} {p} ?{tag}o" for p in _iris(schema.typing_props(cls, schema.domains))]
    parts += [f"?{tag}s {p} {var}" for p in _iris(schema.typing_props(cls, schema.ranges))]
    return _union(parts)


def _class_tests(schema: _Schema, prop: PropertyShape) -> dict[str, str]:
    """Class component -> a ``MINUS`` of the values that are instances (of one of the classes).

    A value reached through a property whose range entails the class is
    entailed to be of it: only a literal can fail (RDFS types literals too,
    but SHACL's sh:class never accepts one), and :func:`_value_tests` catches
    those.  With no way to be an instance at all, every value fails.
    """
    path_ranges = {
        r
        for sp in schema.super_props.get(prop.path, set()) | {prop.path}
        for r in schema.ranges.get(sp, ())
    }
    wanted: dict[str, tuple[str, ...]] = {
        f"Class{n}": (c.value,) for n, c in enumerate(prop.params.get("class", []))
    }
    wanted |= {f"Or{n}": classes for n, classes in enumerate(prop.any_class)}
    tests: dict[str, str] = {}
    for component, classes in wanted.items():
        if any(c in schema.supers(r) for c in classes for r in path_ranges):
            continue
        typed = [_typed(schema, "?v", c, f"k{n}") for n, c in enumerate(classes)]
        union = " UNION ".join(f"{{ {t} }}" for t in typed if t)
        tests[component] = f"MINUS {{ {union} }}" if union else ""
    return tests


def _value_tests(prop: PropertyShape) -> dict[str, str]:
    """Constraint component -> a SPARQL expression true when ``?v`` violates it."""
    tests: dict[str, str] = {}
    p = prop.params
    for kind in p.get("nodeKind", []):
        ok = {
            "IRI": "isIRI(?v)",
            "BlankNode": "isBlank(?v)",
            "Literal": "isLiteral(?v)",
            "BlankNodeOrIRI": "!isLiteral(?v)",
            "BlankNodeOrLiteral": "!isIRI(?v)",
            "IRIOrLiteral": "!isBlank(?v)",
        }[kind.value[len(SH) :]]
        tests["NodeKind"] = f"!({ok})"
    for n, _cls in enumerate(p.get("class", [])):  # a literal is never an instance
        tests[f"Class{n}"] = "isLiteral(?v)"
    for n, _classes in enumerate(prop.any_class):
        tests[f"Or{n}"] = "isLiteral(?v)"
    for dt in p.get("datatype", []):
        check = f"isLiteral(?v) && sameTerm(datatype(?v), <{dt.value}>)"
        local = dt.value[len(_XSD) :] if dt.value.startswith(_XSD) else ""
        if local in _CASTABLE:  # an ill-formed lexical form does not have the datatype
            check += f" && COALESCE(BOUND(?v) && <{dt.value}>(STR(?v)) = ?v, false)"
        tests["Datatype"] = f"!({check})"
    if prop.languages:
        matches = " || ".join(
            f"langMatches(lang(?v), {ox.Literal(lang)})" for lang in prop.languages
        )
        tests["LanguageIn"] = f"!(isLiteral(?v) && ({matches}))"
    if "in" in p:
        allowed = " || ".join(f"sameTerm(?v, {m})" for m in prop.members)
        tests["In"] = f"!({allowed or 'false'})"
    flags = p.get("flags", [])
    for pattern in p.get("pattern", []):
        args = f"STR(?v), {ox.Literal(pattern.value)}" + (
            f", {ox.Literal(flags[0].value)}" if flags else ""
        )
        tests["Pattern"] = f"(isBlank(?v) || COALESCE(!regex({args}), true))"
    for name, op in _COMPARE.items():
        for bound in p.get(name, []):
            tests[name[0].upper() + name[1:]] = f"COALESCE(!(?v {op} {bound}), true)"
    for name, op in (("minLength", ">="), ("maxLength", "<=")):
        for bound in p.get(name, []):
            tests[name[0].upper() + name[1:]] = (
                f"(isBlank(?v) || COALESCE(!(STRLEN(STR(?v)) {op} {bound}), true))"
            )
    return tests
