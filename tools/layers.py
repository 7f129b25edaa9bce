"""The house rules for ``pmograph/``: every import points down a floor, no circles, small modules.

Run ``python tools/layers.py`` (``make test`` runs it through
``tests/test_layers.py``).  It reads every module's source with :mod:`ast`
and counts every import: at module level, inside functions, and under
``if TYPE_CHECKING:``, because an import a type checker follows is still a
dependency a reader has to follow.

:data:`LAYERS` is the one place the floors are written down, from the ground
up; a module belongs to the floor of the longest name in it that is a prefix
of the module's own name.  A module may import modules of its own floor or
any floor below, never above, and the graph of imports has no cycle.
Importing ``a.b.c`` also runs package ``a.b``'s ``__init__``, so that edge is
counted too (except for the root package ``pmograph``, whose ``__init__`` is
lazy by design).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "pmograph"

LAYERS: list[tuple[str, list[str]]] = [
    (
        "ground",  # imported by everything, importing nothing of pmograph
        [
            "pmograph.namespaces",
            "pmograph.terms",
            "pmograph.errors",
            "pmograph.resources",
            "pmograph.version",
            "pmograph.output",
            "pmograph.formats",
            "pmograph.limits",
        ],
    ),
    (
        "graph core",  # files to quads, stores, the SPARQL engine, the core graph object
        [
            "pmograph.loader",
            "pmograph.reading",
            "pmograph.reasoning",
            "pmograph.entailment",
            "pmograph.stores",
            "pmograph.index",
            "pmograph.graph",
            "pmograph.sparql",  # the package and its engine modules ...
            "pmograph.sparql.scan",
            "pmograph.sparql.guard",
            "pmograph.sparql.syntax",
            "pmograph.sparql.values",
            "pmograph.sparql.sandbox",
            "pmograph.sparql.deadline",
            "pmograph.sparql.results",
            "pmograph.sparql.engine",
            "pmograph.frameworks",  # spreadsheets to quads: another loader (issue 16) ...
        ],
    ),
    (
        "services",  # each takes the core graph as its argument
        [
            "pmograph.sparql.display",  # ... and its services
            "pmograph.sparql.named",
            "pmograph.sparql.provenance",
            "pmograph.sparql.bindings",
            "pmograph.query",
            "pmograph.careers",
            "pmograph.viz",
            "pmograph.shacl_shapes",  # SHACL shapes read into objects, for pmograph.shacl
            "pmograph.shacl",  # SHACL shapes as SPARQL on pyoxigraph (issue 15), used by validate
            "pmograph.validate",
            "pmograph.export",
            "pmograph.exportfile",  # exports kept in the cache folder (issue 15)
            "pmograph.importers",
            "pmograph.taxonomy",  # careers across taxonomies (issue 13): skill profiles, gap/similar/next/path
            "pmograph.remote",
            "pmograph.stores.endpoint",  # moving to remote/ (issue 17)
            "pmograph.frameworks.export",  # ... and the graph back into the template
        ],
    ),
    ("facade", ["pmograph.kg", "pmograph"]),
    ("command line", ["pmograph.cli"]),
]

MAX_LINES = 500
"""A module longer than this holds more than one job: split it."""


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, and where."""

    source: str
    target: str
    path: Path
    line: int


def module_name(path: Path, root: Path) -> str:
    """``pmograph/sparql/engine.py`` -> ``pmograph.sparql.engine``; a package's ``__init__`` -> the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = ROOT, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {module_name(p, root): p for p in sorted((root / package).rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` is, or is inside of."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[Import]:
    """The pmograph modules that ``name`` imports (anywhere in the file), with parent packages."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                if not is_package:
                    anchor = anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        for target in targets:
            resolved = _resolve(target, known)
            if resolved is None or resolved == name:
                continue
            yield Import(name, resolved, path, node.lineno)
            # importing a.b.c runs a.b's __init__ first (unless we are inside a.b)
            parent = resolved.rpartition(".")[0]
            while parent and parent != PACKAGE:
                if not (name == parent or name.startswith(parent + ".")):
                    yield Import(name, parent, path, node.lineno)
                parent = parent.rpartition(".")[0]


def layer_of(name: str, layers: list[tuple[str, list[str]]] = LAYERS) -> tuple[int, str] | None:
    """The floor (index, name) of a module: the longest matching prefix in ``layers``."""
    best: tuple[int, int, str] | None = None
    for number, (floor, prefixes) in enumerate(layers):
        for prefix in prefixes:
            # the root package names only its own __init__, not everything in it
            if name == prefix or (prefix != PACKAGE and name.startswith(prefix + ".")):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), number, floor)
    return None if best is None else (best[1], best[2])


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def check(
    root: Path = ROOT,
    layers: list[tuple[str, list[str]]] = LAYERS,
    *,
    max_lines: int = MAX_LINES,
) -> list[str]:
    """Every breach of the house rules under ``root/pmograph``, one line each (empty: all well)."""
    known = modules(root)
    problems: list[str] = []
    graph: dict[str, set[str]] = {m: set() for m in known}
    where: dict[tuple[str, str], Import] = {}
    for name, path in known.items():
        rel = path.relative_to(root).as_posix()
        floor = layer_of(name, layers)
        if floor is None:
            problems.append(
                f"{rel}: module {name} is on no floor; add it to LAYERS in tools/layers.py"
            )
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > max_lines:
            problems.append(
                f"{rel}: {lines} lines (over {max_lines}); split it, one job per module"
            )
        for imp in imports(name, path, known):
            graph[name].add(imp.target)
            where.setdefault((name, imp.target), imp)
            up = layer_of(imp.target, layers)
            if up is not None and up[0] > floor[0]:
                problems.append(
                    f"{rel}:{imp.line}: {name} ({floor[1]}) imports {imp.target} ({up[1]}), "
                    "a floor above; move the shared piece down or pass it in as an argument"
                )
    for component in _cycles(graph):
        members = set(component)
        edges = [
            f"{a} -> {b} ({where[(a, b)].path.relative_to(root).as_posix()}:{where[(a, b)].line})"
            for a in component
            for b in sorted(graph[a] & members)
        ]
        problems.append("import cycle among " + ", ".join(component) + ": " + "; ".join(edges))
    return problems


def describe(root: Path = ROOT) -> str:
    """The floors and the modules on each, top floor first (for the README and reviews)."""
    known = modules(root)
    out = []
    for number, (floor, _) in reversed(list(enumerate(LAYERS))):
        names = sorted(m for m in known if (layer_of(m) or (-1, ""))[0] == number)
        out.append(f"{floor}: {', '.join(names)}")
    return "\n".join(out)


def main() -> int:
    if "--describe" in sys.argv:
        print(describe())
        return 0
    problems = check()
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{len(problems)} breach(es) of the house rules", file=sys.stderr)
        return 1
    print(
        f"{len(modules())} modules: every import points down, no cycle, none over {MAX_LINES} lines"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
