"""Every PDF (badge, invitation letter, communiqué) in every interface language is
rendered and shows no empty boxes: each character is drawn in a font that has its glyph
(issue #16.8). Texts are mixed on purpose, as at a real expo: an Arabic letter names a
Chinese city and an English expo name, a Russian badge a Korean company."""

import datetime as dt

import pytest

from tests.deals.factories import make_deal, organiser
from tests.factories import ExpoFactory, OrganisationFactory, ParticipantFactory
from tests.pdf_glyphs import fonts_of, tofu
from tradefair.common.pdf_fonts import CHINESE, JAPANESE
from tradefair.onsite.domain.badges import badge_contents, ensure_badges, render_badges
from tradefair.onsite.domain.letters import render_letter, request_letter
from tradefair.onsite.models import BadgeFormat
from tradefair.people.models import Participant
from tradefair.reports.rendering.report import render_report

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "en", "ja", "ko", "ru", "mn", "fr", "de", "es", "ar"]
NAMES = {
    "zh-hans": ("王芳", "Wang Fang", "CN"),
    "en": ("Emily Brontë-Smith", "", "GB"),
    "ja": ("山田さくら", "Yamada Sakura", "JP"),
    "ko": ("김민준", "Kim Minjun", "KR"),
    "ru": ("Иван Петров", "Ivan Petrov", "RU"),
    "mn": ("Батбаярын Өлзий", "Batbayar Ulzii", "MN"),
    "fr": ("Émile Lefèvre", "", "FR"),
    "de": ("Jürgen Groß", "", "DE"),
    "es": ("Iñigo Núñez", "", "ES"),
    "ar": ("محمد علي", "Mohamed Ali", "EG"),
}


@pytest.fixture
def expo():
    expo = ExpoFactory(
        slug="cnea",
        name={"zh-hans": "第十二届中国—东北亚博览会", "en": "12th China-Northeast Asia Expo"},
        host_city={"zh-hans": "长春"},
    )
    korean = OrganisationFactory(name={"ko": "금호 Kumho", "en": "Kumho"}, country="KR")
    for language, (name, latin, country) in NAMES.items():
        ParticipantFactory(
            expo=expo, name=name, name_latin=latin, language=language, country=country, organisation=korean
        )
    user = organiser(expo)
    make_deal(expo, by=user, amount="728000000.00", title="长春—Москва")
    make_deal(expo, by=user, amount="93750.00", currency="USD")
    return expo


def _participants(expo):
    return list(
        Participant.objects.filter(expo=expo)
        .select_related("organisation")
        .prefetch_related("roles")
        .order_by("id")
    )


@pytest.mark.parametrize("fmt", [BadgeFormat.A6, BadgeFormat.LABEL])
def test_badges_of_every_language_have_no_tofu(expo, fmt):
    participants = _participants(expo)
    pdf = render_badges(badge_contents(expo, participants, ensure_badges(participants)), fmt=fmt)
    assert tofu(pdf) == []


def test_a_japanese_name_is_set_in_a_japanese_font_whatever_the_holders_language(expo):
    participant = ParticipantFactory(expo=expo, name="山田太郎", language="en", country="JP")
    chinese = ParticipantFactory(expo=expo, name="王伟", language="en", country="CN")
    for person, font in ((participant, JAPANESE), (chinese, CHINESE)):
        person = (
            Participant.objects.select_related("organisation").prefetch_related("roles").get(pk=person.pk)
        )
        for fmt in (BadgeFormat.A6, BadgeFormat.LABEL):
            pdf = render_badges(badge_contents(expo, [person], ensure_badges([person])), fmt=fmt)
            assert fonts_of(pdf, person.name) == {font}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_invitation_letter_in_every_language_has_no_tofu(expo, language):
    participant = next(p for p in _participants(expo) if p.language == language)
    letter = request_letter(
        participant,
        passport_number="e1234567",
        nationality=participant.country.code,
        stay_from=dt.date(2019, 8, 21),
        stay_until=dt.date(2019, 8, 29),
        date_of_birth=dt.date(1980, 5, 1),
    )
    assert tofu(render_letter(letter)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_communique_in_every_language_has_no_tofu(expo, language):
    assert tofu(render_report(expo, file_format="pdf", language=language)) == []
