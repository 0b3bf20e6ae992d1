"""Synthetic partnerships with realistic skew, for benchmarks and tests.

Function popularity decays Zipf-like (weight 1 / rank^1.1, the six canonical
functions first); each organisation works in 1 + a geometric number of
functions (most in one or two, a few in many), drawn without replacement in
proportion to popularity (Gumbel top-k); sectors follow fixed shares. The
same seed gives the same partnership. Synthetic data: never real
organisations.
"""

from __future__ import annotations

import numpy as np

from netmap.render.layout import CANONICAL_FUNCTIONS

__all__ = ["SECTOR_SHARES", "synth_matrix", "write_synth_csv"]

SECTOR_SHARES = {"statutory": 0.30, "voluntary": 0.40, "faith": 0.08, "community": 0.10,
                 "international": 0.05, "partnership network": 0.07}


def function_names(n: int) -> list:
    names = list(CANONICAL_FUNCTIONS[:n])
    return names + [f"Function {j + 1}" for j in range(len(names), n)]


def synth_matrix(organisations: int, functions: int, seed: int = 0) -> tuple:
    """``(matrix, sectors)``: a boolean organisations x functions matrix and sector labels.

    ``seed`` is any whole number 0 or more, however large (numpy's
    ``SeedSequence``); a negative one raises ``ValueError``.

    >>> m, s = synth_matrix(1000, 6, seed=1)
    >>> m.shape, bool(m.any(axis=1).all()), round(float(m.sum(axis=1).mean()), 1) < 2.5
    ((1000, 6), True, True)
    """
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, functions + 1) ** 1.1
    k = np.minimum(1 + rng.geometric(0.55, size=organisations) - 1, functions)
    keys = np.log(popularity)[None, :] + rng.gumbel(size=(organisations, functions))
    order = np.argsort(-keys, axis=1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(functions)[None, :].repeat(organisations, 0), 1)
    matrix = rank < k[:, None]
    names = list(SECTOR_SHARES)
    sectors = rng.choice(len(names), size=organisations, p=list(SECTOR_SHARES.values()))
    return matrix, [names[i] for i in sectors]


def write_synth_csv(path, organisations: int, functions: int, seed: int = 0) -> int:
    """Write a synthetic wide CSV; returns the number of engagements.

    ``path`` must name a .csv file: the text is CSV, and a name such as
    ``x.xlsx`` would give a file netmap (and Excel) then refuse.
    """
    from pathlib import Path

    from netmap.errors import OutputError
    from netmap.io.outputs import write_text

    if Path(path).suffix.lower() != ".csv":
        raise OutputError(f"{path}: synth writes CSV text; name the file .csv")

    matrix, sectors = synth_matrix(organisations, functions, seed)
    header = "organisation,sector," + ",".join(function_names(functions))
    cells = np.where(matrix, "1", "")
    lines = [header] + [f"Organisation {i + 1:07d},{sectors[i]}," + ",".join(row)
                        for i, row in enumerate(cells.tolist())]
    write_text(path, "# SYNTHETIC DATA made by netmap synth (seed "
               f"{seed}); not real organisations\n" + "\n".join(lines) + "\n")
    return int(matrix.sum())
