"""A generated page: its content as finished HTML, and the stub the engine reads for it.

A template renders the page's content as HTML, and names the page's metadata (title,
description, tags, search settings) with `{{ front_matter(...) }}`. The engine gets two
things: the stub, a docs page holding only that metadata as YAML front matter (for the
theme's title and description, the tags plugin and the search settings), and the HTML, which
the cofund plugin hands it in place of the stub's (empty) Markdown. So no text from the data
is ever read as Markdown. The front matter is written by a YAML dumper and read back with
the engine's own reader before the stub is written: what the engine reads is what was meant.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, TypedDict

import yaml
from markdown.extensions.toc import slugify
from markupsafe import Markup
from mkdocs.utils.meta import get_data

from . import safe
from .templating import SEARCH_END, environment

# The key every stub's front matter carries: the plugin fails the build for a stub whose front
# matter the engine did not read (it would be a page without its title and banner).
MARKER = "cofund_generated"

_HEADING = re.compile(r'<h([1-6])\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


class TocToken(TypedDict):
    """A heading, as MkDocs' get_toc reads it (the keys of Python-Markdown's toc tokens that
    MkDocs uses)."""

    level: int
    id: str
    name: str
    children: list[TocToken]


class FrontMatterError(Exception):
    """A page's metadata would not read back as it was written."""


@dataclass
class RenderedPage:
    meta: dict[str, Any]
    top: str  # what the search index reads: the title, the summary and the key facts
    rest: str  # the rest of the content, none of it indexed
    toc: list[TocToken] = field(default_factory=list)  # the page's headings, for MkDocs
    # Markdown of the repository's own (never text from the data) that the engine renders
    # before this HTML: the home page's opening from site/index.md, the tags page's text.
    markdown: str = ""

    def stub(self, path: str) -> bytes:
        """The docs page the engine reads for this page: the front matter, and `markdown`."""
        text = "---\n" + yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=True, width=1 << 20) + "---\n"
        body, read_back = get_data(text + self.markdown)  # the very reader MkDocs uses
        if read_back != self.meta or body != self.markdown:
            raise FrontMatterError(f"{path}: the page's front matter would not read back as written")
        return (text + self.markdown).encode()


def _heading_text(inner: str) -> str:
    """A heading's text as HTML, for the table of contents (as Python-Markdown's toc gives it)."""
    return _TAG.sub("", inner).strip()


def toc_tokens(content: str) -> list[TocToken]:
    """The table of contents of our own HTML: every heading with an id, nested by level.
    Headings in sanitised prose have no id (nh3 drops it), so they are not listed."""
    tokens: list[TocToken] = []
    stack: list[TocToken] = []
    for level, anchor, inner in _HEADING.findall(content):
        name = _heading_text(inner)
        token: TocToken = {"level": int(level), "id": html.unescape(anchor), "name": name, "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return tokens


def title_id(title: object) -> Markup:
    """The id of a page's h1, as Python-Markdown's toc would make it from the title."""
    return safe.attr(slugify(html.unescape(str(safe.attr(title))), "-"))


def render_page(template: str, **context: Any) -> RenderedPage:
    """The page of `template`, in the language `context["lang"]` (Site.common gives it)."""
    meta: dict[str, Any] = {}

    def front_matter(**fields: Any) -> Markup:
        # Strings are HTML-escaped: Material prints page.meta.title and description unescaped.
        for key, value in fields.items():
            if value is None:
                continue
            if isinstance(value, str):
                value = str(safe.attr(value))
            elif isinstance(value, (list, tuple)):
                value = [str(safe.attr(v)) if isinstance(v, str) else v for v in value]
            meta[key] = value
        return Markup("")

    template_in = environment(str(context["lang"])).get_template(template)
    content = template_in.render(**context, front_matter=front_matter, title_id=title_id)
    meta[MARKER] = True
    top, marker, rest = content.partition(SEARCH_END)
    return RenderedPage(meta, top, marker + rest, toc_tokens(content))
