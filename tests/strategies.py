"""Hypothesis strategies: random partnerships, including the awkward cases.

Disconnected partnerships, organisations with no engagement, functions with
no provider, duplicate function profiles and missing sectors all occur.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st

from netmap.model import Partnership

SECTORS = ["statutory", "voluntary", "faith", ""]


@st.composite
def partnerships(draw, max_orgs: int = 10, max_functions: int = 5, sectors: bool = True):
    n_org = draw(st.integers(1, max_orgs))
    n_fn = draw(st.integers(1, max_functions))
    cells = draw(st.lists(st.lists(st.booleans(), min_size=n_fn, max_size=n_fn),
                          min_size=n_org, max_size=n_org))
    if not any(any(r) for r in cells):
        cells[0][0] = True
    orgs = [f"Org {i}" for i in range(n_org)]
    fns = [f"Function {j}" for j in range(n_fn)]
    edges = [(orgs[i], fns[j]) for i in range(n_org) for j in range(n_fn) if cells[i][j]]
    attrs = None
    if sectors:
        chosen = draw(st.lists(st.sampled_from(SECTORS), min_size=n_org, max_size=n_org))
        attrs = pd.DataFrame({"sector": chosen}, index=pd.Index(orgs, name="organisation"))
    return Partnership.from_edges(edges, functions=fns, organisations=orgs, attributes=attrs)
