"""Confidentiality: keyed pseudonyms for organisation names, and dropping attributes.

Which charities shelter victims and which officers work with whom is
sensitive. With a key file, every organisation name becomes a stable code,
``ORG-`` followed by 10 characters of the base-32 HMAC-SHA256 of the name
under the key (RFC 2104): the same organisation keeps its code across runs
and files pseudonymised with the same key, and without the key nobody can
compute a code from a guessed name. The key file (JSON: the key, and the
codes issued so far with their names, so that :func:`reveal` can map a code
back) stays with the coordinator; outputs carry only codes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from pathlib import Path

from netmap.errors import InputError, NetmapError, Problem
from netmap.io.outputs import write_text
from netmap.model import Partnership

__all__ = ["KeyFile", "pseudonymise", "drop_attributes", "reveal"]


class KeyFile:
    """A pseudonymisation key and the codes it has issued (created on first use)."""

    def __init__(self, path):
        self.path = Path(path)
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.key = bytes.fromhex(data["key"])
                self.codes = dict(data.get("codes", {}))
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
                raise InputError([Problem("error", f"not a netmap key file ({e})",
                                          file=str(path),
                                          hint="give a new file name to create a key")]) from None
            if len(self.key) < 16:
                raise InputError([Problem("error", "the key is too short", file=str(path))])
        else:
            self.key = secrets.token_bytes(32)
            self.codes = {}
            self.save()

    def code(self, name: str) -> str:
        digest = hmac.new(self.key, name.encode("utf-8"), hashlib.sha256).digest()
        code = "ORG-" + base64.b32encode(digest).decode("ascii")[:10]
        self.codes[code] = name
        return code

    def save(self) -> None:
        text = json.dumps({"netmap_key": 1, "key": self.key.hex(), "codes": self.codes},
                          ensure_ascii=False, indent=1, sort_keys=True)
        # the key file is for the coordinator's eyes only, from its first byte
        write_text(self.path, text + "\n", mode=0o600)


def pseudonymise(p: Partnership, keyfile: KeyFile) -> Partnership:
    """``p`` with every organisation name replaced by its keyed code."""
    mapping = {o: keyfile.code(o) for o in p.organisations}
    keyfile.save()
    eng = p.engagements.assign(organisation=p.engagements["organisation"].map(mapping))
    attrs = p.attributes.rename(index=mapping)
    return Partnership(name=p.name, functions=p.functions,
                       organisations=tuple(mapping[o] for o in p.organisations),
                       engagements=eng, attributes=attrs, weighted=p.weighted, source=p.source)


def drop_attributes(p: Partnership, columns) -> Partnership:
    """``p`` without the named attribute columns (matched case-insensitively)."""
    wanted = {c.strip().casefold() for c in columns}
    keep = [c for c in p.attributes.columns if c.casefold() not in wanted]
    attrs = p.attributes[keep]
    return Partnership(name=p.name, functions=p.functions, organisations=p.organisations,
                       engagements=p.engagements, attributes=attrs, weighted=p.weighted,
                       source=p.source)


def reveal(path, code: str) -> str:
    """The organisation name behind ``code`` in the key file at ``path``."""
    if not Path(path).exists():
        raise InputError([Problem("error", "no such key file", file=str(path))])
    keyfile = KeyFile(path)
    name = keyfile.codes.get(code.strip())
    if name is None:
        raise NetmapError(f"{path}: code {code!r} was not issued with this key")
    if not hmac.compare_digest(keyfile.code(name), code.strip()):
        raise NetmapError(f"{path}: code {code!r} does not match this key")
    return name
