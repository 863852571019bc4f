"""Everything that makes a run reproducible: the seed of every random draw and the fixed stamps of the workbooks."""
from __future__ import annotations

import zlib
from datetime import datetime

import numpy as np

SEED = 20230101
FIXED_STAMP = datetime(2026, 1, 1, 0, 0, 0)  # document properties of the workbooks
ZIP_STAMP = (2026, 1, 1, 0, 0, 0)


def rng_for(name: str) -> np.random.Generator:
    """One independent generator per purpose, so changing one table does not reshuffle the others."""
    return np.random.default_rng([SEED, zlib.crc32(name.encode())])
