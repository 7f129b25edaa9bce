"""The named competency questions shipped as ``ontology/queries/NN-slug.rq``."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pmograph.errors import UnknownResource


@dataclass(frozen=True)
class NamedQuery:
    """A competency question shipped as ``ontology/queries/NN-slug.rq``.

    ``name`` is the slug (``NN-`` dropped); ``question``, ``source`` and
    ``expected`` come from the header comment lines ``# question: ...``,
    ``# source: ...`` and ``# expected: ...`` (a following comment line
    indented by two or more spaces continues the previous one).
    """

    name: str
    path: Path
    text: str
    question: str = ""
    source: str = ""
    expected: str = ""


_HEADER_RE = re.compile(r"#\s*(question|source|expected)\s*:\s*(.*)", re.IGNORECASE)


def _read_named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER_RE.match(stripped)
        if m:
            last = m.group(1).lower()
            fields[last] = m.group(2).strip()
        elif last is not None and re.match(r"#\s{2,}\S", stripped):
            fields[last] = (fields[last] + " " + stripped[1:].strip()).strip()
        else:
            last = None
    name = re.sub(r"^\d+[-_]", "", path.stem)
    return NamedQuery(name=name, path=path, text=text, **fields)


def named_queries() -> list[NamedQuery]:
    """Every named query shipped with pmograph, in file order."""
    from pmograph import resources

    folder = resources.queries_dir()
    if not folder.is_dir():
        return []
    return [_read_named(p) for p in sorted(folder.glob("*.rq"))]


def named_query(name: str) -> NamedQuery:
    """The named query called ``name`` (its slug, with or without the ``NN-`` prefix).

    Raises
    ------
    UnknownResource
        No query has that name; the message lists the closest names.
    """
    available = named_queries()
    wanted = name.strip().removesuffix(".rq")
    for q in available:
        if wanted in (q.name, q.path.stem):
            return q
    names = [q.name for q in available]
    close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.4)
    if not close:
        close = [n for n in names if wanted and (wanted in n or n in wanted)][:5]
    hint = f"did you mean: {', '.join(close)}? " if close else ""
    raise UnknownResource(
        f"no named query {name!r}; {hint}`pmograph queries` lists all {len(names)}",
        candidates=close,
    )
