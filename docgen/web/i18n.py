"""The page's language: its strings are English msgids (``_("…")`` in the templates and the
server's code), translated from the gettext catalog ``locale/<lang>/LC_MESSAGES/messages.po``,
compiled in memory as docgen's own (docgen.i18n.catalog). To change a string, run the pybabel
commands of docs/web.md ("The page's language") and translate.
"""

from __future__ import annotations

import gettext

from docgen.i18n import N_, catalog, language

__all__ = ["N_", "_", "ngettext", "translations"]


def translations(lang: str) -> gettext.NullTranslations:
    """The page's catalog of ``lang``; English (the msgids) has none."""
    return catalog(lang, package="docgen.web", domain="messages")


def _(message: str) -> str:
    """``message`` in the server's language (docgen.i18n's, which the app sets to its own)."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)
