"""What an exhibitor (or an organiser on its behalf) changes on its page: profile,
contacts and their visibility, products, investment projects. Every change is checked
against ``catalog.edit_exhibitor``, audited, and copied into the search index."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.catalog.domain.errors import Forbidden
from tradefair.catalog.domain.search_index import index_exhibitor, index_product, index_project, unindex
from tradefair.catalog.models import ContactVisibility, Exhibitor, InvestmentProject, Product, SearchKind
from tradefair.catalog.models.project import ProjectStage
from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError
from tradefair.common.i18n import clean_translations
from tradefair.common.numbers import NumberRefused, storable_for
from tradefair.common.regions import is_valid_code
from tradefair.common.taxonomy import ISIC_SECTIONS, validate_hs_code

UNSET = object()


def check_can_edit(user, exhibitor: Exhibitor) -> None:
    if not user.has_perm("catalog.edit_exhibitor", exhibitor):
        raise Forbidden(
            "forbidden", _("Only the exhibitor's own people and the organisers may change this page.")
        )


def update_exhibitor(
    exhibitor: Exhibitor,
    *,
    by,
    profile=UNSET,
    contact_name=UNSET,
    contact_email=UNSET,
    contact_phone=UNSET,
    contact_visibility=UNSET,
) -> Exhibitor:
    check_can_edit(by, exhibitor)
    changes: dict = {}
    if profile is not UNSET:
        changes["profile"] = clean_translations(profile, field=_("Profile"), max_length=5000)
    if contact_name is not UNSET:
        changes["contact_name"] = (contact_name or "").strip()[:200]
    if contact_email is not UNSET:
        email = (contact_email or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise DomainError(
                    "bad_email", _("“%(email)s” is not an e-mail address.") % {"email": email}
                ) from None
        changes["contact_email"] = email
    if contact_phone is not UNSET:
        changes["contact_phone"] = (contact_phone or "").strip()[:40]
    if contact_visibility is not UNSET:
        if contact_visibility not in ContactVisibility.values:
            raise DomainError(
                "bad_visibility",
                _("Contact visibility is one of: %(values)s.")
                % {"values": ", ".join(ContactVisibility.values)},
            )
        changes["contact_visibility"] = contact_visibility
    with transaction.atomic():
        exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
        for name, value in changes.items():
            setattr(exhibitor, name, value)
        exhibitor.save(update_fields=list(changes) or None)
        log_action(exhibitor, "exhibitor.updated", actor=by, data={"fields": sorted(changes)})
        index_exhibitor(exhibitor)
    exhibitor.refresh_from_db()
    return exhibitor


def _hs_code(code) -> str:
    code = str(code or "").strip()
    try:
        validate_hs_code(code)
    except ValidationError as error:
        raise DomainError("bad_hs_code", " ".join(error.messages)) from None
    return code


def add_product(exhibitor: Exhibitor, *, by, name, hs_code, description=None) -> Product:
    check_can_edit(by, exhibitor)
    product = Product(
        exhibitor=exhibitor,
        name=clean_translations(name, field=_("Name"), required=True, max_length=200),
        hs_code=_hs_code(hs_code),
        description=clean_translations(description, field=_("Description"), max_length=5000),
    )
    with transaction.atomic():
        product.save()
        log_action(product, "product.added", actor=by, data={"exhibitor": exhibitor.pk})
        index_product(product)
    product.refresh_from_db()
    return product


def update_product(product: Product, *, by, name=UNSET, hs_code=UNSET, description=UNSET) -> Product:
    check_can_edit(by, product.exhibitor)
    with transaction.atomic():
        if name is not UNSET:
            product.name = clean_translations(name, field=_("Name"), required=True, max_length=200)
        if hs_code is not UNSET:
            product.hs_code = _hs_code(hs_code)
        if description is not UNSET:
            product.description = clean_translations(description, field=_("Description"), max_length=5000)
        product.save()
        log_action(product, "product.updated", actor=by)
        index_product(product)
    product.refresh_from_db()
    return product


def remove_product(product: Product, *, by) -> None:
    exhibitor = product.exhibitor
    check_can_edit(by, exhibitor)
    with transaction.atomic():
        log_action(product, "product.removed", actor=by, data={"exhibitor": exhibitor.pk})
        unindex(SearchKind.PRODUCT, product.pk)
        product.delete()
        index_exhibitor(exhibitor)


def _project_fields(
    *, name, description, isic_section, country, amount_sought, currency, stage, location
) -> dict:
    fields: dict = {}
    if name is not UNSET:
        fields["name"] = clean_translations(name, field=_("Name"), required=True, max_length=200)
    if description is not UNSET:
        fields["description"] = clean_translations(description, field=_("Description"), max_length=5000)
    if location is not UNSET:
        fields["location"] = clean_translations(location, field=_("Location"), max_length=200)
    if isic_section is not UNSET:
        if isic_section not in ISIC_SECTIONS:
            raise DomainError("unknown_isic_section", _("Give an ISIC section as a letter from A to U."))
        fields["isic_section"] = isic_section
    if country is not UNSET:
        if not is_valid_code(country or ""):
            raise DomainError(
                "unknown_country", _("“%(code)s” is not a country or region code.") % {"code": country}
            )
        fields["country"] = country.upper()
    if amount_sought is not UNSET:
        try:
            fields["amount_sought"] = storable_for(
                InvestmentProject._meta.get_field("amount_sought"), amount_sought
            )
        except NumberRefused as refused:
            raise DomainError("bad_amount", refused.message) from None
    if currency is not UNSET:
        if not (
            isinstance(currency, str) and len(currency) == 3 and currency.isalpha() and currency.isupper()
        ):
            raise DomainError("bad_currency", _("Give an ISO 4217 currency code such as CNY."))
        fields["currency"] = currency
    if stage is not UNSET:
        if stage not in ProjectStage.values:
            raise DomainError(
                "bad_stage",
                _("The stage is one of: %(values)s.") % {"values": ", ".join(ProjectStage.values)},
            )
        fields["stage"] = stage
    return fields


def add_project(
    exhibitor: Exhibitor,
    *,
    by,
    name,
    isic_section,
    amount_sought,
    currency="CNY",
    country=None,
    description=None,
    location=None,
    stage=ProjectStage.CONCEPT,
) -> InvestmentProject:
    check_can_edit(by, exhibitor)
    fields = _project_fields(
        name=name,
        description=description,
        isic_section=isic_section,
        country=country or exhibitor.expo.host_country,
        amount_sought=amount_sought,
        currency=currency,
        stage=stage,
        location=location,
    )
    with transaction.atomic():
        project = InvestmentProject.objects.create(
            expo=exhibitor.expo, owner=exhibitor.organisation, exhibitor=exhibitor, **fields
        )
        log_action(project, "project.added", actor=by, data={"exhibitor": exhibitor.pk})
        index_project(project)
    project.refresh_from_db()
    return project


def update_project(project: InvestmentProject, *, by, **changes) -> InvestmentProject:
    if project.exhibitor is None:
        raise Forbidden("forbidden", _("Only the organisers may change a project without an exhibitor."))
    check_can_edit(by, project.exhibitor)
    names = (
        "name",
        "description",
        "isic_section",
        "country",
        "amount_sought",
        "currency",
        "stage",
        "location",
    )
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"unknown project fields {sorted(unknown)}")
    fields = _project_fields(**{name: changes.get(name, UNSET) for name in names})
    with transaction.atomic():
        for name, value in fields.items():
            setattr(project, name, value)
        project.save()
        log_action(project, "project.updated", actor=by, data={"fields": sorted(fields)})
        index_project(project)
    project.refresh_from_db()
    return project
