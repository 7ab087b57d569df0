"""People's names, their titles and institution names in the genitive and the dative.

The workbook holds names in the nominative; an agreement needs other cases (docs/rules.md, "Latvian
writing conventions"): "Jūrmalas valstspilsētas pašvaldība, tās domes priekšsēdētāja Gata Trukšāna
personā", "… pašvaldībai". This module applies the standard endings of Latvian declension
(Latviešu valodas gramatika, LU Latviešu valodas institūts, 2013).

A rule that cannot be sure does not guess: a foreign name, an ending that belongs to more than one
declension, a phrase whose structure is unclear all come back as the input unchanged with
``sure=False`` and a short reason. docgen then warns, and the workbook's override column gives
the form (docs/workbook.md, "Pārstāvis (ģenitīvā)", "Amats (ģenitīvā)"). Every character but
the endings a rule changes is kept as it was: spaces (non-breaking ones too), hyphens, capitals.

People (every word declines, each part of a hyphenated surname too; the first name tells a man
from a woman):

- men: -s, -š (1st declension: Trukšāns → Trukšāna, Trukšānam), -is (2nd: Jānis → Jāņa, Jānim,
  with the consonant alternation below), -us (3rd: Ingus → Ingus, Ingum); a man's surname in -a or
  -e declines as a masculine 4th or 5th declension noun (Liepa → Liepas, Liepam; Zvaigzne →
  Zvaigznes, Zvaigznem);
- women: -a (4th: Kalniņa → Kalniņas, Kalniņai), -e (5th: Miezīte → Miezītes, Miezītei).

Titles (``domes priekšsēdētāja vietnieks``): the head noun is the last word and declines as a
common noun; the words before it are genitives that stay ("domes", "valsts", "priekšsēdētāja"),
except a definite adjective agreeing with the head ("galvenais speciālists" → "galvenā
speciālista"). Institutions (``Jūrmalas valstspilsētas pašvaldība``) decline the same way, by a
head noun from a known list (``INSTITUTION_HEADS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from docgen.errors import shortened
from docgen.i18n import N_, _


@dataclass(frozen=True)
class Declined:
    """A name put in a case, and whether the rules were sure of it.

    When ``sure`` is false, ``text`` is the input unchanged and ``reason`` says why, in a few words
    (in the language messages are made in), so that a user can fill the workbook's override
    column.
    """

    text: str
    sure: bool
    reason: str = ""


GENITIVE = "genitive"
DATIVE = "dative"

_LOWER = "aābcčdeēfgģhiījkķlļmnņoprsštuūvzž"
LETTERS = frozenset(_LOWER + _LOWER.upper())
"""The Latvian alphabet, both cases; a word with any other character is not declined."""

_VOWELS = frozenset("aāeēiīouū")
# Two vowels read as one syllable (Raitis: rai-tis); used to count a name's syllables.
_DIPHTHONGS = frozenset({"ai", "au", "ei", "ie", "ui", "oi", "ou", "eu"})

# Spellings Latvian orthography does not use: a name with one is foreign, and its declension is
# a matter of how it was adapted ("Chris" would decline as a Latvian -is name to "Chra").
_FOREIGN_SPELLINGS = ("ch", "ph", "th", "ck")

_WHITESPACE = re.compile(r"(\s+)")

# --- the 2nd declension's consonant alternation ---------------------------------------------
# The rule (LVG 2013, the 2nd declension): before the genitive singular ending -a the last
# consonant of the stem alternates: pārstāvis → pārstāvja, lācis → lāča, Jānis → Jāņa.
_ALTERNATION = {
    "b": "bj",
    "m": "mj",
    "p": "pj",
    "v": "vj",
    "c": "č",
    "d": "ž",  # and dz → dž: dadzis → dadža
    "t": "š",
    "s": "š",
    "z": "ž",
    "n": "ņ",
    "l": "ļ",
}
# Two consonants alternate together: vilnis → viļņa, zizlis → zižļa.
_CLUSTER_ALTERNATION = {"sn": "šņ", "zn": "žņ", "sl": "šļ", "zl": "žļ", "ln": "ļņ", "ll": "ļļ"}
# Nothing to alternate: r has no soft partner, and j, ķ, ģ and the soft consonants are soft already
# (Andris → Andra, Juris → Jura, kaķis → kaķa).
_NO_ALTERNATION = frozenset("rjķģčšžļņ")

# The list, not the rule: common nouns in -is that keep their consonant (LVG 2013: viesis → viesa,
# tētis → tēta). Titles decline as common nouns.
_COMMON_IS_WITHOUT_ALTERNATION = frozenset({"viesis", "tētis"})

# The list, not the rule: names in -is that are not Latvian masculine 2nd declension names (foreign,
# and mostly women's), so the rule for -is would decline them wrongly ("Iris" → "Ira").
_FOREIGN_IS_NAMES = frozenset({"iris", "doris", "beatris", "lois", "tamaris"})

# 2nd declension nouns in -s (not -is): the genitive is the nominative (akmens → akmens), or
# suns → suņa. A surname like these must not be read as 1st declension (Rudens → "Rudena").
_SECOND_DECLENSION_S = frozenset(
    {"akmens", "asmens", "mēness", "rudens", "ūdens", "zibens", "sāls", "suns"}
)

# --- institutions ---------------------------------------------------------------------------

INSTITUTION_HEADS = frozenset(
    {
        # feminine, 4th declension (-a → -as, -ai)
        "pašvaldība",
        "ministrija",
        "aģentūra",
        "nodaļa",
        "bāriņtiesa",
        "tiesa",
        "kanceleja",
        "prokuratūra",
        "skola",
        "slimnīca",
        "apvienība",
        "biedrība",
        "valdība",
        # feminine, 5th declension (-e → -es, -ei)
        "dome",
        "padome",
        "pārvalde",
        "valde",
        "iestāde",
        "kase",
        "komiteja",
        "universitāte",
        # masculine, 1st declension (-s → -a, -am)
        "centrs",
        "dienests",
        "birojs",
        "departaments",
        "fonds",
        "institūts",
        "pansionāts",
        "sekretariāts",
    }
)
"""Head nouns an institution's name may end in; besides these, any noun in -ība or -ija (both
always feminine 4th declension: komisija, inspekcija)."""

_INSTITUTION_HEAD_SUFFIXES = ("ība", "ija")

_QUOTES = frozenset("\"'„“”«»‘’‚‹›")
# Legal forms of companies and the like: their names are not declined (a company is named in the
# nominative after its form, SIA "A&B"), and docgen does not know their head noun.
_LEGAL_FORMS = frozenset({"SIA", "AS", "VSIA", "VAS", "PSIA", "IK", "ZS", "KS", "PS", "SE"})

# Genitives of masculine nouns that may stand right before a feminine title ("domes priekšsēdētāja
# vietniece", "izpilddirektora vietniece"). A word in -a there may also be an adjective agreeing
# with the title ("pilnvarota pārstāve"), so only these noun endings are taken as genitives:
# agent nouns (-tājs), -ors, -trs (ministrs), -ārs, -nieks, -ists, -ads (novads), -ents.
_GENITIVE_NOUN_ENDINGS = ("tāja", "ora", "tra", "āra", "ieka", "sta", "ada", "enta")


# In a title these join two titles ("priekšsēdētājs un izpilddirektors"), each needing its case; in
# an institution's name "un" may join two genitives ("Izglītības un zinātnes ministrija").
_CONJUNCTIONS = frozenset({"un", "vai", "kā", "ar"})


class _Unsure(Exception):
    """Raised inside this module when a rule cannot be sure; never escapes it."""


# --- public functions -----------------------------------------------------------------------


def person_genitive(name: str) -> Declined:
    """A person's name in the genitive: every word declines.

    >>> person_genitive("Gatis Trukšāns").text
    'Gata Trukšāna'
    >>> person_genitive("Alise Liepiņa-Bērziņa").text
    'Alises Liepiņas-Bērziņas'

    Raises ``ValueError`` for an empty string; anything else that cannot be declined for sure
    comes back unchanged with ``sure=False``.
    """
    return _decline(name, GENITIVE, _person)


def person_dative(name: str) -> Declined:
    """A person's name in the dative: "Jānis Bērziņš" → "Jānim Bērziņam"."""
    return _decline(name, DATIVE, _person)


def title_genitive(title: str) -> Declined:
    """A title in the genitive: its last word declines.

    >>> title_genitive("domes priekšsēdētāja vietnieks").text
    'domes priekšsēdētāja vietnieka'
    """
    return _decline(title, GENITIVE, _title)


def title_dative(title: str) -> Declined:
    """A title in the dative: "valsts sekretāre" → "valsts sekretārei"."""
    return _decline(title, DATIVE, _title)


def institution_genitive(name: str) -> Declined:
    """An institution's name in the genitive, by its head noun.

    >>> institution_genitive("Jūrmalas valstspilsētas pašvaldība").text
    'Jūrmalas valstspilsētas pašvaldības'

    A company's name (quotes, a legal form such as SIA) comes back unchanged, not sure.
    """
    return _decline(name, GENITIVE, _institution)


def institution_dative(name: str) -> Declined:
    """An institution's name in the dative: "Labklājības ministrija" → "Labklājības ministrijai"."""
    return _decline(name, DATIVE, _institution)


def _decline(text: str, case: str, rule: Callable[[str, str], str]) -> Declined:
    if text == "":
        # for programmers: the reader never gives an empty name (the cells are required)
        raise ValueError(f"there is nothing to put in the {case}: the text is empty")
    try:
        return Declined(rule(text, case), sure=True)
    except _Unsure as unsure:
        check = (
            _("{reason}; check the genitive")
            if case == GENITIVE
            else _("{reason}; check the dative")
        )
        return Declined(text, sure=False, reason=check.format(reason=unsure))


# --- people ---------------------------------------------------------------------------------


def _person(name: str, case: str) -> str:
    tokens = _WHITESPACE.split(name)
    words = [i for i in range(0, len(tokens), 2) if tokens[i]]
    if not words:
        raise _Unsure(_("there is no name, only spaces"))
    for i in words:
        _check_letters(
            tokens[i],
            allowed="-",
            message=N_("a person's name with {char!r} in it is not declined by rule"),
        )
    lower = name.lower()
    for spelling in _FOREIGN_SPELLINGS:
        if spelling in lower:
            raise _Unsure(
                _("{name!r} looks foreign ({spelling!r}); Latvian endings may not apply").format(
                    name=shortened(name), spelling=spelling
                )
            )

    for i in words:
        if "" in tokens[i].split("-"):
            raise _Unsure(
                _("{word!r} has a hyphen without a name on both sides").format(
                    word=shortened(tokens[i])
                )
            )

    masculine = _is_masculine(tokens[words[0]].split("-")[0])
    for n, i in enumerate(words):
        # The last word is the surname, the others given names; one word alone could be either.
        role = "single" if len(words) == 1 else "surname" if n == len(words) - 1 else "given"
        parts = tokens[i].split("-")
        tokens[i] = "-".join(_person_word(part, case, masculine, role) for part in parts)
    return "".join(tokens)


def _is_masculine(first_name: str) -> bool:
    """A man's first name ends in -s or -š (-is, -us among them), a woman's in -a or -e."""
    ending = first_name[-1].lower()
    if ending in "sš":
        return True
    if ending in "ae":
        return False
    if ending == "o":
        raise _Unsure(
            _(
                "{name!r} may be a man's name that does not decline (Ivo, Gvido) or a foreign one; "
                "the surname would then decline as a man's"
            ).format(name=shortened(first_name))
        )
    raise _Unsure(
        _("{name!r} does not end in -s, -š, -a or -e: a man or a woman?").format(
            name=shortened(first_name)
        )
    )


def _person_word(word: str, case: str, masculine: bool, role: str) -> str:
    lw = word.lower()
    if lw.endswith("ais") or lw.endswith("ā"):
        raise _Unsure(
            _("{word!r} is declined as a definite adjective, which names are not here").format(
                word=shortened(word)
            )
        )
    _check_stem(word, noun=False)
    if masculine:
        if lw[-1] in "sš":
            return _masculine_noun(word, case, person=True, role=role)
        if lw[-1] in "ae":
            # A man's surname in -a or -e: masculine 4th or 5th declension (puika → puikas, puikam;
            # bende → bendes, bendem).
            return _fourth_fifth(word, case, masculine=True)
        raise _Unsure(
            _("{word!r} has no Latvian ending (-s, -š, -is, -us, -a, -e)").format(
                word=shortened(word)
            )
        )
    if lw[-1] in "ae":
        return _fourth_fifth(word, case, masculine=False)
    raise _Unsure(
        _("the first name is a woman's, but {word!r} does not end in -a or -e").format(
            word=shortened(word)
        )
    )


# --- the declensions ------------------------------------------------------------------------


def _masculine_noun(word: str, case: str, *, person: bool, role: str = "") -> str:
    """A masculine noun in -s or -š: 1st, 2nd or 3rd declension by its ending.

    The caller has checked the stem (``_check_stem``): a consonant comes before -s, -is, -us.
    """
    lw = word.lower()
    if lw.endswith("is"):
        return _second_declension(word, case, person=person, role=role)
    if lw.endswith("us"):
        if not person:
            raise _Unsure(
                _("{word!r} ends in -us; no title is expected to").format(word=shortened(word))
            )
        # 3rd declension: tirgus → tirgus, tirgum; Ingus → Ingus, Ingum.
        return word if case == GENITIVE else word[:-1] + _tail(word, "m")
    if lw in _SECOND_DECLENSION_S:
        raise _Unsure(
            _("{word!r} may be 2nd declension like 'akmens' (genitive 'akmens')").format(
                word=shortened(word)
            )
        )
    # 1st declension: vīrs → vīra, vīram; Bērziņš → Bērziņa, Bērziņam.
    return word[:-1] + _tail(word, "a" if case == GENITIVE else "am")


def _second_declension(word: str, case: str, *, person: bool, role: str) -> str:
    """A masculine noun in -is: genitive with the consonant alternation, dative -im."""
    lw = word.lower()
    if person and lw in _FOREIGN_IS_NAMES:
        raise _Unsure(_("{word!r} is not a Latvian man's name in -is").format(word=shortened(word)))
    if case == DATIVE:
        # The dative has no alternation: Jānis → Jānim, pārstāvis → pārstāvim.
        return word[:-1] + _tail(word, "m")
    return _second_declension_stem(word, person=person, role=role) + _tail(word, "a")


def _second_declension_stem(word: str, *, person: bool, role: str) -> str:
    """The stem the genitive ending -a follows: Jānis → Jāņ, pārstāvis → pārstāvj."""
    lw = word.lower()
    stem, ls = word[:-2], lw[:-2]
    if not person and lw in _COMMON_IS_WITHOUT_ALTERNATION:
        return stem
    last = ls[-1]
    if last in _NO_ALTERNATION:
        return stem
    if last in "kg":
        # Surnames in -skis, -ckis keep their consonant (LVG 2013): Janševskis → Janševska.
        if ls.endswith(("sk", "ck")):
            return stem
        raise _not_a_noun_ending(word, last)
    if last in "td":
        if ls[-2] in "sz":
            raise _Unsure(
                _("{word!r} ends in -{ending}is, which may or may not alternate").format(
                    word=shortened(word), ending=ls[-2:]
                )
            )
        if not person:
            return stem[:-1] + _soften(stem[-1])
        # First names of two syllables in -tis, -dis keep the consonant (LVG 2013): Gatis → Gata,
        # Valdis → Valda. Surnames with the diminutive -ītis alternate: Eglītis → Eglīša (Anšlava
        # Eglīša, Aigara Kalvīša). Other surnames follow the common noun they come from, which
        # may alternate (briedis → brieža) or not: not sure.
        if role == "given" and _syllables(lw) == 2:
            return stem
        if role == "surname" and ls.endswith("īt"):
            return stem[:-1] + _soften(stem[-1])
        raise _Unsure(
            _(
                "the genitive of {word!r} may alternate the consonant ({alternated}) or not "
                "({kept})"
            ).format(
                word=shortened(word),
                alternated=shortened(f"{stem[:-1] + _soften(stem[-1])}a"),
                kept=shortened(f"{stem}a"),
            )
        )
    if ls[-2:] in ("sn", "zn", "sl", "zl"):
        # The grammar softens both consonants (zizlis → zižļa), but names often soften only the
        # last (Truksnis → Truksņa, as the press writes the Jūrmala mayor's name): ask.
        raise _Unsure(
            _("the genitive of {word!r} may be {both} or {last}").format(
                word=shortened(word),
                both=shortened(f"{stem[:-2] + _soften(stem[-2:])}a"),
                last=shortened(f"{stem[:-1] + _soften(stem[-1])}a"),
            )
        )
    if ls[-2:] in _CLUSTER_ALTERNATION:
        return stem[:-2] + _soften(stem[-2:])
    if last in "nl" and ls[-2] in "nl":
        raise _Unsure(
            _("{word!r} ends in -{ending}is, whose alternation is not regular").format(
                word=shortened(word), ending=ls[-2:]
            )
        )
    if last in _ALTERNATION:
        return stem[:-1] + _soften(stem[-1])
    raise _not_a_noun_ending(word, last)


def _not_a_noun_ending(word: str, last: str) -> _Unsure:
    return _Unsure(
        _("{word!r} ends in -{ending}is, which Latvian nouns do not").format(
            word=shortened(word), ending=last
        )
    )


def _fourth_fifth(word: str, case: str, *, masculine: bool) -> str:
    """A noun in -a (4th declension) or -e (5th): genitive -as, -es; dative -ai, -ei (a man's -am,
    -em)."""
    if case == GENITIVE:
        return word + _tail(word, "s")
    if masculine:
        return word[:-1] + _tail(word, "am" if word[-1] in "aA" else "em")
    return word + _tail(word, "i")


def _definite_adjective(word: str, case: str) -> str:
    """A definite adjective: galvenais → galvenā, galvenajam; galvenā → galvenās, galvenajai."""
    if word.lower().endswith("ais"):
        return word[:-3] + _tail(word, "ā" if case == GENITIVE else "ajam")
    return word + _tail(word, "s") if case == GENITIVE else word[:-1] + _tail(word, "ajai")


def _syllables(word: str) -> int:
    """How many syllables a word has: a diphthong is one, any other vowel one each."""
    count = 0
    for run in re.findall("[aāeēiīouū]+", word):
        count += 1 if run in _DIPHTHONGS else len(run)
    return count


def _soften(consonants: str) -> str:
    """The alternated consonant(s), in the capitals of the original: n → ņ, V → VJ, ln → ļņ."""
    lower = consonants.lower()
    soft = _CLUSTER_ALTERNATION.get(lower) or _ALTERNATION[lower]
    return soft.upper() if consonants.isupper() else soft


def _tail(word: str, ending: str) -> str:
    """An ending written in the case of the word's last letter: JĀNIS → JĀŅA."""
    return ending.upper() if word[-1].isupper() else ending


def _check_letters(word: str, *, allowed: str, message: str) -> None:
    """Only Latvian letters (and ``allowed``) in ``word``; else ``message`` (a msgid, translated
    only then: a name is declined thousands of times) with the ``{char}``."""
    if LETTERS.issuperset(word):  # asked first, of the whole word at once: the commonest answer
        return
    for char in word:
        if char not in LETTERS and char not in allowed:
            raise _Unsure(_(message).format(char=char))


def _check_stem(word: str, *, noun: bool) -> None:
    """A declinable word (a person's name, or a ``noun`` of a title or institution) has a vowel
    before its ending and a consonant right before it."""
    lw = word.lower()
    ending = 2 if lw.endswith(("is", "us")) else 1
    stem = lw[:-ending]
    if not stem or stem[-1] in _VOWELS:
        message = (
            _("{word!r} has no Latvian ending after a consonant, as a noun needs")
            if noun
            else _("{word!r} has no Latvian ending after a consonant, as a name needs")
        )
        raise _Unsure(message.format(word=shortened(word)))
    if _VOWELS.isdisjoint(stem):
        message = (
            _("{word!r} is too short to be a noun")
            if noun
            else _("{word!r} is too short to be a name")
        )
        raise _Unsure(message.format(word=shortened(word)))


# --- titles and institutions ----------------------------------------------------------------


def _title(title: str, case: str) -> str:
    return _phrase(title, case, institution=False)


def _institution(name: str, case: str) -> str:
    if not _QUOTES.isdisjoint(name):
        raise _Unsure(_("a name in quotes (a company or an association?) is not declined by rule"))
    for word in name.split():
        if word.strip(",.") in _LEGAL_FORMS:
            raise _Unsure(
                _("{word!r} names a company; its name is not declined by rule").format(
                    word=shortened(word)
                )
            )
    return _phrase(name, case, institution=True)


def _phrase(text: str, case: str, *, institution: bool) -> str:
    """Decline a title or an institution's name by its head noun, the last word."""
    tokens = _WHITESPACE.split(text)
    words = [i for i in range(0, len(tokens), 2) if tokens[i]]
    if not words:
        raise _Unsure(_("there is no word, only spaces"))
    letters = (
        N_("an institution's name with {char!r} in it is not declined by rule")
        if institution
        else N_("a title with {char!r} in it is not declined by rule")
    )
    for i in words:
        _check_letters(tokens[i], allowed="", message=letters)
        if not institution and tokens[i].lower() in _CONJUNCTIONS:
            raise _Unsure(
                _("{word!r} joins two titles; each needs its own case").format(
                    word=shortened(tokens[i])
                )
            )

    head = tokens[words[-1]]
    masculine = _is_masculine_head(head, institution)
    declined_head = _head_noun(head, case)
    for n, i in enumerate(words[:-1]):
        # The following word is read before it is declined itself (at n + 1).
        following, before_head = tokens[words[n + 1]], n == len(words) - 2
        if _agrees(tokens[i], following, before_head, head, masculine, institution):
            tokens[i] = _definite_adjective(tokens[i], case)
    tokens[words[-1]] = declined_head
    return "".join(tokens)


def _is_masculine_head(head: str, institution: bool) -> bool:
    lw = head.lower()
    if institution and lw not in INSTITUTION_HEADS and not lw.endswith(_INSTITUTION_HEAD_SUFFIXES):
        raise _Unsure(
            _("{word!r} is not a head noun docgen knows for an institution").format(
                word=shortened(head)
            )
        )
    if lw.endswith("ais") or lw.endswith("ā"):
        raise _Unsure(_("{word!r} is an adjective, not a noun").format(word=shortened(head)))
    if lw[-1] in "sš":
        return True
    if lw[-1] in "ae":
        return False
    raise _Unsure(
        _("{word!r} has no Latvian ending (-s, -š, -is, -a, -e)").format(word=shortened(head))
    )


def _head_noun(head: str, case: str) -> str:
    if head.lower().endswith(("as", "es", "ās")):
        raise _Unsure(_("{word!r} looks like a genitive already").format(word=shortened(head)))
    _check_stem(head, noun=True)
    if head[-1] in "sšSŠ":
        return _masculine_noun(head, case, person=False)
    # Titles and institutions in -a, -e are feminine: vadītāja, sekretāre, pašvaldība, dome.
    return _fourth_fifth(head, case, masculine=False)


def _agrees(
    word: str, following: str, before_head: bool, head: str, masculine: bool, institution: bool
) -> bool:
    """Whether a word before the head agrees with it (so declines), or is a genitive (so stays).

    Raises ``_Unsure`` when it cannot tell. In "domes priekšsēdētāja vietniece" both words stay;
    in "galvenā speciāliste" the definite adjective agrees.
    """
    lw, lf = word.lower(), following.lower()
    if lw == "un" and institution and not before_head:
        # "Izglītības un zinātnes ministrija": "un" joins two genitives.
        return False
    if lw.endswith("ais"):
        # Only a masculine nominative ends so: it agrees with a masculine head.
        if masculine:
            return True
        raise _Unsure(
            _("{word!r} is masculine but {head!r} is not").format(
                word=shortened(word), head=shortened(head)
            )
        )
    if lw.endswith("ā"):
        # A genitive of a masculine definite adjective before a masculine genitive
        # ("Sociālā dienesta vadītāja"), or a feminine nominative agreeing with a feminine head
        # ("Centrālā finanšu un līgumu aģentūra", "galvenā speciāliste").
        if lf.endswith("a") and not before_head:
            return False
        if not masculine and not lf.endswith("ā"):
            return True
        raise _Unsure(
            _("cannot tell whether {word!r} agrees with {head!r}").format(
                word=shortened(word), head=shortened(head)
            )
        )
    if lw.endswith(("as", "es", "ās", "us", "u")):
        return False  # genitives: domes, pašvaldības, sociālās, Saldus, pienākumu
    if lw.endswith("o") and lf.endswith("u"):
        return False  # a genitive plural: sociālo pakalpojumu
    if lw == "valsts" or lw.endswith("pils"):
        return False  # 6th declension, the genitive is the nominative: valsts, Daugavpils
    if lw.endswith("a"):
        if masculine or institution or not before_head:
            return False  # a masculine genitive: priekšsēdētāja vietnieks, Tukuma novada
        if lw.endswith(_GENITIVE_NOUN_ENDINGS):
            return False  # domes priekšsēdētāja vietniece
        raise _Unsure(
            _("{word!r} may be a genitive or an adjective agreeing with {head!r}").format(
                word=shortened(word), head=shortened(head)
            )
        )
    raise _Unsure(
        _("{word!r} is neither a genitive nor an adjective agreeing with {head!r}").format(
            word=shortened(word), head=shortened(head)
        )
    )
