"""``python -m netmap``: the same as the ``netmap`` command."""

from netmap.cli import cli

if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess test
    cli(prog_name="netmap")
