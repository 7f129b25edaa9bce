"""Where the packaged ontology, shapes, data, named queries and checks are.

Installed with ``pip install .``, they live inside the package as
``pmograph.ontology`` and ``pmograph.data``.  In a source checkout installed in
the default editable mode those subpackages are not mapped, so the folders
beside ``pmograph/`` are used instead.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _folder(package: str, checkout_name: str) -> Path:
    # The data folders have no __init__.py: they are namespace packages, whose
    # importlib.resources root is a MultiplexedPath, so take the spec's location.
    try:
        spec = importlib.util.find_spec(package)
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            path = Path(location)
            if path.is_dir():
                return path
    path = Path(__file__).resolve().parent.parent / checkout_name
    if path.is_dir():
        return path
    raise FileNotFoundError(
        f"pmograph's packaged {checkout_name}/ folder is missing; reinstall pmograph"
    )


def ontology_dir() -> Path:
    """The folder holding ``pmograph.ttl``, ``shapes.ttl``, ``queries/`` and ``checks/``."""
    return _folder("pmograph.ontology", "ontology")


def data_dir() -> Path:
    """The folder holding the packaged instance data (TriG)."""
    return _folder("pmograph.data", "data")


def ontology_file() -> Path:
    return ontology_dir() / "pmograph.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def checks_dir() -> Path:
    return ontology_dir() / "checks"


def data_files() -> list[Path]:
    """Every packaged data file, in a stable order."""
    return sorted(data_dir().rglob("*.trig"))


def packaged_files() -> list[Path]:
    """The ontology followed by the data files: what ``pmograph.load()`` reads."""
    return [ontology_file(), *data_files()]
