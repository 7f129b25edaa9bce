"""What a user means by a name: ``--bind VAR=VALUE`` and the terms of ``why``."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from pmograph.errors import InputError, UnknownResource
from pmograph.namespaces import CLASS_NAMES, INSTANCE_PREFIXES, PREFIXES
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
    iri: IRI | None = None
    if value.startswith("<") and value.endswith(">"):
        iri = IRI(value[1:-1])
    elif re.match(r"https?://\S+$", value):
        iri = IRI(value)
    prefix, sep, local = value.partition(":")
    if iri is None and sep and prefix in PREFIXES and re.fullmatch(r"[\w.-]*", local):
        iri = IRI(PREFIXES[prefix] + local)
    if iri is not None:
        if what == "predicate":
            _known_property(kg, iri, value)
        return iri
    if sep and _class_of(prefix) and local.strip():
        return _instance(kg, prefix, local)
    if what == "predicate":
        if value == "a":
            return IRI(PREFIXES["rdf"] + "type")
        return _find_property(kg, value)
    return kg.find(value, cls=None)


def _known_property(kg: CoreGraph, iri: IRI, text: str) -> None:
    """Refuse a predicate that no fact uses and no vocabulary declares (a misspelling)."""
    names = _properties(kg)
    if any(iri in found for found in names.values()):
        return
    if run(kg, "ASK { ?s ?p ?o }", {"p": iri}, timeout=None).boolean:
        return
    key = re.sub(r"[\s_-]+", "", iri.local_name()).lower()
    close = difflib.get_close_matches(key, sorted(names), n=5, cutoff=0.6)
    spelled = sorted({compact(i) for c in close for i in names[c]})
    hint = f"; did you mean: {', '.join(spelled)}?" if spelled else ""
    raise UnknownResource(
        f"unknown predicate {text!r}: no fact uses it and no vocabulary declares it{hint}",
        candidates=spelled,
    )


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
    if colon and _class_of(prefix) and local.strip():
        if kg is None:
            raise InputError(f"--bind {spec!r}: a label needs the graph loaded")
        return name, _instance(kg, prefix, local.strip())
    if re.fullmatch(r"[+-]?\d+", text):
        return name, int(text)
    return name, value


_CLASS_ALIASES = {
    "cert": "certification",
    "employer-type": "employer",
    "responsibility-level": "responsibility",
}


def _class_of(prefix: str) -> str | None:
    """The class short name an instance prefix (``role``, ``cert``, ...) stands for, if any."""
    name = prefix.lower()
    name = _CLASS_ALIASES.get(name, name)
    return name if name in CLASS_NAMES else None


def _instance(kg: CoreGraph, prefix: str, local: str) -> IRI:
    """``role:Project Manager`` (a label) or ``role:project-manager`` (the IRI's last part)."""
    cls = _class_of(prefix)
    assert cls is not None
    try:
        return kg.find(local, cls=cls)
    except UnknownResource:
        namespace = INSTANCE_PREFIXES.get(prefix.lower())
        if namespace and (namespace + local) in kg.index.classes:
            return IRI(namespace + local)
        raise


def _properties(kg: CoreGraph) -> dict[str, set[str]]:
    """Every declared property, by its normalised local name and label."""
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
    return names


def _find_property(kg: CoreGraph, text: str) -> IRI:
    key = re.sub(r"[\s_-]+", "", text).lower()
    names = _properties(kg)
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
