"""What a user means by a name: ``--bind VAR=VALUE`` and the terms of ``why``."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from pmograph.errors import InputError, UnknownResource
from pmograph.namespaces import CLASS_NAMES, PREFIXES
from pmograph.sparql.display import compact
from pmograph.sparql.engine import run
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.graph import CoreGraph


def resolve(kg: CoreGraph, text: str, *, what: str = "resource") -> IRI:
    """The IRI a user means by ``text``: ``<iri>``, a full IRI, a prefixed name, or a label.

    Prefixed names use the predeclared prefixes (``pmg:progressesTo``);
    ``CLASS:label`` (``role:Project Manager``) looks the label up among that
    class (short names as in :data:`pmograph.namespaces.CLASS_NAMES`); for
    ``what="predicate"``, ``a`` is ``rdf:type`` and a pmograph property may
    be named by its local name or its label (``progresses to``).  Anything
    else is a label, found with :meth:`KnowledgeGraph.find` among all classes.

    Raises
    ------
    UnknownResource
        Nothing (or several things) answer to ``text``.
    """
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        return IRI(value[1:-1])
    if re.match(r"https?://\S+$", value):
        return IRI(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w.-]*", local):
        return IRI(PREFIXES[prefix] + local)
    if sep and prefix.lower() in CLASS_NAMES and local.strip():
        return kg.find(local, cls=prefix.lower())
    if what == "predicate":
        if value == "a":
            return IRI(PREFIXES["rdf"] + "type")
        return _find_property(kg, value)
    return kg.find(value, cls=None)


def parse_binding(kg: CoreGraph | None, spec: str) -> tuple[str, Any]:
    """A ``VAR=VALUE`` binding as written on the command line, as (name, value).

    ``VALUE`` is read as: ``<iri>`` or a full ``http(s)://`` IRI -> an IRI; a
    prefixed name with a predeclared prefix (``pmg:Role``) -> that IRI;
    ``CLASS:label`` (``role:Project Manager``, ``skill:Risk management``)
    -> the resource of that class with that label; an integer -> ``int``;
    ``"text"@en`` -> a language-tagged literal; a value in double quotes ->
    the string inside them; anything else -> the plain string as given.

    Raises
    ------
    InputError
        ``spec`` is not ``VAR=VALUE``.
    UnknownResource
        A ``CLASS:label`` names nothing, or several things.

    Examples
    --------
    >>> parse_binding(None, 'name=x" } ; DROP ALL ; #')
    ('name', 'x" } ; DROP ALL ; #')
    >>> parse_binding(None, "n=3")
    ('n', 3)
    """
    name, sep, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"\w+", name):
        raise InputError(
            f"--bind {spec!r}: expected VAR=VALUE, e.g. --bind role='role:Project Manager'"
        )
    tagged = re.fullmatch(r'"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)', value.strip(), re.S)
    if tagged:
        import pyoxigraph as ox

        return name, ox.Literal(tagged.group(1), language=tagged.group(2).lower())
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return name, value[1:-1]
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return name, IRI(text[1:-1])
    if re.fullmatch(r"https?://\S+", text):
        return name, IRI(text)
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and re.fullmatch(r"[\w.-]+", local):
        return name, IRI(PREFIXES[prefix] + local)
    if colon and prefix.lower() in CLASS_NAMES and local.strip():
        if kg is None:
            raise InputError(f"--bind {spec!r}: a label needs the graph loaded")
        return name, kg.find(local.strip(), cls=prefix.lower())
    if re.fullmatch(r"[+-]?\d+", text):
        return name, int(text)
    return name, value


def _find_property(kg: CoreGraph, text: str) -> IRI:
    key = re.sub(r"[\s_-]+", "", text).lower()
    result = run(
        kg,
        "SELECT DISTINCT ?p ?label WHERE { { ?p a owl:ObjectProperty } UNION "
        "{ ?p a owl:DatatypeProperty } UNION { ?p a owl:AnnotationProperty } "
        "UNION { ?p a rdf:Property } OPTIONAL { ?p rdfs:label ?label } }",
        timeout=None,
    )
    names: dict[str, set[str]] = {}
    for row in result:
        p = row["p"]
        if not isinstance(p, IRI):
            continue
        for spelling in (p.local_name(), row["label"] or ""):
            if spelling:
                names.setdefault(re.sub(r"[\s_-]+", "", spelling).lower(), set()).add(p)
    hits = names.get(key, set())
    if len(hits) == 1:
        return IRI(next(iter(hits)))
    if len(hits) > 1:
        raise UnknownResource(
            f"{text!r} names several properties: {', '.join(sorted(hits))}; give a prefixed name",
            candidates=sorted(hits),
        )
    close = difflib.get_close_matches(key, sorted(names), n=5, cutoff=0.6)
    spelled = sorted({compact(i) for c in close for i in names[c]})
    hint = f"; did you mean: {', '.join(spelled)}?" if spelled else ""
    raise UnknownResource(f"no property is called {text!r}{hint}", candidates=spelled)
