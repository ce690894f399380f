"""The Welsh site (cy/): no English words of cofund's own on a Welsh page, every page and its
counterpart linked both ways (the language switch and the hreflang links), the Welsh CSV
headings, and a Welsh text in the data shown in Welsh, an untranslated one marked English."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from babel.messages.pofile import read_po
from browsing import ROOT, TODAY, site_path

from cofund.export.csv_export import COLUMNS as PLEDGE_COLUMNS
from cofund.export.organisations_csv import COLUMNS as ORGANISATION_COLUMNS
from cofund.load import FolderSource, load
from cofund.render.downloads import COLUMNS as MARKED_COLUMNS
from cofund.validate import validate

LOCALE = ROOT / "generator" / "cofund" / "locale"
SITE_URL = f"https://cofund.github.io/{site_path()}/"
# Attributes whose text people read or hear (screen readers read labels and alternatives).
SPOKEN = ("aria-label", "aria-valuetext", "title", "alt", "placeholder", "data-label")
_SKIPPED = {"script", "style", "template", "code", "pre"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Visible(HTMLParser):
    """The text a reader meets on a page, outside elements marked lang="en" (data text not
    yet translated) and outside code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, English or skipped inside)
        self.texts: list[str] = []

    def _muted(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        muted = self._muted() or tag in _SKIPPED or (found.get("lang") == "en" and tag != "html")
        if not muted:
            self.texts.extend(v for k, v in attrs if k in SPOKEN and v)
        if tag not in _VOID:
            self.stack.append((tag, muted))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._muted() and data.strip():
            self.texts.append(data)


def visible_text(path: Path) -> str:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.texts).split())


def english_fragments() -> tuple[set[str], set[str]]:
    """The English catalogue's words that Welsh says otherwise: (phrases of three words or
    more, from between the placeholders and tags of each message; whole short messages)."""
    catalogue = read_po((LOCALE / "cy" / "LC_MESSAGES" / "cofund.po").open("rb"))
    phrases: set[str] = set()
    shorts: set[str] = set()
    for message in catalogue:
        if not message.id or message.context == "CSV column":
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue  # the same in Welsh (a name, "Beta")
            plain = english.replace("%%", "%")
            for part in re.split(r"%\(\w+\)[sd]|<[^>]+>", plain):
                part = " ".join(part.split()).strip(" ,.:;()")
                if len(part.split()) >= 3:
                    phrases.add(part)
            if not re.search(r"%\(\w+\)[sd]|<", plain) and len(plain.split()) < 3:
                shorts.add(plain)
    return phrases, shorts


def data_texts(value: object) -> set[str]:
    """Every text in the catalogue's data files: names, titles, roles, licences, update titles.
    On a Welsh page they are the data's own words (in Welsh where the file gives them), not
    cofund's."""
    if isinstance(value, str):
        return {" ".join(value.split())} if len(value) >= 4 else set()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return set().union(*(data_texts(v) for v in value)) if value else set()
    return set()


def catalogue_texts() -> tuple[str, ...]:
    validated = validate(load(FolderSource(ROOT)), dt.date.fromisoformat(TODAY))
    assert validated.ok
    return tuple(sorted(data_texts(validated.catalogue), key=len, reverse=True))


def leftovers(path: Path, phrases: set[str], shorts: set[str], data: tuple[str, ...] = ()) -> list[str]:
    text = visible_text(path)
    for known in data:  # longest first
        text = text.replace(known, " | ")
    found = [p for p in phrases if p in text]
    # A short message only as a whole: a heading, a label, a button.
    found += [s for s in shorts if re.search(rf"(?<![\w']){re.escape(s)}(?![\w'])", text)
              and s.lower() not in {"cofund"}]
    return sorted(found)


def test_no_english_words_of_cofunds_own_on_a_welsh_page(built_site):  # type: ignore[no-untyped-def]
    phrases, shorts = english_fragments()
    assert len(phrases) > 200 and "Pledge to this pitch" in phrases
    # Whole short messages that are also ordinary English inside Welsh data or proper names
    # (an organisation's name such as "... Police" or "... Fire and Rescue Service") are
    # checked as phrases only.
    shorts -= {"Police", "Health", "Housing", "Transport", "Education", "Other", "Open", "Live", "Fire and rescue"}
    data = catalogue_texts()
    welsh = sorted((built_site.root / "cy").rglob("*.html"))
    assert len(welsh) > 60
    found = {str(p.relative_to(built_site.root)): hits for p in welsh
             if (hits := leftovers(p, phrases, shorts, data))}
    assert not found, found
    # The scan finds English where it is: the same page of the English site.
    assert leftovers(built_site.root / "pitches" / "cyber-gdpr-elearning" / "index.html", phrases, shorts)


# The theme's language switch, and a pledge letter's own (it has no theme).
SWITCHES = {"md-select__link", "cofund-language"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.alternates: dict[str, str] = {}  # hreflang -> href, from the head
        self.switch: dict[str, str] = {}  # hreflang -> href, from the language switch
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "a" and SWITCHES & set(a.get("class", "").split()) and "hreflang" in a:
            self.switch[a["hreflang"]] = a["href"]


def _links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _page_of(root: Path, page: Path, href: str) -> Path:
    """The file a link leads to, as a browser resolves it from the page's address."""
    base = f"https://x/{site_path()}/"
    url = urljoin(urljoin(base, page.relative_to(root).as_posix()), href.replace(SITE_URL, base))
    path = urlsplit(url).path
    assert path.startswith(f"/{site_path()}/"), (page, href)
    rel = path[len(site_path()) + 2:]
    return root / rel / "index.html" if rel.endswith("/") or not rel else root / rel


def test_every_page_and_its_welsh_counterpart_link_each_other(built_site):  # type: ignore[no-untyped-def]
    root = built_site.root
    english = sorted(p for p in root.rglob("*.html") if p.relative_to(root).parts[0] != "cy")
    assert len(english) > 60
    for page in english:
        welsh = root / "cy" / page.relative_to(root)
        assert welsh.is_file(), f"{welsh} is missing"
        there, back = _links(page), _links(welsh)
        assert (there.lang, back.lang) == ("en", "cy")
        for links, own, other, source in ((there, page, welsh, page), (back, welsh, page, welsh)):
            assert set(links.alternates) == set(links.switch) == {"en", "cy"}, source
            for lang, target in (("en", page), ("cy", welsh)):
                assert _page_of(root, source, links.alternates[lang]) == target, (source, lang)
                assert _page_of(root, source, links.switch[lang]) == target, (source, lang)
            assert own != other


def test_welsh_csv_downloads_have_welsh_headings_and_the_same_rows(built_site):  # type: ignore[no-untyped-def]
    assert set(PLEDGE_COLUMNS) | set(ORGANISATION_COLUMNS) == set(MARKED_COLUMNS)
    for name, columns in (("pledges.csv", PLEDGE_COLUMNS), ("organisations.csv", ORGANISATION_COLUMNS)):
        english = (built_site.root / "data" / name).read_bytes()
        welsh = (built_site.root / "cy" / "data" / name).read_bytes()
        assert english.partition(b"\r\n")[2] == welsh.partition(b"\r\n")[2]
        head = next(csv.reader(io.StringIO(welsh.decode("utf-8"))))
        assert len(head) == len(columns) and not set(head) & (set(columns) - {"model", "org_id"}), head
        assert next(csv.reader(io.StringIO(english.decode("utf-8")))) == list(columns)
    assert (built_site.root / "cy" / "data" / "pledges.csv").read_text("utf-8").startswith("cynnig,teitl_cynnig,")
    # The JSON is an interface: the same keys, byte for byte, in both sites.
    assert (built_site.root / "cy" / "data" / "catalogue.json").read_bytes() == \
        (built_site.root / "data" / "catalogue.json").read_bytes()


def test_welsh_data_text_and_untranslated_text(built_site):  # type: ignore[no-untyped-def]
    page = (built_site.root / "cy" / "pitches" / "foi-request-handling" / "index.html").read_text("utf-8")
    # The pitch's Welsh title and summary; its untranslated business case is marked English.
    assert "Ymdrin â cheisiadau rhyddid gwybodaeth ar y cyd" in page
    assert '<div lang="en">' in page
    untranslated = [p for p in (built_site.root / "cy" / "pitches").glob("*/index.html")
                    if "cofund-untranslated" in p.read_text("utf-8")]
    for path in untranslated:
        assert "Heb ei chyfieithu i" in path.read_text("utf-8") and 'lang="en"' in path.read_text("utf-8")


def test_dates_and_plurals_in_welsh(built_site):  # type: ignore[no-untyped-def]
    text = visible_text(built_site.root / "cy" / "data" / "index.html")
    assert "24 Tachwedd 2026" in text
    home = visible_text(built_site.root / "cy" / "index.html")
    assert re.search(r"Pori'r \d+ cynnig", home)
