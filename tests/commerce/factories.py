"""Commerce objects for tests, built through the domain functions where an action makes
them (an order and its invoice come from an approval)."""

from decimal import Decimal

from tests.factories import ExpoFactory, PavilionFactory, UserFactory
from tradefair.commerce.domain.applications import ApplicationForm, review_application, submit_application
from tradefair.commerce.models import BoothPackage, CommerceSettings, Extra
from tradefair.expos.models import OrganiserLevel


def make_package(expo, **values) -> BoothPackage:
    defaults = {
        "name": {"en": "Standard shell scheme booth", "zh-hans": "标准展位"},
        "space_type": "shell",
        "area_m2": Decimal("9"),
        "price": Decimal("12800.00"),
        "tax_rate": Decimal("6.00"),
        "staff_badges": 3,
    }
    return BoothPackage.objects.create(expo=expo, **{**defaults, **values})


def make_extra(expo, **values) -> Extra:
    defaults = {
        "name": {"en": "Extra staff badge", "zh-hans": "额外工作证"},
        "price": Decimal("300.00"),
        "staff_badges": 1,
    }
    return Extra.objects.create(expo=expo, **{**defaults, **values})


def commerce_world(**expo_values) -> dict:
    expo = ExpoFactory(**expo_values)
    CommerceSettings.objects.create(
        expo=expo,
        seller_name={"zh-hans": "中国—东北亚博览会组委会", "en": "China-Northeast Asia Expo Committee"},
        seller_address={"zh-hans": "长春市南关区"},
        tax_id="91220100MA0Y123456",
        bank_name="Bank of China, Changchun",
        bank_account="1234 5678 9012",
        invoice_prefix="CNEA-",
    )
    organiser = UserFactory(username=f"admin-{expo.slug}")
    expo.organisers.add(organiser)
    finance = UserFactory(username=f"finance-{expo.slug}")
    expo.organisers.add(finance, through_defaults={"level": OrganiserLevel.FINANCE})
    return {
        "expo": expo,
        "organiser": organiser,
        "finance": finance,
        "pavilion": PavilionFactory(expo=expo),
        "package": make_package(expo),
        "extra": make_extra(expo),
    }


def application_data(world, **values) -> ApplicationForm:
    defaults = {
        "organisation_name": "Jilin Rail Works Co., Ltd.",
        "country": "CN",
        "address": "88 Renmin St, Changchun",
        "package_id": world["package"].pk,
        "pavilion_id": world["pavilion"].pk,
        "area_m2": "9",
        "products": "Railway couplers",
        "hs_codes": ["860711"],
        "contact_name": "Wang Fang",
        "contact_email": "wang@example.com",
        "language": "ru",
    }
    return ApplicationForm(**{**defaults, **values})


def submitted(world, user=None, **values):
    user = user or UserFactory()
    return submit_application(world["expo"], application_data(world, **values), by=user)


def approved(world, user=None, **values):
    application = submitted(world, user, **values)
    return review_application(application, decision="approve", by=world["organiser"])
