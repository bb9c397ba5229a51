from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tradefair.catalog.domain import booths as booth_actions
from tradefair.catalog.domain import errors as booth_errors
from tradefair.catalog.domain import exhibitor_editing as editing
from tradefair.catalog.domain import planning
from tradefair.catalog.domain.errors import Forbidden
from tradefair.catalog.domain.exhibitor_list import (
    exhibitor_countries,
    exhibitor_list,
    exhibitor_list_page_rows,
)
from tradefair.catalog.domain.exhibitor_page import get_exhibitor, visible_contacts
from tradefair.catalog.domain.floor_plan import floor_plan
from tradefair.catalog.domain.search import search
from tradefair.catalog.forms import ExhibitorForm, ProductForm, ProjectForm
from tradefair.catalog.models import BoothAssignment, Exhibitor, InvestmentProject, Product, SearchKind
from tradefair.common.errors import DomainError, NotFound
from tradefair.common.i18n import localize
from tradefair.common.numbers import page_number as page_of
from tradefair.common.numbers import row_id
from tradefair.common.regions import country_choices, country_name
from tradefair.common.taxonomy import ISIC_SECTIONS
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.models import Booth, BoothStatus

PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 20
MEETING_URL_NAME = "matchmaking:request-meeting"


def exhibitor_list_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    country = request.GET.get("country", "")
    pavilion = request.GET.get("pavilion", "")
    status = 200
    try:
        exhibitors = exhibitor_list(expo, country=country, pavilion=pavilion)
    except DomainError as error:
        messages.error(request, error.message)
        exhibitors = exhibitor_list(expo)
        country, pavilion, status = "", "", 400
    page = Paginator(exhibitor_list_page_rows(exhibitors), PAGE_SIZE).get_page(request.GET.get("page"))
    countries = country_choices(exhibitor_countries(expo))
    return render(
        request,
        "catalog/exhibitor_list.html",
        {
            "expo": expo,
            "page": page,
            "countries": countries,
            "pavilions": expo.pavilions.order_by("position", "id"),
            "selected_country": country.upper(),
            "selected_pavilion": str(pavilion),
        },
        status=status,
    )


def _exhibitor_or_404(expo, pk):
    try:
        return get_exhibitor(expo, pk)
    except NotFound as error:
        raise Http404(error.message) from None


def _meeting_url(expo, exhibitor) -> str:
    """The matchmaking part's entry point, or "" while it does not exist."""
    try:
        return reverse(MEETING_URL_NAME, kwargs={"slug": expo.slug, "exhibitor_id": exhibitor.pk})
    except NoReverseMatch:
        return ""


def exhibitor_page(request, slug: str, pk: int):
    expo = get_visible_expo(slug, request.user)
    exhibitor = _exhibitor_or_404(expo, pk)
    can_assign = request.user.has_perm("catalog.assign_booths", expo)
    return render(
        request,
        "catalog/exhibitor_page.html",
        {
            "expo": expo,
            "exhibitor": exhibitor,
            "products": list(exhibitor.products.all()),
            "projects": list(exhibitor.projects.all()),
            "booths": list(exhibitor.booths.all()),
            "contacts": visible_contacts(exhibitor, request.user),
            "can_edit": request.user.has_perm("catalog.edit_exhibitor", exhibitor),
            "meeting_url": _meeting_url(expo, exhibitor),
            "free_booths": _free_booths(expo, exhibitor) if can_assign else None,
        },
    )


def _free_booths(expo, exhibitor):
    """The booths an organiser may give by hand: free ones of the exhibitor's pavilion first."""
    booths = (
        Booth.objects.filter(hall__expo=expo, status=BoothStatus.AVAILABLE, assignment__isnull=True)
        .select_related("hall")
        .order_by("hall__code", "code")
    )
    if exhibitor.pavilion_id:
        booths = booths.filter(pavilion_id=exhibitor.pavilion_id)
    return list(booths[:300])


@require_POST
def exhibitor_booths(request, slug: str, pk: int):
    """An organiser gives a booth by hand, or frees one."""
    expo = get_visible_expo(slug, request.user)
    exhibitor = _exhibitor_or_404(expo, pk)
    booth = get_object_or_404(
        Booth.objects.select_related("hall__expo"), pk=request.POST.get("booth") or 0, hall__expo=expo
    )
    try:
        if request.POST.get("action") == "release":
            if not exhibitor.booth_assignments.filter(booth=booth).exists():
                raise DomainError("not_this_exhibitor", _("This booth is not this exhibitor's."))
            booth_actions.unassign_booth(booth, by=request.user)
            messages.success(request, _("Booth %(code)s is free again.") % {"code": booth.code})
        else:
            booth_actions.assign_booth(booth, exhibitor, by=request.user)
            messages.success(request, _("Booth %(code)s has been assigned.") % {"code": booth.code})
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("catalog:exhibitor", args=[expo.slug, exhibitor.pk]) + "#booth")


def _editable_exhibitor(request, slug, pk):
    expo = get_visible_expo(slug, request.user)
    exhibitor = _exhibitor_or_404(expo, pk)
    if not request.user.has_perm("catalog.edit_exhibitor", exhibitor):
        raise PermissionDenied(_("Only the exhibitor's own people and the organisers may change this page."))
    return expo, exhibitor


def _run(form, action) -> bool:
    try:
        action()
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    return True


def exhibitor_edit(request, slug: str, pk: int):
    expo, exhibitor = _editable_exhibitor(request, slug, pk)
    initial = {
        "profile": exhibitor.profile,
        "contact_name": exhibitor.contact_name,
        "contact_email": exhibitor.contact_email,
        "contact_phone": exhibitor.contact_phone,
        "contact_visibility": exhibitor.contact_visibility,
    }
    form = ExhibitorForm(request.POST or None, initial=initial, languages=expo.languages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def action():
            editing.update_exhibitor(
                exhibitor,
                by=request.user,
                profile=form.translations("profile"),
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                contact_visibility=data["contact_visibility"],
            )

        if _run(form, action):
            messages.success(request, _("The exhibitor page has been saved."))
            return redirect("catalog:exhibitor", slug=expo.slug, pk=exhibitor.pk)
    title = _("Edit the page of %(name)s") % {"name": exhibitor.organisation.legal_name}
    return _form_page(request, expo, exhibitor, form, title)


def _form_page(request, expo, exhibitor, form, title, *, delete_url: str = ""):
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "catalog/edit_form.html",
        {"expo": expo, "exhibitor": exhibitor, "form": form, "title": title, "delete_url": delete_url},
        status=status,
    )


def product_edit(request, slug: str, pk: int, product_id: int | None = None):
    expo, exhibitor = _editable_exhibitor(request, slug, pk)
    product = get_object_or_404(Product, pk=product_id, exhibitor=exhibitor) if product_id else None
    initial = (
        {"name": product.name, "description": product.description, "hs_code": product.hs_code}
        if product
        else {}
    )
    form = ProductForm(request.POST or None, initial=initial, languages=expo.languages)
    if request.method == "POST" and form.is_valid():
        fields = {
            "name": form.translations("name"),
            "description": form.translations("description"),
            "hs_code": form.cleaned_data["hs_code"],
        }
        if product:
            saved = _run(form, lambda: editing.update_product(product, by=request.user, **fields))
        else:
            saved = _run(form, lambda: editing.add_product(exhibitor, by=request.user, **fields))
        if saved:
            messages.success(request, _("The product has been saved."))
            return redirect("catalog:exhibitor", slug=expo.slug, pk=exhibitor.pk)
    title = _("Edit a product") if product else _("Add a product")
    delete_url = (
        reverse("catalog:product-delete", args=[expo.slug, exhibitor.pk, product.pk]) if product else ""
    )
    return _form_page(request, expo, exhibitor, form, title, delete_url=delete_url)


@require_POST
def product_delete(request, slug: str, pk: int, product_id: int):
    expo, exhibitor = _editable_exhibitor(request, slug, pk)
    product = get_object_or_404(Product, pk=product_id, exhibitor=exhibitor)
    editing.remove_product(product, by=request.user)
    messages.success(request, _("The product has been removed."))
    return redirect("catalog:exhibitor", slug=expo.slug, pk=exhibitor.pk)


def project_edit(request, slug: str, pk: int, project_id: int | None = None):
    expo, exhibitor = _editable_exhibitor(request, slug, pk)
    project = get_object_or_404(InvestmentProject, pk=project_id, exhibitor=exhibitor) if project_id else None
    initial = {"currency": expo.base_currency, "country": expo.host_country}
    if project:
        initial = {
            "name": project.name,
            "description": project.description,
            "location": project.location,
            "isic_section": project.isic_section,
            "amount_sought": project.amount_sought,
            "currency": project.currency,
            "country": project.country.code,
            "stage": project.stage,
        }
    form = ProjectForm(request.POST or None, initial=initial, languages=expo.languages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "name": form.translations("name"),
            "description": form.translations("description"),
            "location": form.translations("location"),
            "isic_section": data["isic_section"],
            "amount_sought": data["amount_sought"],
            "currency": data["currency"].upper(),
            "country": data["country"].upper(),
            "stage": data["stage"],
        }
        if project:
            saved = _run(form, lambda: editing.update_project(project, by=request.user, **fields))
        else:
            saved = _run(form, lambda: editing.add_project(exhibitor, by=request.user, **fields))
        if saved:
            messages.success(request, _("The investment project has been saved."))
            return redirect("catalog:exhibitor", slug=expo.slug, pk=exhibitor.pk)
    title = _("Edit an investment project") if project else _("Add an investment project")
    return _form_page(request, expo, exhibitor, form, title)


def search_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    query = request.GET.get("q", "").strip()
    filters = {
        name: request.GET.get(name, "")
        for name in ("kind", "country", "pavilion", "hs_section", "isic_section")
    }
    page_number = page_of(request.GET.get("page"))
    result, status = None, 200
    if query:
        try:
            result = search(
                expo,
                query=query,
                offset=(page_number - 1) * SEARCH_PAGE_SIZE,
                limit=SEARCH_PAGE_SIZE,
                **filters,
            )
        except DomainError as error:
            messages.error(request, error.message)
            status = 400
    pavilions = {str(p.pk): localize(p.name, expo.languages) for p in expo.pavilions.all()}
    facets = _facets(query, filters, result, pavilions) if result else []
    hits = []
    if result:
        owner_ids = {
            hit.exhibitor_id for hit in result.hits if hit.kind != SearchKind.EXHIBITOR and hit.exhibitor_id
        }
        owners = {
            exhibitor.pk: localize(exhibitor.organisation.name, expo.languages)
            for exhibitor in Exhibitor.objects.filter(pk__in=owner_ids).select_related("organisation")
        }
        hits = [
            (
                hit,
                pavilions.get(str(hit.pavilion), ""),
                owners.get(hit.exhibitor_id, "") if hit.kind != "exhibitor" else "",
            )
            for hit in result.hits
        ]
    has_next = bool(result) and page_number * SEARCH_PAGE_SIZE < result.count
    return render(
        request,
        "catalog/search.html",
        {
            "expo": expo,
            "query": query,
            "result": result,
            "facets": facets,
            "hits": hits,
            "page_number": page_number,
            "has_next": has_next,
        },
        status=status,
    )


FACET_TITLES = {
    "kind": gettext_lazy("Kind"),
    "country": gettext_lazy("Country or region"),
    "pavilion": gettext_lazy("Pavilion"),
    "hs_section": gettext_lazy("HS section"),
    "isic_section": gettext_lazy("ISIC section"),
}


def _facets(query: str, filters: dict, result, pavilions: dict) -> list[dict]:
    """Each facet's values with their counts and the link that selects (or clears) them."""

    def href(**changes) -> str:
        params = {"q": query, **{k: v for k, v in filters.items() if v}, **changes}
        return "?" + urlencode([(k, v) for k, v in params.items() if v])

    labels = {
        "kind": dict(SearchKind.choices),
        "country": {code: country_name(code) for code in result.facets["country"]},
        "pavilion": pavilions,
        "hs_section": {},
        "isic_section": {code: f"{code} · {name}" for code, name in ISIC_SECTIONS.items()},
    }
    facets = []
    for name, counts in result.facets.items():
        if not counts:
            continue
        values = []
        for value, count in list(counts.items())[:12]:
            label = labels[name].get(value) or (_("Section %(section)s") % {"section": value})
            values.append(
                {
                    "label": label,
                    "count": count,
                    "href": href(**{name: value}),
                    "selected": value == filters[name],
                }
            )
        facets.append(
            {
                "title": FACET_TITLES[name],
                "values": values,
                "clear": href(**{name: ""}) if filters[name] else "",
            }
        )
    return facets


ZOOMS = ("1", "2", "4")


def _plan_query(**params) -> str:
    return "?" + urlencode([(k, v) for k, v in params.items() if v not in (None, "")])


def _floor_plan_context(request, expo, *, hall_code: str, selected_id, source_id, query: str, zoom: str):
    plan = floor_plan(expo, hall_code=hall_code, highlight_booth=selected_id)
    can_assign = request.user.has_perm("catalog.assign_booths", expo)
    context = {
        "expo": expo,
        "plan": plan,
        "can_assign": can_assign,
        "zoom": zoom,
        "zooms": [(z, _plan_query(hall=plan.hall.code, booth=selected_id, zoom=z)) for z in ZOOMS],
        "rows": [(shape, "") for shape in plan.booths],
    }
    if not can_assign:
        return context
    shapes = {shape.id: shape for shape in plan.booths}
    base = {"hall": plan.hall.code, "zoom": zoom if zoom != "1" else ""}
    links = {
        shape.id: _plan_query(**base, source=source_id, booth=shape.id) + "#panel" for shape in plan.booths
    }
    selected = planning.booth_of_expo(expo, selected_id)
    source = planning.booth_of_expo(expo, source_id)
    proposal = planning.proposal_view(expo)
    waiting, waiting_count = planning.waiting_exhibitors(expo)
    context.update(
        {
            "rows": [(shape, links[shape.id]) for shape in plan.booths],
            "selected": selected,
            "selected_shape": shapes.get(selected.pk) if selected else None,
            "selected_occupant": _occupant_of(selected),
            "source": source,
            "source_occupant": _occupant_of(source),
            "query": query,
            "candidates": planning.find_exhibitors(expo, query) if selected and query else [],
            "waiting": waiting,
            "waiting_count": waiting_count,
            "proposal": proposal,
            "proposed_here": proposal.by_booth.get(selected.pk, "") if proposal and selected else "",
            "one_booth_each": booth_actions.one_booth_each(expo),
            "can_set_rule": request.user.has_perm("catalog.set_booth_rule", expo),
            "base": base,
            "cancel_url": _plan_query(**base, booth=source_id) + "#panel" if source else "",
        }
    )
    return context


def _occupant_of(booth):
    if booth is None:
        return None
    assignment = BoothAssignment.objects.select_related("exhibitor__organisation").filter(booth=booth).first()
    return assignment.exhibitor if assignment else None


def _render_plan(request, expo, *, status=200, **where):
    try:
        context = _floor_plan_context(request, expo, **where)
    except NotFound as error:
        if error.code == "no_halls":
            return render(request, "catalog/floor_plan.html", {"expo": expo, "plan": None})
        raise Http404(error.message) from None
    return render(request, "catalog/floor_plan.html", context, status=status)


def _where(data) -> dict:
    zoom = data.get("zoom", "1")
    return {
        "hall_code": data.get("hall", ""),
        "selected_id": row_id(data.get("booth", "")),
        "source_id": row_id(data.get("source", "")),
        "query": data.get("q", "")[:200],
        "zoom": zoom if zoom in ZOOMS else "1",
    }


def floor_plan_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    return _render_plan(request, expo, **_where(request.GET))


def _expected(value):
    """What the page saw in a booth: an exhibitor's id, free ("0"), or not said."""
    text = str(value if value is not None else "").strip()
    if text == "0":
        return booth_actions.FREE
    return row_id(text) if text else booth_actions.UNCHECKED


def _booth_or_400(expo, value):
    booth = planning.booth_of_expo(expo, row_id(value))
    if booth is None:
        raise DomainError("unknown_booth", _("Choose a booth of this expo."))
    return booth


@require_POST
def floor_plan_action(request, slug: str):
    """One organiser action on the plan: assign, move, swap or unassign. Success goes back
    to the plan with the booth selected; a refusal shows the plan with the reason, as 400,
    or 409 when the page was out of date."""
    expo = get_visible_expo(slug, request.user)
    data = request.POST
    action = data.get("action", "")
    where = _where(data)
    try:
        booth = _booth_or_400(expo, data.get("booth"))
        if action == "assign":
            exhibitor = Exhibitor.objects.filter(expo=expo, pk=row_id(data.get("exhibitor", ""))).first()
            if exhibitor is None:
                raise DomainError("unknown_exhibitor", _("Choose an exhibitor of this expo."))
            booth_actions.assign_booth(
                booth, exhibitor, by=request.user, expected_occupant=_expected(data.get("expected"))
            )
            done = _("Booth %(code)s has been assigned.") % {"code": booth.code}
            shown = booth
        elif action == "move":
            target = _booth_or_400(expo, data.get("target"))
            booth_actions.move_booth(
                booth,
                target,
                by=request.user,
                expected_occupant=_expected(data.get("expected")),
                expected_target=_expected(data.get("expected_target", "0")),
            )
            done = _("The exhibitor has moved from booth %(from)s to booth %(to)s.") % {
                "from": booth.code,
                "to": target.code,
            }
            shown = target
        elif action == "swap":
            target = _booth_or_400(expo, data.get("target"))
            booth_actions.swap_booths(
                booth,
                target,
                by=request.user,
                expected_first=_expected(data.get("expected")),
                expected_second=_expected(data.get("expected_target")),
            )
            done = _("Booths %(first)s and %(second)s have been swapped.") % {
                "first": booth.code,
                "second": target.code,
            }
            shown = target
        elif action == "unassign":
            booth_actions.unassign_booth(
                booth, by=request.user, expected_occupant=_expected(data.get("expected"))
            )
            done = _("Booth %(code)s is free again.") % {"code": booth.code}
            shown = booth
        else:
            raise DomainError("unknown_action", _("Choose assign, move, swap or unassign."))
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
        where["source_id"] = None
        return _render_plan(request, expo, status=error.status, **where)
    messages.success(request, done)
    url = reverse("catalog:floor-plan", args=[expo.slug])
    query = _plan_query(
        hall=shown.hall.code, booth=shown.pk, zoom=where["zoom"] if where["zoom"] != "1" else ""
    )
    return redirect(url + query + "#panel")


def _back_to_plan(expo, data):
    url = reverse("catalog:floor-plan", args=[expo.slug])
    return redirect(url + _plan_query(hall=data.get("hall", "")) + "#proposal")


@require_POST
def propose_booths_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    try:
        proposal = booth_actions.propose_booths(expo, by=request.user)
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    placed = proposal.moves.count()
    messages.success(
        request,
        ngettext(
            "A booth is proposed for %(count)s exhibitor. Nothing is assigned until you accept a pavilion.",
            "Booths are proposed for %(count)s exhibitors. Nothing is assigned until you accept a pavilion.",
            placed,
        )
        % {"count": placed},
    )
    return _back_to_plan(expo, request.POST)


def _check_planner(request, expo) -> None:
    """Asked first, so that whoever may not plan learns nothing of the proposal's state."""
    if not request.user.has_perm("catalog.assign_booths", expo):
        raise PermissionDenied(_("Only the organisers assign booths."))


def _proposal_and_pavilion(expo, data, *, pavilion_needed: bool):
    proposal = booth_actions.current_proposal(expo)
    if proposal is None:
        raise booth_errors.Conflict(
            "proposal_gone",
            _("This proposal has been accepted or discarded meanwhile; look at the plan again."),
        )
    pavilion = expo.pavilions.filter(pk=row_id(data.get("pavilion", ""))).first()
    if pavilion is None and (pavilion_needed or data.get("pavilion")):
        raise DomainError("unknown_pavilion", _("Choose a pavilion of this expo."))
    return proposal, pavilion


@require_POST
def accept_proposal_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _check_planner(request, expo)
    try:
        proposal, pavilion = _proposal_and_pavilion(expo, request.POST, pavilion_needed=True)
        result = booth_actions.accept_proposal(proposal, pavilion=pavilion, by=request.user)
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
        return _render_plan(request, expo, status=error.status, **_where(request.POST))
    messages.success(
        request,
        ngettext(
            "%(pavilion)s: %(count)s booth has been assigned.",
            "%(pavilion)s: %(count)s booths have been assigned.",
            len(result.assigned),
        )
        % {"pavilion": localize(pavilion.name, expo.languages), "count": len(result.assigned)},
    )
    if result.skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s proposed booth was skipped: the booth or its exhibitor was placed meanwhile.",
                "%(count)s proposed booths were skipped: the booth or its exhibitor was placed meanwhile.",
                len(result.skipped),
            )
            % {"count": len(result.skipped)},
        )
    return _back_to_plan(expo, request.POST)


@require_POST
def discard_proposal_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _check_planner(request, expo)
    try:
        proposal, pavilion = _proposal_and_pavilion(expo, request.POST, pavilion_needed=False)
        booth_actions.discard_proposal(proposal, pavilion=pavilion, by=request.user)
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
        return _render_plan(request, expo, status=error.status, **_where(request.POST))
    messages.success(request, _("The proposal has been discarded."))
    return _back_to_plan(expo, request.POST)


@require_POST
def booth_rule_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    try:
        booth_actions.set_booth_rule(
            expo, one_booth_per_exhibitor=request.POST.get("one_booth_per_exhibitor") == "on", by=request.user
        )
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
        return _render_plan(request, expo, status=error.status, **_where(request.POST))
    messages.success(request, _("The booth rule has been saved."))
    return _back_to_plan(expo, request.POST)
