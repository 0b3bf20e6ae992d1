"""Large maps: file size, time to write, and time to draw and search in headless Chromium.

Usage: python benchmarks/bench_map.py [--sizes 2500 20000 100000] [--functions 12]

For each size a synthetic partnership (`netmap synth`, seed 1) is written and
`netmap map` run as its own process (wall time, peak memory, file size).
The page is then opened from the file system in headless Chromium (Debian's
chromium and chromium-driver, through selenium, offline): the time from
opening the page to its first drawing (the network's first ``afterDrawing``
event, ``performance.now()``), to the page's script having finished
(``netmap.ready``), and the time a search for an organisation drawn inside a
group takes, from Enter to the node being selected and focused. Prints a
Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import NETMAP, fmt, measure, print_table, synthesise  # noqa: E402


def browser(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never download a driver
    options = Options()
    options.binary_location = shutil.which("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--window-size=1400,1000",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver")),
                            options=options)


def page_times(driver, page: Path) -> tuple:
    """(ms to first drawing, ms to script ready, ms for one search) of a map page."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(page.as_uri())
    WebDriverWait(driver, 120).until(lambda d: d.execute_script(
        "return !!(window.netmap && window.netmap.ready && window.netmap.drawnAt)"))
    drawn = driver.execute_script("return window.netmap.drawnAt")
    ready = driver.execute_script(
        "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    search = driver.execute_script("""
        var ix = netmap.data.index, i = 0;
        while (ix.targets[ix.node[i]].indexOf('group:') !== 0) { i++; }
        document.getElementById('nm-search').value = ix.names[i];
        var t = performance.now();
        netmap.find();
        var took = performance.now() - t;
        if (netmap.network.getSelectedNodes()[0] !== ix.targets[ix.node[i]]) { return -1; }
        return took;""")
    return drawn, ready, search


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[2500, 20000, 100000])
    parser.add_argument("--functions", type=int, default=12)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        driver = browser(os.path.join(tmp, "profile"))
        try:
            for n in args.sizes:
                src, page = Path(tmp, f"synth{n}.csv"), Path(tmp, f"map{n}.html")
                synthesise(n, args.functions, src)
                made = measure(NETMAP + ["map", str(src), "-o", str(page), "-q"], 1800)
                started = time.perf_counter()
                drawn, ready, search = page_times(driver, page)
                wall = time.perf_counter() - started
                rows.append((n, fmt(made), f"{page.stat().st_size:,}", f"{drawn / 1000:.2f} s",
                             f"{ready / 1000:.2f} s", f"{wall:.2f} s",
                             "failed" if search < 0 else f"{search:.0f} ms"))
                print(rows[-1], file=sys.stderr, flush=True)
        finally:
            driver.quit()
    print_table([f"organisations × {args.functions} functions", "netmap map (time, peak RSS)",
                 "map.html bytes", "first drawing", "script ready",
                 "opened and drawn (selenium)", "search for a grouped organisation"], rows)


if __name__ == "__main__":
    main()
