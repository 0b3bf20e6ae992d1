"""Property-based fuzzing of the loader: anything either loads or raises NetmapError.

Random bytes, random CSV structure, random Unicode and random cell values are
fed to :func:`netmap.load`; each must give a valid Partnership (every
engagement between a listed organisation and a listed function, positive
weights) or raise :class:`netmap.NetmapError` — nothing else may escape. The
default profile draws a few hundred examples; CI (CI=true) draws thousands.
"""

from __future__ import annotations

import csv
import io
import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import netmap
from netmap.errors import NetmapError

CELL = st.one_of(
    st.sampled_from(["", "1", "0", "x", "yes", "TRUE", "✓", "2", "0.5", "-1", "#REF!", "#N/A",
                     "nan", "inf", "NA", "None", " ", "=1+1", "<b>", "\x00", "\t", '"', "\n"]),
    st.text(max_size=12),
)
# four times the profile's examples: a few hundred per test by default, thousands in CI
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
                deadline=None, max_examples=4 * settings().max_examples)


def csv_text(rows, delimiter=",") -> str:
    """CSV text of ``rows``; NUL written through a stand-in (Python 3.10's writer refuses it)."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(
        [[c.replace("\x00", "\ue000") for c in row] for row in rows])
    return buf.getvalue().replace("\ue000", "\x00")


def check(path, **options):
    try:
        loaded = netmap.load(path, **options)
    except NetmapError as e:
        assert str(e)  # every error says something
        return
    p = loaded.partnership
    orgs, fns = set(p.organisations), set(p.functions)
    assert len(orgs) == len(p.organisations) and len(fns) == len(p.functions)
    assert len(p.engagements) > 0
    for o, f, w in p.engagements.itertuples(index=False):
        assert o in orgs and f in fns
        assert w > 0 and not math.isinf(w) and not math.isnan(w)
    assert not p.engagements.duplicated(["organisation", "function"]).any()
    for name in list(orgs) + list(fns):
        assert name == name.strip() and "\x00" not in name


@FUZZ
@given(st.binary(max_size=400))
@example(b"PK\x03\x04junk")
@example(b"\xff\xfeo\x00r\x00g\x00")
@example(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
def test_random_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "input.csv"
    path.write_bytes(data)
    check(path)


@FUZZ
@given(st.lists(st.lists(CELL, min_size=0, max_size=6), min_size=0, max_size=8),
       st.sampled_from([",", ";", "\t", "|"]), st.booleans(),
       st.sampled_from([None, "wide", "long", "roster"]))
def test_random_tables(tmp_path_factory, rows, sep, weighted, layout):
    path = tmp_path_factory.mktemp("fuzz") / "table.csv"
    path.write_text(csv_text(rows, sep), encoding="utf-8")
    check(path, weighted=weighted, layout=layout)


@FUZZ
@given(st.lists(st.text(min_size=0, max_size=15), min_size=1, max_size=5),
       st.lists(st.tuples(st.text(max_size=15), st.lists(CELL, min_size=1, max_size=5)),
                min_size=1, max_size=6),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_random_unicode_matrices(tmp_path_factory, functions, rows, encoding):
    text = csv_text([["organisation", *functions]] + [[name, *cells] for name, cells in rows])
    path = tmp_path_factory.mktemp("fuzz") / "matrix.csv"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    path.write_bytes(data)
    check(path)
