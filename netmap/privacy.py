"""Confidentiality: keyed pseudonyms for organisation names, and dropping attributes.

Which charities shelter victims and which officers work with whom is
sensitive. With a key file, every organisation name becomes a stable code,
``ORG-`` followed by 10 characters of the base-32 HMAC-SHA256 of the name
under the key (RFC 2104): the same organisation keeps its code across runs
and files pseudonymised with the same key, and without the key nobody can
compute a code from a guessed name. The key file (JSON: the key, and the
codes issued so far with their names, so that :func:`reveal` can map a code
back) stays with the coordinator; outputs carry only codes, and so do the
messages of a pseudonymised run (:func:`pseudonymise_problems`,
:func:`pseudonymise_text`).

Several runs may share one key file at the same time: creating the key and
saving codes happen under an exclusive lock (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows) on the sibling file ``KEYFILE.lock``, which
stays in place; a save re-reads the file under the lock and merges, so codes
are only ever added and every code ever issued can be revealed.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from netmap.errors import InputError, NetmapError, OutputError, Problem
from netmap.io.outputs import write_text
from netmap.model import Partnership
from netmap.names import EMAIL, PERSON, PHONE, is_contact_value, is_phone

__all__ = ["KeyFile", "NameIndex", "Pseudonymiser", "pseudonymise", "pseudonymise_problems",
           "pseudonymise_text", "names_seen", "drop_attributes", "drop_contacts",
           "check_attributes", "reveal"]

CODE = re.compile(r"ORG-[A-Z2-7]{10}")  # a code already in a text is left as it is


KEY_FILE_BYTES = 64 << 20  # a key file with a million codes is about 40 MB


class KeyFile:
    """A pseudonymisation key and the codes it has issued.

    A path that does not exist gets a new key, created under the lock so that
    two runs creating the same key file end up with one key. :meth:`code`
    issues codes in memory; :meth:`save` merges them into the file.
    """

    def __init__(self, path):
        self.path = Path(path)
        self._saved: dict = {}
        if not self.path.exists():
            with self._locked():
                if not self.path.exists():  # another run may have created it meanwhile
                    self._write(secrets.token_bytes(32), {})
        self.key, codes = self._read()
        self.codes = dict(codes)
        self._saved = dict(codes)

    def code(self, name: str) -> str:
        """The code of ``name`` (recorded, to be saved by :meth:`save`)."""
        digest = hmac.new(self.key, name.encode("utf-8"), hashlib.sha256).digest()
        code = "ORG-" + base64.b32encode(digest).decode("ascii")[:10]
        self.codes.setdefault(code, name)
        return code

    @property
    def unsaved(self) -> bool:
        """True when codes were issued since the last save."""
        return len(self.codes) != len(self._saved)

    def save(self) -> None:
        """Merge the codes issued into the key file, under its lock (codes are only added)."""
        with self._locked():
            key, on_disk = self._read() if self.path.exists() else (self.key, {})
            if key != self.key:
                raise NetmapError(
                    f"{self.path}: the key was replaced while netmap ran (another key file was "
                    "created at this path); nothing was written; run again")
            merged = {**self.codes, **on_disk}
            if merged != on_disk or not self.path.exists():
                self._write(self.key, merged)
            self.codes, self._saved = merged, dict(merged)

    def _read(self) -> tuple:
        from netmap.io.files import read_bounded

        # a regular file of at most 64 MiB: a device or a FIFO named as the key never
        # hangs netmap or exhausts memory
        raw = read_bounded(self.path, KEY_FILE_BYTES, what="key file")
        try:
            data = json.loads(raw.decode("utf-8"))
            key = bytes.fromhex(data["key"])
            codes = dict(data.get("codes", {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise InputError([Problem("error", f"not a netmap key file ({e})",
                                      file=str(self.path),
                                      hint="give a new file name to create a key")]) from None
        if len(key) < 16:
            raise InputError([Problem("error", "the key is too short", file=str(self.path))])
        return key, codes

    def _write(self, key: bytes, codes: dict) -> None:
        text = json.dumps({"netmap_key": 1, "key": key.hex(), "codes": codes},
                          ensure_ascii=False, indent=1, sort_keys=True)
        # the key file is for the coordinator's eyes only, from its first byte
        write_text(self.path, text + "\n", mode=0o600)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the exclusive lock on ``KEYFILE.lock`` (waits for other runs)."""
        lock = self.path.with_name(self.path.name + ".lock")
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as e:
            raise OutputError(f"{lock}: cannot lock the key file ({e.strerror or e})") from None
        try:
            try:
                if sys.platform == "win32":
                    import msvcrt

                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # gives up after 10 seconds
                else:
                    import fcntl

                    fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as e:
                raise OutputError(f"{lock}: cannot lock the key file ({e.strerror or e})") \
                    from None
            yield
        finally:
            os.close(fd)  # closing releases the lock


def pseudonymise(p: Partnership, keyfile: KeyFile) -> Partnership:
    """``p`` with every organisation name replaced by its keyed code (saved in the key file)."""
    mapping = {o: keyfile.code(o) for o in p.organisations}
    keyfile.save()
    eng = p.engagements.assign(organisation=p.engagements["organisation"].map(mapping))
    attrs = p.attributes.rename(index=mapping)
    unsure = p.uncertain
    if len(unsure):
        unsure = unsure.assign(organisation=unsure["organisation"].map(
            lambda o: mapping.get(o) or keyfile.code(o)))
        keyfile.save()
    return Partnership(name=p.name, functions=p.functions,
                       organisations=tuple(mapping[o] for o in p.organisations),
                       engagements=eng, attributes=attrs, weighted=p.weighted, source=p.source,
                       uncertain=unsure, labels_read=p.labels_read)


def _word(ch: str) -> bool:
    """True for a character regular expressions count in ``\\w`` (letter, digit, ``_``)."""
    return ch.isalnum() or ch == "_"


class NameIndex:
    """Organisation names, to replace in text fast: each as it is and in its ``repr`` form.

    Replacing costs time in the length of the text, not in the number of
    names: every name is looked up from a run of whole words of the text (a
    name that starts or ends with a letter or digit only matches as a whole
    word there; one starting or ending with another character is anchored on
    its first word). Where names overlap the leftmost wins, then the longest;
    a code already in the text (``ORG-`` and 10 characters) is left as it is.
    """

    def __init__(self, names: Iterable[str] = ()):
        self.words: dict = {}  # form that starts and ends with a word character -> name
        self.anchored: dict = {}  # first word -> [(its offset, form, name)] of other forms
        self.bare: dict = {}  # form without any word character -> name
        self.longest = 0
        self.add(names)

    def add(self, names: Iterable[str]) -> None:
        for name in names:
            if not name:
                continue
            forms = [name]
            if "\\" in name or ("'" in name and '"' in name) or not name.isprintable():
                forms.append(repr(name)[1:-1])  # as a message quoting it with !r shows it
            for form in forms:
                if _word(form[0]) and _word(form[-1]):
                    self.words.setdefault(form, name)
                    self.longest = max(self.longest, len(form))
                    continue
                first = _WORDS.search(form)
                if first is None:
                    self.bare.setdefault(form, name)
                else:
                    self.anchored.setdefault(first.group(), []).append(
                        (first.start(), form, name))

    def replace(self, text: str, code: Callable[[str], str]) -> str:
        """``text`` with every name replaced by ``code(name)``."""
        found = [(m.start(), 0, -len(m.group()), None) for m in CODE.finditer(text)]
        spans = [m.span() for m in _WORDS.finditer(text)]
        for a, (start, end) in enumerate(spans):
            for _, stop in spans[a:]:
                if stop - start > self.longest:
                    break
                name = self.words.get(text[start:stop])
                if name is not None:
                    found.append((start, 1, start - stop, name))
            for offset, form, name in self.anchored.get(text[start:end], ()):
                at = start - offset
                if at >= 0 and text.startswith(form, at) and self._bounded(text, at, form):
                    found.append((at, 1, -len(form), name))
        for form, name in self.bare.items():
            at = text.find(form)
            while at >= 0:
                found.append((at, 1, -len(form), name))
                at = text.find(form, at + 1)
        if not found:
            return text
        out, pos = [], 0
        for at, _, minus_length, name in sorted(found, key=lambda f: f[:3]):
            if at >= pos:
                end = at - minus_length
                out.append(text[pos:at] + (text[at:end] if name is None else code(name)))
                pos = end
        return "".join(out) + text[pos:]

    @staticmethod
    def _bounded(text: str, at: int, form: str) -> bool:
        """False when ``form`` at ``at`` would cut a word of ``text`` in two."""
        end = at + len(form)
        return not (_word(form[0]) and at > 0 and _word(text[at - 1])) and \
            not (_word(form[-1]) and end < len(text) and _word(text[end]))


_WORDS = re.compile(r"\w+")


def _index(names) -> NameIndex:
    return names if isinstance(names, NameIndex) else NameIndex(names)


def pseudonymise_text(text: str, names: Iterable[str] | NameIndex, keyfile: KeyFile) -> str:
    """``text`` with every organisation name of ``names`` replaced by its code.

    Covers the same ground as :func:`pseudonymise_problems`; new codes are
    saved in the key file.
    """
    text = _index(names).replace(text, keyfile.code)
    if keyfile.unsaved:
        keyfile.save()
    return text


def pseudonymise_problems(problems: Iterable[Problem], names: Iterable[str] | NameIndex,
                          keyfile: KeyFile) -> list[Problem]:
    """``problems`` with every organisation name of ``names`` replaced by its code.

    ``names`` are the names the loader saw (those of the partnership, alias
    spellings, names in an attributes file, ``--remove`` names, ...), or a
    :class:`NameIndex` of them: the caller gives them, since a message
    cannot tell a name from other words.

    Covered: each name wherever it appears in a problem's message, hint and
    column name, as it is and in its ``repr`` form (a name holding both
    quote marks, a backslash or an unprintable character is escaped inside
    quotes). Where names overlap, the one starting first wins, then the
    longest (``Hestia Refuge Ltd`` before ``Hestia Refuge``), in one pass: a
    code is never replaced again, and codes already in the text stay. A name
    starting or ending with a letter or digit is replaced only as whole words
    (``Aid`` leaves ``Aiding`` alone, but not ``Aid`` in ``Migrant Aid`` when
    ``Migrant Aid`` is not a name itself); other text is never changed, except
    a word spelt exactly like an organisation (a function named like one),
    which is replaced too: privacy first. The codes issued are saved in the
    key file, so that ``netmap reveal`` maps each one back.

    Not covered: file paths (``Problem.file``, and a file name inside a
    message), row and column numbers (kept), names the caller does not give,
    a name spelt otherwise in a message than in ``names`` (other case or
    spacing, cut short), and attribute values quoted in a message (e.g. a
    conflicting ``sector``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> key = KeyFile(pathlib.Path(tempfile.mkdtemp()) / "key.json")
    >>> [p] = pseudonymise_problems(
    ...     [Problem("warning", "'Hestia Refuge' and 'Hestia' look alike")],
    ...     ["Hestia", "Hestia Refuge"], key)
    >>> p.message == f"'{key.code('Hestia Refuge')}' and '{key.code('Hestia')}' look alike"
    True
    """
    index = _index(names)

    def replace(text):
        return index.replace(text, keyfile.code) if text else text

    problems = [dataclasses.replace(p, message=replace(p.message), hint=replace(p.hint),
                                    column_name=replace(p.column_name)) for p in problems]
    if keyfile.unsaved:
        keyfile.save()
    return problems


class Pseudonymiser:
    """One run's key and every organisation name it has met so far.

    Replaces those names by codes in partnerships, problems and free text,
    so that whatever the run prints carries codes only. Names are indexed
    when first needed (a run with nothing to say never pays for it).
    """

    def __init__(self, keyfile: KeyFile):
        self.keyfile = keyfile
        self._index = NameIndex()
        self._groups: list = []  # every iterable of names added (each indexed once)
        self._pending: list = []  # those not indexed yet

    def add(self, names: Iterable[str]) -> None:
        """Remember ``names`` (an iterable kept as it is until needed, not copied)."""
        if not any(group is names for group in self._groups):
            self._groups.append(names)
            self._pending.append(names)

    @property
    def index(self) -> NameIndex:
        while self._pending:
            self._index.add(self._pending.pop(0))
        return self._index

    def partnership(self, p: Partnership) -> Partnership:
        """``p`` with codes for names, in the organisation list and in attribute text.

        A note such as "referrals via Hope for Justice" names another
        organisation: every attribute value has the names the run knows
        replaced too (whole words, as in messages).
        """
        self.add(p.organisations)
        coded = pseudonymise(p, self.keyfile)
        attrs = coded.attributes
        if len(attrs.columns) and len(attrs):
            texts = {v for column in attrs.columns for v in attrs[column].tolist()
                     if isinstance(v, str) and v}
            replaced = {v: self.text(v) for v in texts}
            if any(v != r for v, r in replaced.items()):
                attrs = attrs.apply(lambda col: col.map(
                    lambda v: replaced.get(v, v) if isinstance(v, str) else v))
                coded = dataclasses.replace(coded, attributes=attrs)
        return coded

    def problems(self, problems: Iterable[Problem]) -> list[Problem]:
        return pseudonymise_problems(problems, self.index, self.keyfile)

    def text(self, text: str) -> str:
        return pseudonymise_text(text, self.index, self.keyfile)


def names_seen(options) -> list[str]:
    """Organisation names in the side files of a load, even when they hold errors.

    The aliases file (both columns) and the first column of the attributes
    file of ``options`` (:class:`~netmap.io.options.LoadOptions`): names that
    warnings and errors may quote although the partnership does not hold them
    (an alias spelling, an organisation the partnership lacks). The
    partnership file's own names come with the partnership, or with the
    :class:`~netmap.errors.InputError` of a load that failed (``names``). The
    files are read with the options' encoding and limits; a file that cannot
    be read adds no name.
    """
    from netmap.io.cells import CellError, clean_name
    from netmap.io.extras import read_aliases, side_sheet

    names: list = []
    with contextlib.suppress(NetmapError):
        if options.aliases is not None:
            alias_map = read_aliases(options.aliases, options)[0]
            names += [*alias_map, *alias_map.values()]
    with contextlib.suppress(NetmapError):
        if options.attributes is not None:
            for _, cells in side_sheet(options.attributes, options).rows:
                with contextlib.suppress(CellError, IndexError):
                    names.append(clean_name(cells[0]))
    return [n for n in dict.fromkeys(names) if n]


def check_attributes(partnerships: Iterable[Partnership], columns: Iterable[str]) -> None:
    """Raise :class:`InputError` for each of ``columns`` that none of ``partnerships`` has.

    Matched case-insensitively; the message names the attribute columns there are.
    """
    partnerships = list(partnerships)
    have: dict = {}
    for p in partnerships:
        for c in p.attributes.columns:
            have.setdefault(c.casefold(), c)
    missing = [c for c in dict.fromkeys(columns) if c.strip().casefold() not in have]
    if not missing:
        return
    file = partnerships[0].source if len(partnerships) == 1 else None
    there = ", ".join(repr(c) for c in have.values())
    raise InputError([Problem(
        "error", f"--drop-attributes {c!r}: no such attribute column", file=file,
        hint=f"the attribute columns are {there}" if there
        else "the partnership has no attribute columns")
        for c in missing])


def drop_attributes(p: Partnership, columns: Iterable[str],
                    missing_ok: bool = False) -> Partnership:
    """``p`` without the named attribute columns (matched case-insensitively).

    A column ``p`` does not have is an :class:`InputError` naming those it
    has (:func:`check_attributes`), unless ``missing_ok``.
    """
    columns = list(columns)
    if not missing_ok:
        check_attributes([p], columns)
    wanted = {c.strip().casefold() for c in columns}
    keep = [c for c in p.attributes.columns if c.casefold() not in wanted]
    attrs = p.attributes[keep]
    return dataclasses.replace(p, attributes=attrs)


def drop_contacts(p: Partnership) -> tuple:
    """``(p without its contact-detail columns, the columns dropped)``.

    Contact details (attribute columns headed with a word such as contact,
    e-mail, phone or telephone: :func:`netmap.names.is_contact`) are personal
    data: the commands leave them out of what they write unless
    ``--keep-contacts``.

    >>> import pandas as pd
    >>> attrs = pd.DataFrame({"area": ["North"], "contact name": ["Jo"]}, index=["A"])
    >>> q, dropped = drop_contacts(Partnership.from_edges([("A", "F")], attributes=attrs))
    >>> list(q.attributes.columns), dropped
    (['area'], ['contact name'])
    """
    from netmap.names import is_contact

    attrs = p.attributes
    dropped = [c for c in attrs.columns if is_contact(str(c)) or _holds_contacts(attrs[c])]
    kept = attrs.drop(columns=dropped)
    # an e-mail address or a phone number typed into another column (a note) goes too
    # (each distinct cell text is scrubbed once: a column repeats its values)
    scrub = functools.lru_cache(maxsize=None)(_scrub)
    cleaned = kept.apply(lambda col: col.map(scrub)) if len(kept.columns) else kept
    if not dropped and cleaned.equals(kept):
        return p, []
    return dataclasses.replace(p, attributes=cleaned), dropped


def _holds_contacts(column) -> bool:
    """True when most filled cells of a column are e-mail addresses or phone numbers."""
    values = Counter(v.strip() for v in column.tolist() if isinstance(v, str) and v.strip())
    hits = sum(n for v, n in values.items() if is_contact_value(v))
    return bool(values) and hits * 2 >= values.total()


def _scrub(value):
    """``value`` with e-mail addresses, phone numbers and people named with a title or
    rank in its text removed.

    >>> _scrub("call DS Tom Brown on 07700 900123 or jane@police.uk; funded 2019-2020")
    'call [name left out] on [phone left out] or [e-mail left out]; funded 2019-2020'
    """
    if not isinstance(value, str):
        return value
    text = PERSON.sub(lambda m: m.group() if "'" in m.group() else "[name left out]", value)
    if not any(ch.isdigit() or ch == "@" for ch in text):
        return text
    text = EMAIL.sub("[e-mail left out]", text)
    return PHONE.sub(lambda m: "[phone left out]" if is_phone(m.group()) else m.group(),
                      text)


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
