"""Untrusted text made safe for a page. Everything a pull request wrote passes through here.

Two kinds of text:
- Markdown fields (pitch body, updates, business case problem and users) become HTML:
  markdown-it-py with raw HTML off renders them, only http, https and mailto links survive,
  and nh3 (an allow-list sanitiser) cleans the result.
- Plain fields (titles, names, summaries, conditions) are HTML-escaped (`attr`).
The pages are HTML that the engine never reads as Markdown: the plugin hands it over whole.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_TAGS = frozenset(
    {"p", "br", "hr", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
     "em", "strong", "s", "a", "table", "thead", "tbody", "tr", "th", "td"}
)
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


def _link_is_safe(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    # No scheme: a relative link or #fragment; it can only point inside the site.
    return scheme in SAFE_SCHEMES or scheme == ""


def _markdown() -> MarkdownIt:
    # "commonmark" with html disabled: raw HTML in the text is shown as text, never parsed.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = lambda url: urlsplit(url.strip()).scheme.lower() in SAFE_SCHEMES  # type: ignore[method-assign]
    # An image would load from another origin: keep its alt text, drop the request.
    def image_as_text(renderer, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        return html.escape(tokens[idx].content)

    md.add_render_rule("image", image_as_text)
    return md


_MD = _markdown()


def _place_headings(tokens: list, top: int) -> None:  # type: ignore[type-arg]
    """Headings in the text sit below the page's own: the first level used becomes `top`, and
    no heading is more than one level below the one before it (skipped levels are an error
    for the Nu HTML Checker and confuse screen reader users)."""
    previous = top - 1
    opened: list[str] = []
    for token in tokens:
        if token.type == "heading_open":
            level = min(6, previous + 1, max(top, int(token.tag[1]) + top - 1))
            token.tag = f"h{level}"
            opened.append(token.tag)
            previous = level
        elif token.type == "heading_close":
            token.tag = opened.pop()


def markdown_html(text: str, top: int = 3) -> Markup:
    """Untrusted Markdown -> sanitised HTML fragment; its headings start at level `top`."""
    tokens = _MD.parse(text)
    _place_headings(tokens, top)
    rendered = _MD.renderer.render(tokens, _MD.options, {})
    cleaned = nh3.clean(
        rendered,
        tags=set(_TAGS),
        attributes={k: set(v) for k, v in _ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        filter_style_properties={"text-align"},
        attribute_filter=lambda tag, attr, value: value if attr != "href" or _link_is_safe(value) else None,
    )
    return Markup(cleaned)


def prose_block(fragment: Markup, css_class: str = "cofund-prose") -> Markup:
    """Sanitised HTML from markdown_html, as a block of the page."""
    return Markup(f'<div class="{css_class}">\n{_unmarked(str(fragment).strip())}\n</div>')


# STX and ETX are not text anyone writes (Python-Markdown, which renders the hand-written
# pages around ours, marks its placeholders with them): dropped.
_PLACEHOLDER_MARKS = str.maketrans("", "", "\x02\x03")


def _unmarked(value: str) -> str:
    return value.translate(_PLACEHOLDER_MARKS) if "\x02" in value or "\x03" in value else value

def attr(value: object) -> Markup:
    """Plain text for an HTML attribute or raw HTML block: HTML-escaped only."""
    return Markup(html.escape(" ".join(_unmarked(str(value)).split()), quote=True))


def url(value: str) -> Markup:
    """A URL from the data (already validated to start http(s)://) for an href attribute."""
    if urlsplit(value).scheme.lower() not in SAFE_SCHEMES:
        raise ValueError(f"refusing a link with scheme {urlsplit(value).scheme!r}")
    return Markup(html.escape(value, quote=True))
