"""Untrusted text made safe for a page. Everything a pull request wrote passes through here.

Two kinds of text:
- Markdown fields (pitch body, updates, business case problem and users) become HTML:
  markdown-it-py with raw HTML off renders them, only http, https and mailto links survive,
  and nh3 (an allow-list sanitiser) cleans the result. The HTML then goes into the generated
  Markdown as a block that Python-Markdown passes through untouched (see `prose_block`).
- Plain fields (titles, names, summaries, conditions) go into generated Markdown as text:
  `text` escapes both HTML and Markdown syntax, so that nothing in them is markup of either.
"""

from __future__ import annotations

import html
import re
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
    """Wrap sanitised HTML as a block for the generated Markdown (templating.raw_html passes
    it through Python-Markdown untouched).

    A line of backticks or tildes at the start of a line would open or close a fenced block
    in Markdown: code in the text can hold one, so these characters become character
    references (the same text in HTML). Blank lines go too: they end a raw block for some
    engines. And what Python-Markdown does to a whole page first (tabs to spaces, no STX or
    ETX) is done here already, so that the block is exactly what reaches the page.
    """
    body = str(fragment).strip().replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    body = re.sub(r"\n\s*\n", "\n", body).replace("`", "&#96;").replace("~", "&#126;")
    return Markup(f'<div class="{css_class}">\n{_unmarked(body)}\n</div>')


# Python-Markdown marks its placeholders with STX and ETX: in text from the data they could
# stand for a piece of the page stored elsewhere. They are not text anyone writes: dropped.
_PLACEHOLDER_MARKS = str.maketrans("", "", "\x02\x03")


def _unmarked(value: str) -> str:
    return value.translate(_PLACEHOLDER_MARKS) if "\x02" in value or "\x03" in value else value

# Characters that mean something in Markdown (or in Material's extensions: attribute lists,
# emoji shortcodes, tables) or in HTML. Writing them as numeric character references keeps
# them as plain characters for every Markdown engine.
_MARKUP_CHARS = re.compile(r"[\\`*_{}\[\]()#+\-.!|~^:=<>&\"'$]")


def text(value: object) -> Markup:
    """Untrusted plain text -> inline text safe in Markdown and in HTML (also in attributes)."""
    flat = " ".join(_unmarked(str(value)).split())
    return Markup(_MARKUP_CHARS.sub(lambda m: f"&#{ord(m.group())};", flat))


def attr(value: object) -> Markup:
    """Plain text for an HTML attribute or raw HTML block: HTML-escaped only."""
    return Markup(html.escape(" ".join(_unmarked(str(value)).split()), quote=True))


def url(value: str) -> Markup:
    """A URL from the data (already validated to start http(s)://) for an href attribute."""
    if urlsplit(value).scheme.lower() not in SAFE_SCHEMES:
        raise ValueError(f"refusing a link with scheme {urlsplit(value).scheme!r}")
    return Markup(html.escape(value, quote=True))
