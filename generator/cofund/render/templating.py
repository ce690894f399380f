"""The Jinja2 environment for generated pages, feeds and charts.

Every `{{ value }}` is HTML-escaped unless it is already `Markup` (our own formatted figures,
sanitised prose, links we built): so a template cannot forget to escape text from a pull
request. The same escaping is valid XML, so feeds and SVG use it too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from ..compute import percent_text
from ..money import display
from . import cards, i18n, labels, safe

# Written between a page's indexed top and the rest, none of which goes into the search
# index (the plugin hands the search only the top).
SEARCH_END = "<!-- cofund: nothing below is indexed -->"


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(str(value))
    return safe.attr(value)


def url_dir(page: str) -> str:
    """The URL folder of a docs page under directory URLs: a/b.md -> a/b/, a/index.md -> a/;
    of a standalone HTML page (a pledge letter), a/b/index.html -> a/b/."""
    stem = page.removesuffix(".md").removesuffix(".html")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for the clean relative paths of the docs tree (no `.` or `..` parts,
    "" for the top). Written out because relpath makes both paths absolute with the working
    folder, each time: a national-scale site has a hundred thousand links."""
    to, start = [p for p in target.split("/") if p], [p for p in base.split("/") if p]
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def href(current: str, target: str) -> Markup:
    """A relative link from the page `current` to a page or file `target` (docs paths), as it
    works in the built site; for raw HTML, where MkDocs does not rewrite links."""
    base = url_dir(current)
    if target.endswith((".md", "/index.html")):
        rel = _relpath(url_dir(target), base)
        return Markup("./" if rel == "." else rel + "/")
    return Markup(_relpath(target, base))


@cache
def icon(name: str) -> Markup:
    """One of Material's icons (material/<name>.svg) inline, as Material's own emoji
    extension writes it in a Markdown page, for the buttons on generated pages."""
    svg = (resources.files("material") / "templates" / ".icons" / "material" / f"{name}.svg").read_text("utf-8")
    return Markup(f'<span class="twemoji">{svg.strip()}</span>')


def _money(pence: int) -> Markup:
    return Markup(display(pence))


def _percent(basis_points: int) -> Markup:
    text = percent_text(basis_points)
    return Markup(text[:-3] if text.endswith(".00") else text.rstrip("0")) + Markup("%")


def _bar_width(basis_points: int) -> Markup:
    return Markup(percent_text(min(basis_points, 10000)))


def _share(part: int, whole: int) -> int:
    """`part` as basis points of `whole`, rounded down and held to 0..10000: the width of a
    segment of a progress bar (presentation only; compute's percentages are the figures)."""
    return max(0, min(10000, part * 10000 // whole)) if whole > 0 else 0


def _gettext_calls(said: i18n.Words) -> tuple[Callable[..., Markup], Callable[..., Markup]]:
    """gettext and ngettext as Jinja's newstyle i18n gives them to templates, with the same
    results (the translation as Markup, %-formatted with the escaped variables). Written out
    because Jinja's look the message up, make its Markup and format it on every call, through
    two context calls: a national build makes over two million of them, 13% of its CPU. Here
    a message without variables is made once."""

    @lru_cache(maxsize=4096)
    def constant(message: str) -> Markup:
        return Markup(said.gettext(message)) % {}  # as Jinja does: %% is % even without variables

    def gettext(message: str, /, **variables: Any) -> Markup:  # a variable may be named "message"
        return Markup(said.gettext(message)) % variables if variables else constant(message)

    def ngettext(singular: str, plural: str, num: int, /, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return Markup(said.ngettext(singular, plural, num)) % variables

    return gettext, ngettext


@cache
def environment(lang: str = "en") -> jinja2.Environment:
    """The templates in `lang`: `{% trans %}`, `_()` and `ngettext()` (Jinja's i18n extension)
    read the language's catalogue; the label and date filters speak it too."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cofund", "templates"),
        # _finalize escapes every value (see the module docstring); autoescape makes the
        # i18n extension escape the values it puts into a translated message, whose own
        # markup (a link in a sentence) is ours and trusted.
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    said = i18n.words(lang)
    env.install_gettext_translations(said.catalogue, newstyle=True)  # type: ignore[attr-defined]
    gettext, ngettext = _gettext_calls(said)
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    env.filters.update(
        money=_money,
        percent=_percent,
        bar_width=_bar_width,
        share=_share,
        label=lambda value, table: said.label(getattr(labels, table.upper()), value),
        long_date=said.long_date,
        short_date=said.short_date,
        days_left=said.days_left,
        attr=safe.attr,
        url=safe.url,
        prose=lambda text, level=3: safe.prose_block(safe.markdown_html(text, level)),
        iso=lambda day: Markup(day.isoformat()),
    )
    def loc(obj: Any, field: str) -> Markup:
        """A text field in the page's language: on a Welsh page without the Welsh text, the
        English marked lang="en" (screen readers read it in English)."""
        text = obj.text(field, lang)
        value = safe.attr(text.value)
        return Markup('<span lang="en">') + value + Markup("</span>") if text.fallback else value

    def prose_in(obj: Any, field: str, level: int = 3) -> Markup:
        text = obj.text(field, lang)
        html = safe.prose_block(safe.markdown_html(text.value, level))
        return Markup('<div lang="en">') + html + Markup("</div>") if text.fallback else html

    def untranslated(obj: Any, *fields: str) -> Markup:
        """The note that a text is shown in English, where any of `fields` is untranslated."""
        if not any(obj.text(f, lang).fallback for f in fields):
            return Markup("")
        note = safe.attr(said.gettext("Not yet translated into Welsh: shown in English."))
        return Markup('<p class="cofund-untranslated">') + note + Markup("</p>")

    def english(value: str) -> Markup:
        """compute's own words (a match's reasons), written in English: marked so on other pages."""
        text = safe.attr(value)
        return text if lang == "en" else Markup('<span lang="en">') + text + Markup("</span>")

    env.globals.update(
        loc=loc, prose_in=prose_in, untranslated=untranslated, english=english,
        labels=labels, icon=icon, card=lambda p: cards.card(p, said), search_end=Markup(SEARCH_END),
        lang=lang, words=said,
    )
    return env


def render(template: str, lang: str = "en", **context: Any) -> str:
    return environment(lang).get_template(template).render(**context)
