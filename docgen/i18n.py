"""The language docgen speaks: English messages as gettext msgids, translated from the catalog
``docgen/locale/<lang>/LC_MESSAGES/docgen.po``.

English is the default; Latvian is chosen by ``--lang lv`` (which calls :func:`set_language`) or
by the environment, the way gettext reads it: ``DOCGEN_LANG``, then ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES`` and ``LANG`` (``LANG=lv_LV.UTF-8``). :func:`set_language` also sets
``DOCGEN_LANG``, so that processes the batch starts (forked or spawned) speak the same.

A message is translated when it is made: ``_("the sheet is missing (the workbook has:
{sheets})").format(sheets=...)``: the msgid keeps its ``{placeholders}``, never an f-string, so
that the catalog has one entry per message and a translator can move the values. Strings made at
import time (tables of constants) are marked with :func:`N_` and translated where they are shown.

The catalog is compiled when first needed (Babel reads the ``.po`` and writes the ``.mo`` in
memory), so no compiled file is kept beside its source. To change a message, run the two
pybabel commands of docs/architecture.md ("Messages and their language") and translate.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
from collections.abc import Mapping
from importlib import resources

LANGUAGES = ("en", "lv")
DEFAULT_LANGUAGE = "en"
ENVIRONMENT = "DOCGEN_LANG"
# Where gettext looks for the language, first to last (GNU gettext's order, docgen's own first).
LANGUAGE_VARIABLES = (ENVIRONMENT, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
DOMAIN = "docgen"


def language_of(environment: Mapping[str, str]) -> str:
    """The language the environment asks for: ``lv`` for ``lv``, ``lv_LV.UTF-8`` and the like,
    English for anything else (``C``, ``en_GB.UTF-8``, a language docgen has no catalog for)."""
    for name in LANGUAGE_VARIABLES:
        value = environment.get(name, "")
        if value:
            first = value.split(":")[0]
            code = first.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def language() -> str:
    """The language messages are made in now."""
    return language_of(os.environ)


def set_language(lang: str) -> None:
    """Speak ``lang`` (one of LANGUAGES) from now on, here and in processes started after."""
    if lang not in LANGUAGES:
        # for programmers: --lang and the page offer only LANGUAGES
        raise ValueError(f"no catalog for {lang!r}; docgen speaks {', '.join(LANGUAGES)}")
    os.environ[ENVIRONMENT] = lang


@functools.cache
def catalog(lang: str, package: str = "docgen", domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` for ``domain`` of ``package``; English (the msgids) has
    none."""
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source = resources.files(package).joinpath(f"locale/{lang}/LC_MESSAGES/{domain}.po")
    with source.open("rb") as handle:
        po = read_po(handle, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """``message`` in the language chosen now."""
    return catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` (Latvian has three: 1, 21…; 0, 10–20…; the rest)."""
    return catalog(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown, with _()."""
    return message
