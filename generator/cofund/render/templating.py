"""The Jinja2 environment for generated pages, feeds and charts.

Every `{{ value }}` is HTML-escaped unless it is already `Markup` (our own formatted figures,
sanitised prose, links we built): so a template cannot forget to escape text from a pull
request. The same escaping is valid XML, so feeds and SVG use it too.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from ..compute import percent_text
from ..money import display
from . import cards, labels, safe

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
    """The URL folder of a docs page under directory URLs: a/b.md -> a/b/, a/index.md -> a/."""
    stem = page[: -len(".md")]
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
    if target.endswith(".md"):
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


def _label(value: Any, table: str) -> Markup:
    # Labels are our own words for codes the schemas allow: trusted text.
    code = getattr(value, "value", value)
    return Markup(getattr(labels, table.upper())[code])


def _plural(count: int, one: str, many: str | None = None) -> Markup:
    return Markup(f"{count} {one if count == 1 else (many or one + 's')}")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cofund", "templates"),
        autoescape=False,  # _finalize escapes every value instead (see the module docstring)
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        money=_money,
        percent=_percent,
        bar_width=_bar_width,
        share=_share,
        label=_label,
        long_date=labels.long_date,
        short_date=labels.short_date,
        days_left=labels.days_left,
        attr=safe.attr,
        url=safe.url,
        prose=lambda text, level=3: safe.prose_block(safe.markdown_html(text, level)),
        plural=_plural,
        iso=lambda day: Markup(day.isoformat()),
    )
    env.globals.update(labels=labels, icon=icon, card=cards.card, search_end=Markup(SEARCH_END))
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
