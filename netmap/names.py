"""Name matching shared by the loader and the rules."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = ["fold", "is_contact", "CONTACT_WORDS", "CONTACT_HEADERS", "is_contact_value", "EMAIL",
           "PERSON", "PHONE", "is_phone", "name_list", "counted", "name_rank", "text_codes",
           "lookalike_letters", "mixed_scripts", "script", "skeleton"]

# Letters of other scripts that look like Latin ones, mapped to the Latin letter
# they imitate: the Cyrillic and Greek entries of Unicode's confusables list
# (UTS #39, confusables.txt) that map to a single ASCII letter.
_LOOKALIKE = {
    # Cyrillic
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c",
    "\u0443": "y", "\u0445": "x", "\u0456": "i", "\u0458": "j", "\u0455": "s",
    "\u0501": "d", "\u04bb": "h", "\u04cf": "l", "\u051b": "q", "\u051d": "w",
    "\u04af": "y", "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K",
    "\u041c": "M", "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C",
    "\u0422": "T", "\u0425": "X", "\u0406": "I", "\u0408": "J", "\u0405": "S",
    "\u04ae": "Y", "\u0500": "D", "\u051a": "Q", "\u051c": "W", "\u04c0": "I",
    # Greek
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H",
    "\u0399": "I", "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O",
    "\u03a1": "P", "\u03a4": "T", "\u03a5": "Y", "\u03a7": "X", "\u03bf": "o",
    "\u03bd": "v", "\u03c1": "p", "\u03b9": "i", "\u03b1": "a", "\u03ba": "k",
    "\u03c5": "u", "\u03f2": "c", "\u03f3": "j", "\u03f9": "C", "\u037f": "J",
}
_TO_LATIN = str.maketrans(_LOOKALIKE)
_WORD = re.compile(r"\w+")


def fold(name: str) -> str:
    """Case- and spacing-insensitive form of a header, function or sector name.

    >>> fold("  Victim   support ")
    'victim support'
    """
    return " ".join(name.split()).casefold()


#: Words that make an attribute column's header a contact detail (personal data):
#: ``Contact``, ``Contact name``, ``E-mail``, ``Email address``, ``Phone``, ``Telephone``...
CONTACT_WORDS = frozenset({"contact", "contacts", "email", "e-mail", "mail", "phone", "officer",
                           "telephone", "tel", "mobile", "landline", "fax", "spoc", "liaison",
                           "representative", "rep", "attendee", "attendees", "person",
                           "coordinator", "co-ordinator", "named"})
_CONTACT_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")
#: Headers a wide matrix reads as (contact) attribute columns, never as functions.
CONTACT_HEADERS = frozenset(
    [f"{a} {b}".strip() for a in ("", "key", "main", "lead")
     for b in ("contact", "contacts", "contact name", "contact person", "contact details",
               "contact email", "contact e-mail", "contact phone", "contact number")]
    + ["email", "e-mail", "email address", "e-mail address", "phone", "phone number",
       "telephone", "telephone number", "tel", "tel.", "mobile", "mobile number", "fax"])


def is_contact(header: str) -> bool:
    """True for the header of a contact-details column (a word of :data:`CONTACT_WORDS`).

    >>> [is_contact(h) for h in ("Contact name", "E-mail", "Lead phone", "Notes", "Area")]
    [True, True, True, False, False]
    """
    return any(w in CONTACT_WORDS for w in _CONTACT_WORD.findall(fold(header)))


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w])\+?\d[\d ()-]{6,}\d(?![\w])")


def is_phone(text: str) -> bool:
    """A run of digits, spaces, brackets and dashes with 9 digits or more (a year range
    such as 2019-2020 has eight)."""
    return sum(ch.isdigit() for ch in text) >= 9


#: A person named with a title or a police rank ("Ms Jane Roe", "DS Tom Brown", "Cllr
#: Patel"): personal data wherever it is typed.
PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Revd|Cllr|Sister|Father|Imam|Rabbi|"
                    r"DS|DC|DI|DCI|DSI|DSU|PC|PS|Sgt|Insp|Supt|PCSO)\.?(?:\s+[A-Z][\w'’-]+){1,3}")


def is_contact_value(value: str) -> bool:
    """True for a cell that is an e-mail address, a phone number or a person named with a
    title or rank, whatever its column.

    >>> [is_contact_value(v) for v in ("jane@police.uk", "+44 7700 900123", "DS Tom Brown",
    ...                                "2019-2020", "x", "Dr Barnardo's")]
    [True, True, True, False, False, False]
    """
    text = value.strip()
    return bool(EMAIL.fullmatch(text) or (PHONE.fullmatch(text) and is_phone(text))
                or (PERSON.fullmatch(text) and "'" not in text))


def name_list(names, limit: int = 5) -> str:
    """Names joined with commas, at most ``limit`` of them, then how many more.

    >>> name_list(["A", "B", "C"], 2), name_list(["A"])
    ('A, B and 1 more', 'A')
    """
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def counted(n: int, word: str, plural: str | None = None) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1 (``plural`` when not ``word + s``).

    >>> counted(1, "organisation"), counted(3, "function"), counted(0, "gap rule")
    ('1 organisation', '3 functions', '0 gap rules')
    """
    return f"{n:,} " + (word if n == 1 else plural or word + "s")


def text_codes(values) -> tuple:
    """``(codes, distinct)``: each text value's code (an int64 array) and the distinct
    values in order of first appearance, told apart by Python's own string equality
    (pandas' hash tables of some versions stop at a NUL character).

    >>> codes, distinct = text_codes(["b", "a\\x00x", "b", "a\\x00y"])
    >>> codes.tolist(), distinct
    ([0, 1, 0, 2], ['b', 'a\\x00x', 'a\\x00y'])
    """
    import numpy as np

    seen: dict = {}
    codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.int64)
    return codes, list(seen)


def name_rank(names) -> np.ndarray:
    """Each name's position in sorted order (as Python sorts ``str``).

    >>> name_rank(["b", "a", "B"]).tolist()
    [2, 1, 0]
    """
    import numpy as np

    names = list(names)
    rank = np.empty(len(names), dtype=np.int64)
    rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    return rank


def script(ch: str) -> str:
    """The script of a letter, from its Unicode name ('Latin', 'Cyrillic', 'Greek', ...)."""
    return unicodedata.name(ch, "").split(" ", 1)[0].title()


def lookalike_letters(name: str) -> str:
    """The distinct letters of ``name`` from other scripts that look like Latin letters.

    >>> lookalike_letters("P\u043elice")  # Cyrillic o
    '\u043e'
    >>> lookalike_letters("Police"), lookalike_letters("\u0428\u043a\u043e\u043b\u0430")
    ('', '\u043e\u0430')
    """
    if name.isascii():
        return ""
    return "".join(dict.fromkeys(ch for ch in name if ch in _LOOKALIKE))


def skeleton(name: str) -> str:
    """``name`` with every look-alike letter replaced by the Latin letter it imitates.

    Two names with the same skeleton look alike on screen.

    >>> skeleton("P\u043elice") == "Police"
    True
    """
    return name.translate(_TO_LATIN)


def mixed_scripts(name: str) -> list:
    """Scripts whose look-alike letters sit inside a word of Latin letters, sorted.

    "P\u043elice" (a Cyrillic o in a Latin word) mixes Cyrillic in; a word
    wholly in another script (a Russian or Greek name) does not.

    >>> mixed_scripts("P\u043elice Scotland"), mixed_scripts("\u0391\u03b8\u03ae\u03bd\u03b1 Trust")
    (['Cyrillic'], [])
    >>> mixed_scripts("Caf\u00e9 \u0391\u03b8\u03ae\u03bd\u03b1"), mixed_scripts("Police")
    ([], [])
    """
    if name.isascii():
        return []
    found = set()
    for word in _WORD.findall(name):
        if word.isascii():
            continue
        others = {script(ch) for ch in word if ch in _LOOKALIKE}
        if others and any(ch.isalpha() and ch not in _LOOKALIKE and script(ch) == "Latin"
                          for ch in word):
            found |= others
    return sorted(found)
