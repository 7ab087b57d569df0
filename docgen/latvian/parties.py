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

from typing import Any

from docgen.errors import Problem
from docgen.latvian import names
from docgen.records import Partner, Project, Workbook


class _Decliner:
    """Declines names, records unsure results as warnings, lets overrides win."""

    def __init__(self, warnings: list[Problem]):
        self.warnings = warnings

    def __call__(
        self,
        place: str,
        result: names.Declined,
        override: str | None = None,
        override_column: str = "",
    ) -> str:
        if override:
            return override
        if not result.sure:
            advice = (
                f"; write the right form in column {override_column}" if override_column else ""
            )
            self.warnings.append(
                Problem(
                    place,
                    f"declined as {result.text!r}, unsure: {result.reason}{advice}",
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


def default_authority(name: str) -> str:
    """What a representative acts under when the workbook does not say: the bylaws."""
    head = name.split()[-1].casefold() if name.split() else ""
    return {"dome": "domes nolikums"}.get(head, "pašvaldības nolikums")


def authority_accusative(authority: str) -> str:
    """ "pašvaldības nolikums" → "pašvaldības nolikumu": the object of "saskaņā ar"."""
    words = authority.split()
    if words and words[-1].endswith(("s", "š")) and not words[-1].endswith(("is", "us")):
        words[-1] = words[-1][:-1] + "u"
    return " ".join(words)


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

    def at(header: str) -> str:
        return f"Partneri row {partner.row} ({header}, {partner.code})"

    authority = partner.authority or default_authority(partner.name)
    return {
        "name_genitive": decline(at("Nosaukums"), names.institution_genitive(partner.name)),
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
        "authority": authority,
        "authority_accusative": authority_accusative(authority),
    }


def name_warnings(workbook: Workbook) -> list[Problem]:
    """Every unsure declension the documents would need, so that validate can show them first."""
    warnings: list[Problem] = []
    ministry_names(workbook.project, warnings)
    for partner in workbook.partners:
        partner_names(partner, warnings)
    return warnings
