"""Skill profiles of every role (packaged, ESCO, O*NET): what career comparisons read.

A :class:`Profiles` holds, for each role with requirements or moves, its
skills (essential or optional, with O*NET's Level and Importance where
given), every label it is known by in every language, its moves (O*NET
related occupations with their rank, ESCO broader and narrower occupations,
packaged ``pmg:progressesTo``), its packaged qualification requirements and its
alignments (``skos:exactMatch`` / ``skos:closeMatch`` / ``skos:broadMatch`` to another
role's ``skos:exactMatch``).  It is read from
the graph by :func:`pmograph.taxonomy.build.build` and kept in plain lists and dicts so that it packs small and
loads fast: :func:`~pmograph.taxonomy.build.profiles` caches it beside the store cache,
keyed on the files' stat and the label language, so a warm command never touches the
million quads.
"""

from __future__ import annotations

import math
import os
import tempfile
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pmograph.namespaces import PMGID_IRI

ESCO_ROLE = PMGID_IRI + "esco/occupation/"
ONET_ROLE = PMGID_IRI + "onet/occupation/"
FORMAT = 14
"""Bumped whenever :class:`Profiles` changes shape (old cache files are then ignored)."""


class GraphLike(Protocol):
    """What profiles need of the core graph object."""

    def query(self, sparql: str, *args: Any, **kwargs: Any) -> Any: ...


Need = tuple[bool, float | None, float | None]
"""One skill a role requires: (essential, O*NET Level 0-7 or SFIA level, O*NET Importance 1-5).

A plain tuple, so that a profile index of 180,000 needs pickles small and loads fast."""


@dataclass
class Profiles:
    """Roles, their skills, names, moves and alignments (see the module docstring)."""

    labels: dict[str, str] = field(default_factory=dict)
    """Resource IRI -> preferred label, for roles, skills, groups and qualifications: in
    :func:`pmograph.index.label_language` (English by default), else untagged, else English, else any."""
    names: dict[str, list[str]] = field(default_factory=dict)
    """Lower-cased label, altLabel or notation (any language) -> roles it names."""
    preferred: dict[str, list[str]] = field(default_factory=dict)
    """Lower-cased preferred label -> roles (a preferred label beats an alternative one)."""
    needs: dict[str, dict[str, Need]] = field(default_factory=dict)
    """Role -> skill -> need."""
    knowledge: set[str] = field(default_factory=set)
    """ESCO knowledge concepts (every other skill is a skill/competence)."""
    group: dict[str, str] = field(default_factory=dict)
    """Skill -> its nearest skill group (ESCO) or commodity (O*NET technology)."""
    moves: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    """Role -> (other role, how: related/broader/narrower/same ISCO group/progresses, rank or 0)."""
    aligned: dict[str, list[str]] = field(default_factory=dict)
    """Packaged role -> imported occupations its alignments name."""
    roles: set[str] = field(default_factory=set)
    notations: dict[str, str] = field(default_factory=dict)
    """Role -> its code (O*NET-SOC, ESCO), for display."""
    qualifications: dict[str, dict[str, str]] = field(default_factory=dict)
    """Role -> qualification -> the shortcut property stating it (``requiresEssentialQualification`` ...)."""
    qualification_kinds: dict[str, str] = field(default_factory=dict)
    """Every qualification (typed, or required by a role) -> ``"qualification"`` or ``"certification"``."""
    format: int = FORMAT

    def state(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Packed for the cache (builtins only, for :mod:`marshal`): the core, and the names.

        Needs become arrays of skill numbers, moves and names joined strings.
        """
        state = {k: v for k, v in self.__dict__.items() if k not in ("names", "_names_file")}
        skills = sorted({s for needs in self.needs.values() for s in needs})
        number = {s: i for i, s in enumerate(skills)}
        packed = {}
        for role, needs in self.needs.items():
            items = sorted(needs.items())
            packed[role] = (
                array("I", [number[s] for s, _ in items]).tobytes(),
                bytes(1 if n[0] else 0 for _, n in items),
                array("d", [math.nan if n[1] is None else n[1] for _, n in items]).tobytes(),
                array("d", [math.nan if n[2] is None else n[2] for _, n in items]).tobytes(),
            )
        state["needs"] = (skills, packed)
        state["moves"] = {
            k: "\n".join(f"{o}\t{how}\t{rank}" for o, how, rank in v) for k, v in self.moves.items()
        }
        state["preferred"] = {k: "\n".join(v) for k, v in self.preferred.items()}
        return state, {k: "\n".join(v) for k, v in self.names.items()}

    @classmethod
    def from_state(cls, state: dict[str, Any], names: Path | None) -> Profiles:
        """The profiles from :meth:`state`'s core; the names are read from ``names`` when first asked."""
        p = cls.__new__(cls)
        skills, packed = state.pop("needs")
        p.__dict__.update(state)
        p.needs = _Needs(skills, packed)  # type: ignore[assignment]
        p.preferred = _Joined(state["preferred"])  # type: ignore[assignment]
        p.moves = _Moves(state["moves"])  # type: ignore[assignment]
        p.__dict__["_names_file"] = names
        p.__dict__.pop("names", None)
        return p

    def __getattr__(self, name: str) -> Any:
        if name == "names":  # only when from_state left them on disk
            import marshal

            path = self.__dict__.get("_names_file")
            joined: dict[str, str] = {}
            if path is not None:
                try:
                    joined = marshal.loads(Path(path).read_bytes())
                except (OSError, ValueError, EOFError, TypeError):
                    joined = {}
            self.__dict__["names"] = _Joined(joined)
            return self.__dict__["names"]
        raise AttributeError(name)

    def taxonomy(self, role: str) -> str:
        """``"esco"``, ``"onet"`` or ``"pmograph"``."""
        if role.startswith(ESCO_ROLE):
            return "esco"
        if role.startswith(ONET_ROLE):
            return "onet"
        return "pmograph"

    def label(self, iri: str) -> str:
        """A resource's label, or its IRI's last segment."""
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]

    def rated(self, role: str) -> bool:
        """Whether the role has O*NET skill levels (O*NET's 35 skills)."""
        return any(n[1] is not None for n in self.needs.get(role, {}).values())


class _Needs(Mapping[str, dict[str, Need]]):
    """Role -> needs, decoded from the packed cache form on first use."""

    def __init__(self, skills: list[str], packed: dict[str, tuple[bytes, bytes, bytes, bytes]]):
        self._skills = skills
        self._packed = packed
        self._done: dict[str, dict[str, Need]] = {}

    def __getitem__(self, role: str) -> dict[str, Need]:
        found = self._done.get(role)
        if found is None:
            ids, flags, levels, ratings = self._packed[role]
            lv, im = array("d"), array("d")
            lv.frombytes(levels)
            im.frombytes(ratings)
            numbers = array("I")
            numbers.frombytes(ids)
            skills = self._skills
            found = {
                skills[n]: (
                    bool(f),
                    None if math.isnan(a) else a,
                    None if math.isnan(b) else b,
                )
                for n, f, a, b in zip(numbers, flags, lv, im)
            }
            self._done[role] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, role: object) -> bool:
        return role in self._packed


class _Joined(Mapping[str, list[str]]):
    """Name -> roles, kept as newline-joined strings until asked."""

    def __init__(self, joined: dict[str, str]):
        self._joined = joined

    def __getitem__(self, key: str) -> list[str]:
        return self._joined[key].split("\n")

    def __iter__(self) -> Iterator[str]:
        return iter(self._joined)

    def __len__(self) -> int:
        return len(self._joined)

    def __contains__(self, key: object) -> bool:
        return key in self._joined


class _Moves(Mapping[str, list[tuple[str, str, int]]]):
    """Role -> moves, kept as joined strings until asked."""

    def __init__(self, joined: dict[str, str]):
        self._joined = joined

    def __getitem__(self, key: str) -> list[tuple[str, str, int]]:
        out = []
        for line in self._joined[key].split("\n"):
            other, how, rank = line.split("\t")
            out.append((other, how, int(rank)))
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._joined)

    def __len__(self) -> int:
        return len(self._joined)

    def __contains__(self, key: object) -> bool:
        return key in self._joined


def cached(files: Sequence[str | os.PathLike[str]]) -> Profiles | None:
    """The cached profiles for these files, or ``None`` (no graph is loaded)."""
    import marshal

    path = _cache_path(files)
    if path is None:
        return None
    try:
        state = marshal.loads(path.with_suffix(".core").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return None
    return Profiles.from_state(state, path.with_suffix(".names"))


def _cache_path(files: Sequence[str | os.PathLike[str]]) -> Path | None:
    """``profiles-<key>.pickle`` in pmograph's cache folder.

    The key hashes pmograph's version, the label language
    (:func:`pmograph.index.label_language`) and, for the packaged files and then
    ``files`` in order, each one's resolved path, size, inode and
    modification and change times (nanoseconds): a file edited, replaced or
    touched gives a new key, as the store cache's digest memo does, without
    reading a byte.
    """
    import hashlib

    from pmograph import resources
    from pmograph.index import label_language
    from pmograph.stores.cache import cache_dir
    from pmograph.version import __version__

    language = label_language()  # labels are kept in the language asked for
    key = hashlib.sha256(f"pmograph {__version__} profiles {FORMAT} {language}\0".encode())
    try:
        for path in [*resources.packaged_files(), *map(Path, files)]:
            st = path.stat()
            stamp = (path.resolve(), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
            key.update(f"{stamp}\0".encode())
    except OSError:
        return None
    return cache_dir() / f"profiles-{key.hexdigest()}"


def _save(path: Path, built: Profiles) -> None:
    import marshal

    core, names = built.state()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix, value in ((".names", names), (".core", core)):
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".profiles-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(marshal.dumps(value))
            os.replace(tmp, path.with_suffix(suffix))
        _prune(path)
    except (OSError, ValueError):
        pass  # a cache that cannot be written only costs time


KEEP = 4
"""How many profile caches to keep (the most recently written), as the store cache does."""


def _prune(keep: Path) -> None:
    """Remove all but the :data:`KEEP` newest profile caches beside ``keep``."""
    cores = sorted(
        keep.parent.glob("profiles-*.core"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in cores[KEEP:]:
        if old.with_suffix("") != keep:
            for suffix in (".core", ".names"):
                old.with_suffix(suffix).unlink(missing_ok=True)
