"""The page's language: its strings are English msgids (``_("…")`` in the templates), translated
from the gettext catalog ``locale/<lang>/LC_MESSAGES/messages.po``.

The catalog is compiled when first needed (Babel, already a dependency, reads the ``.po`` and
writes the ``.mo`` in memory), so no compiled file is kept beside its source. To change a string:
``pybabel extract -F docgen/web/babel.cfg -o docgen/web/locale/messages.pot .``, then
``pybabel update -i docgen/web/locale/messages.pot -d docgen/web/locale`` and translate.
"""

from __future__ import annotations

import functools
import gettext
import io
from importlib import resources

from docgen.i18n import language


def _(message: str) -> str:
    """``message`` in the server's language (docgen.i18n's, which the app sets to its own)."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang``; English (the msgids) has none."""
    if lang == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source = resources.files("docgen.web").joinpath(f"locale/{lang}/LC_MESSAGES/messages.po")
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
