"""The parties of a document in the cases its sentences need.

An agreement introduces each party once, in full ("Jūrmalas valstspilsētas pašvaldība …, tās
domes priekšsēdētāja Gata Truksņa personā, kurš rīkojas saskaņā ar …"): the institution in the
genitive and the dative, its representative and their title in the genitive, the relative pronoun,
and the act the representative acts under. The workbook's override columns win; where a rule of
:mod:`docgen.latvian.names` is unsure, the form is used and the doubt is recorded as a warning with
the place to correct it, never guessed silently. ``validate`` shows the same warnings the
documents would, before any is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docgen.errors import Problem, shortened
from docgen.i18n import _
from docgen.latvian import names
from docgen.records import Partner, Project, Workbook


class _Decliner:
    """Declines names, records unsure results as warnings, lets overrides win."""

    def __init__(self, warnings: list[Problem]):
        self.warnings = warnings

    def __call__(
        self,
        place: str | Callable[[], str],
        result: names.Declined,
        override: str | None = None,
        override_column: str = "",
    ) -> str:
        """The declined text; ``place`` (or what it makes, made only for a warning) names it."""
        if override:
            return override
        if not result.sure:
            if callable(place):
                place = place()
            message = (
                _("declined as {text!r}, unsure: {reason}; write the right form in column {column}")
                if override_column
                else _("declined as {text!r}, unsure: {reason}")
            )
            self.warnings.append(
                Problem(
                    place,
                    message.format(
                        text=shortened(result.text), reason=result.reason, column=override_column
                    ),
                    "warning",
                )
            )
        return result.text


def who(title: str) -> str:
    """The relative pronoun for the representative: "kura" for a feminine title, else "kurš"."""
    last = title.split()[-1] if title.split() else title
    return "kura" if last.endswith(("a", "e")) else "kurš"


def regulation_dative(regulation: str) -> str:
    """ "… noteikumi Nr. 193" → "… noteikumiem Nr. 193" (for "saskaņā ar …", "atbilstoši …")."""
    for nominative, dative in ((" noteikumi", " noteikumiem"), (" likums", " likumam")):
        if nominative + " " in regulation + " ":
            return regulation.replace(nominative, dative, 1)
    return regulation


# The acts a representative acts under, nominative → accusative (the object of "saskaņā ar").
ACTS = {
    "nolikums": "nolikumu",
    "lēmums": "lēmumu",
    "rīkojums": "rīkojumu",
    "pilnvara": "pilnvaru",
    "pilnvarojums": "pilnvarojumu",
}
# An act that gives one person a mandate is cited with its date and number.
DATED_ACTS = ("lēmums", "rīkojums", "pilnvara", "pilnvarojums")
_DATE = re.compile(r"\b\d{4}\. gada \d{1,2}\. \w+|\b\d{1,2}\.\d{1,2}\.\d{4}\b")
_NUMBER = re.compile(r"\bNr\. ?\S+")


@dataclass(frozen=True)
class Authority:
    """What a representative acts under, as the agreement cites it after "saskaņā ar"."""

    text: str  # "Ķekavas novada pašvaldības nolikumu"
    acts: tuple[str, ...]  # the acts' head nouns in the nominative: ("nolikums",)
    unsure: str = ""  # why the phrase could not be built for sure ("" when it could)


def default_authority(name: str) -> str:
    """What a representative acts under when the workbook does not say: the bylaws."""
    head = name.split()[-1].casefold() if name.split() else ""
    return {"dome": "domes nolikums"}.get(head, "pašvaldības nolikums")


def _accusative(act: str) -> tuple[str, str | None]:
    """One act with its head noun in the accusative, and that noun (None when none is known)."""
    words = act.split()
    for i, word in enumerate(words):
        if word.casefold() in ACTS:
            words[i] = ACTS[word.casefold()]
            return " ".join(words), word.casefold()
    return act, None


def authority(institution: str, institution_genitive: str, written: str | None) -> Authority:
    """ "pašvaldības nolikums" of Ķekavas novada pašvaldība → "Ķekavas novada pašvaldības
    nolikumu"; "domes 2021. gada 15. jūlija lēmums Nr. 12" → "Ķekavas novada pašvaldības domes
    2021. gada 15. jūlija lēmumu Nr. 12"; "2021. gada 1. jūlija pilnvara Nr. 5" → "Ķekavas novada
    pašvaldības 2021. gada 1. jūlija pilnvaru Nr. 5".

    The workbook names the act or acts (joined by "un") in the nominative, without the
    institution; the institution (in the genitive) goes before the first act, merged with a
    leading "pašvaldības" or, for a council ("… dome"), "domes". Text that already begins with the
    institution's genitive is kept as it is. An act docgen does not know is printed as written,
    and said to be unsure.
    """
    written = " ".join((written or default_authority(institution)).split())
    acts, nouns = [], []
    for act in written.split(" un "):
        text, noun = _accusative(act)
        acts.append(text)
        nouns.append(noun)
    phrase = " un ".join(acts)
    head = institution.split()[-1].casefold() if institution.split() else ""
    if phrase.casefold().startswith(institution_genitive.casefold()):
        pass  # the workbook names the institution itself
    elif phrase.startswith("pašvaldības ") and institution_genitive.endswith(" pašvaldības"):
        phrase = f"{institution_genitive} {phrase.removeprefix('pašvaldības ')}"
    elif phrase.startswith("domes ") and head == "dome":
        phrase = f"{institution_genitive} {phrase.removeprefix('domes ')}"
    else:
        phrase = f"{institution_genitive} {phrase}"
    known = tuple(n for n in nouns if n is not None)
    unsure = ""
    if len(known) < len(nouns):
        unsure = _("no act docgen knows ({acts}) in {text!r}; it is cited as written").format(
            acts=", ".join(ACTS), text=shortened(written)
        )
    return Authority(phrase, known, unsure)


def cited_acts(written: str) -> tuple[str, ...]:
    """The head nouns of the acts the workbook's text names, in the nominative."""
    return tuple(n for n in (_accusative(a)[1] for a in written.split(" un ")) if n is not None)


def authority_gaps(text: str) -> list[str]:
    """What a decision or power of attorney is cited without: "date", "number" (or nothing)."""
    if not any(a in DATED_ACTS for a in cited_acts(text)):
        return []
    found = {"date": _DATE.search(text), "number": _NUMBER.search(text)}
    return [what for what, match in found.items() if not match]


def ministry_names(project: Project, warnings: list[Problem]) -> dict[str, Any]:
    """The ministry (the project's beneficiary) and its representative, declined."""
    decline = _Decliner(warnings)
    place = "Projekts"
    return {
        "name_genitive": decline(
            f"{place} (Finansējuma saņēmējs)", names.institution_genitive(project.beneficiary)
        ),
        "name_dative": decline(
            f"{place} (Finansējuma saņēmējs)", names.institution_dative(project.beneficiary)
        ),
        "representative_genitive": decline(
            f"{place} (Saņēmēja pārstāvis)",
            names.person_genitive(project.beneficiary_representative),
        ),
        "title_genitive": decline(
            f"{place} (Pārstāvja amats)",
            names.title_genitive(project.beneficiary_representative_title),
        ),
        "who": who(project.beneficiary_representative_title),
    }


def partner_names(partner: Partner, warnings: list[Problem]) -> dict[str, Any]:
    """A partner and its representative, declined, and the act the representative acts under."""
    decline = _Decliner(warnings)

    def at(header: str) -> Callable[[], str]:
        # A place, but with a word of the message's language in it: made only for a warning
        # (translated for every partner, it was 0.3 s of validating 10 000, bench/validate.py).
        return lambda: _("{sheet} row {row} ({header}, {code})").format(
            sheet="Partneri", row=partner.row, header=header, code=partner.code
        )

    name_genitive = decline(at("Nosaukums"), names.institution_genitive(partner.name))
    acts = authority(partner.name, name_genitive, partner.authority)
    if acts.unsure:
        warnings.append(Problem(at("Pārstāvības pamats")(), acts.unsure, "warning"))
    return {
        "name_genitive": name_genitive,
        "name_dative": decline(at("Nosaukums"), names.institution_dative(partner.name)),
        "representative_genitive": decline(
            at("Pārstāvis"),
            names.person_genitive(partner.representative),
            partner.representative_genitive,
            "Pārstāvis (ģenitīvā)",
        ),
        "title_genitive": decline(
            at("Amats"),
            names.title_genitive(partner.representative_title),
            partner.representative_title_genitive,
            "Amats (ģenitīvā)",
        ),
        "who": who(partner.representative_title),
        "authority": partner.authority or default_authority(partner.name),
        "authority_basis": acts.text,
    }


def name_warnings(workbook: Workbook) -> list[Problem]:
    """Every unsure declension the documents would need, so that validate can show them first."""
    warnings: list[Problem] = []
    ministry_names(workbook.project, warnings)
    for partner in workbook.partners:
        partner_names(partner, warnings)
    return warnings
