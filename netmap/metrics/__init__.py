"""Metric families, one module each, and :func:`compute` which gathers them.

Each family returns a pandas DataFrame or a dict; :func:`compute` joins the
per-node families into one organisation table and one function table, keyed
by ``organisation`` and ``function``, plus the network-level dict.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from netmap.metrics.coverage import providers_by_sector
from netmap.metrics.degree import function_degree, organisation_degree
from netmap.metrics.network import network_summary
from netmap.model import Partnership

__all__ = ["Metrics", "compute"]


@dataclass
class Metrics:
    """Everything computed for one partnership."""

    network: dict
    organisations: pd.DataFrame
    functions: pd.DataFrame
    coverage: pd.DataFrame  # function x sector provider counts

    def as_dict(self) -> dict:
        """The JSON contract: ``network``, ``organisations`` and ``functions`` records."""
        return {
            "network": self.network,
            "organisations": self.organisations.to_dict("records"),
            "functions": self.functions.to_dict("records"),
        }


def compute(p: Partnership) -> Metrics:
    """Compute every metric family for ``p``."""
    coverage = providers_by_sector(p)
    functions = function_degree(p)
    by_sector = coverage.add_prefix("providers_").reset_index(drop=True)
    functions = pd.concat([functions, by_sector], axis=1)
    return Metrics(network=network_summary(p), organisations=organisation_degree(p),
                   functions=functions, coverage=coverage)
