"""Careers across taxonomies: skill profiles of packaged, ESCO and O*NET roles, and gap/similar/next/path/rank on them.

Exports :func:`profiles` (the cached profile index), :func:`resolve`,
:func:`gap`, :func:`similar`, :func:`next_moves`, :func:`cheapest_path`; ``rank`` on the
move graph is :mod:`pmograph.taxonomy.rank`.
"""

from pmograph.taxonomy.build import profiles
from pmograph.taxonomy.compare import cheapest_path, gap, next_moves, overlap, resolve, similar
from pmograph.taxonomy.profiles import Profiles

__all__ = [
    "Profiles",
    "cheapest_path",
    "gap",
    "next_moves",
    "overlap",
    "profiles",
    "resolve",
    "similar",
]
