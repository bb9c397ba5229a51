import pytest
from django.db.models import Count

from tradefair.catalog.models import BoothAssignment, Exhibitor, Product
from tradefair.common.errors import DomainError
from tradefair.demo.generator import DemoSize, generate_demo
from tradefair.expos.domain.figures import expo_figures
from tradefair.expos.models import Booth, Expo
from tradefair.people.models import Need, Offer, Participant, Role
from tradefair.program.models import Event

pytestmark = pytest.mark.django_db


def _fingerprint(expo: Expo) -> list:
    """The demo's content without keys or timestamps, to compare two runs."""
    participants = list(
        Participant.objects.filter(expo=expo)
        .order_by("id")
        .values_list("name", "name_latin", "country", "organisation__legal_name", "arrival", "departure")
    )
    offers = list(Offer.objects.filter(participant__expo=expo).order_by("id").values_list("hs_code", "text"))
    needs = list(Need.objects.filter(participant__expo=expo).order_by("id").values_list("hs_code", "text"))
    booths = list(
        Booth.objects.filter(hall__expo=expo).order_by("id").values_list("code", "area_m2", "x_m", "y_m")
    )
    products = list(
        Product.objects.filter(exhibitor__expo=expo).order_by("id").values_list("hs_code", "name")
    )
    return [participants, offers, needs, booths, [(code, str(name)) for code, name in products]]


def test_the_demo_has_the_counts_it_was_asked_for():
    expo = generate_demo(DemoSize(merchants=120, exhibitors=30, countries=15, seed=3, slug="small"))
    figures = expo_figures(expo)
    assert (figures.merchants, figures.exhibitors, figures.countries_and_regions) == (120, 30, 15)
    assert figures.participants == 150
    assert Exhibitor.objects.filter(expo=expo, pavilion__isnull=True).count() == 0
    assert BoothAssignment.objects.filter(exhibitor__expo=expo).values("exhibitor").distinct().count() == 30


def test_the_same_seed_gives_the_same_expo_and_another_seed_another():
    first = generate_demo(DemoSize(merchants=80, exhibitors=20, countries=12, seed=7, slug="first"))
    second = generate_demo(DemoSize(merchants=80, exhibitors=20, countries=12, seed=7, slug="second"))
    third = generate_demo(DemoSize(merchants=80, exhibitors=20, countries=12, seed=8, slug="third"))
    assert _fingerprint(first) == _fingerprint(second)
    assert _fingerprint(first) != _fingerprint(third)


def test_the_demo_follows_the_regions_complementarity():
    expo = generate_demo(DemoSize(merchants=400, exhibitors=60, countries=10, seed=5, slug="complement"))
    russian_offers = Offer.objects.filter(participant__expo=expo, participant__country="RU")
    resource_chapters = {"26", "27", "44", "02", "03", "04"}
    share = sum(code[:2] in resource_chapters for code in russian_offers.values_list("hs_code", flat=True))
    assert share / russian_offers.count() > 0.6


def test_the_demo_speaks_the_regions_scripts_and_has_its_programme():
    expo = generate_demo(DemoSize(merchants=200, exhibitors=40, countries=8, seed=1, slug="scripts"))
    names = " ".join(Participant.objects.filter(expo=expo).values_list("name", flat=True))
    for sample in ("\u4e00", "\uac00", "\u0410"):  # CJK, Hangul, Cyrillic ranges present
        block = {
            "\u4e00": range(0x4E00, 0xA000),
            "\uac00": range(0xAC00, 0xD7A4),
            "\u0410": range(0x0400, 0x0500),
        }
        assert any(ord(ch) in block[sample] for ch in names), sample
    kinds = sorted(Event.objects.filter(expo=expo).values_list("kind", flat=True))
    assert kinds == ["ceremony", "forum", "summit"]  # the signing ceremony comes with the demo deals
    assert any("5G" in str(p.name.localize("en")) for p in expo.pavilions.all())
    assert expo.pavilions.exclude(country="").count() >= 4


def test_every_participant_has_a_role_and_exhibitors_have_products():
    expo = generate_demo(DemoSize(merchants=50, exhibitors=10, countries=6, seed=2, slug="roles"))
    assert Participant.objects.filter(expo=expo).annotate(n=Count("roles")).filter(n=0).count() == 0
    assert Participant.objects.filter(expo=expo, roles__role=Role.EXHIBITOR).count() == 10
    assert Exhibitor.objects.filter(expo=expo).annotate(n=Count("products")).filter(n=0).count() == 0


@pytest.mark.parametrize(
    "size, code",
    [
        (DemoSize(merchants=10, exhibitors=0, countries=3), "demo_size"),
        (DemoSize(merchants=10, exhibitors=5, countries=0), "demo_countries"),
        (DemoSize(merchants=2, exhibitors=1, countries=5), "demo_countries"),
    ],
)
def test_impossible_sizes_are_refused_and_write_nothing(size, code):
    with pytest.raises(DomainError) as error:
        generate_demo(size)
    assert error.value.code == code
    assert Expo.objects.count() == 0


def test_a_slug_cannot_be_loaded_twice():
    generate_demo(DemoSize(merchants=10, exhibitors=3, countries=3, slug="twice"))
    with pytest.raises(DomainError) as error:
        generate_demo(DemoSize(merchants=10, exhibitors=3, countries=3, slug="twice"))
    assert error.value.code == "demo_exists"
    assert Expo.objects.count() == 1
