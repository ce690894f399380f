"""The templates' environment: its gettext and ngettext give what Jinja's own newstyle i18n
gives, in each language (templating.py writes them out for speed)."""

from __future__ import annotations

import jinja2
import pytest

from cofund.model import LANGUAGES
from cofund.render.i18n import translations
from cofund.render.templating import environment

CASES = (
    '{{ _("Back to the pitch") }}',
    '{{ _("100%% of the target") }}',  # %% is % even without variables
    '{{ _("Pledge letter: %(name)s, %(title)s", name="<b>A & B</b>", title=title) }}',
    "{% trans name=title %}<strong>{{ name }}</strong> pledged{% endtrans %}",
    "{% trans count=n %}{{ count }} partner{% pluralize %}{{ count }} partners{% endtrans %}",
    '{{ ngettext("%(num)d day left", "%(num)d days left", n) }}',
    '{{ gettext("closes today") }}{{ gettext("closes today") }}',
    '{{ _("%(message)s and %(singular)s", message=title, singular="x") }}',  # variables named as parameters
    '{{ ngettext("%(plural)s", "%(plural)s", n, plural=title) }}',
)


def jinja_own(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("source", CASES)
@pytest.mark.parametrize("n", (1, 2))
def test_gettext_as_jinja_gives_it(lang: str, source: str, n: int) -> None:
    given = {"title": "<script>alert(1)</script> & co", "n": n}
    ours = environment(lang).from_string(source).render(**given)
    assert ours == jinja_own(lang).from_string(source).render(**given)
    assert "<script>" not in ours and "<b>" not in ours
