from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradefair.common.errors import DomainError
from tradefair.deals.domain.access import deals_visible_to
from tradefair.deals.domain.disclosure import set_deal_public
from tradefair.deals.domain.rates import enter_rate, remove_rate
from tradefair.deals.domain.recording import change_status, confirm_deal, declare_deal
from tradefair.deals.forms import DealForm, RateForm, linkable_meetings
from tradefair.deals.models import DealKind, DealStatus, ExchangeRate
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import administers_expo, operates_expo, sees_as_organiser
from tradefair.people.models import RegistrationStatus
from tradefair.people.permissions import participant_of

PAGE_SIZE = 50
MAX_ID = 2**63 - 1


def deal_list(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    deals = deals_visible_to(expo, request.user)
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in DealKind.values:
        deals = deals.filter(kind=kind)
    if status in DealStatus.values:
        deals = deals.filter(status=status)
    unconverted = bool(request.GET.get("unconverted"))
    if unconverted:
        deals = deals.filter(amount__isnull=False, amount_base__isnull=True)
    if request.GET.get("unconfirmed"):
        deals = deals.filter(confirmed_at__isnull=True)
    deals = deals.select_related("project", "ceremony").prefetch_related("party_links__organisation")
    page = Paginator(deals.order_by("-signed_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deals/deal_list.html",
        {
            "expo": expo,
            "page": page,
            "organiser": sees_as_organiser(request.user, expo),
            "can_record": operates_expo(request.user, expo),
            "kinds": DealKind.choices,
            "statuses": DealStatus.choices,
            "selected_kind": kind,
            "selected_status": status,
            "unconverted": unconverted,
        },
    )


@login_required
def deal_new(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    # Only the expo's participants declare deals and organisers record them; the form
    # lists the organisations present, which is nobody else's business.
    participant = participant_of(request.user, expo)
    approved = participant is not None and participant.status == RegistrationStatus.APPROVED
    if not (approved or operates_expo(request.user, expo)):
        raise PermissionDenied
    meeting = None
    initial = {}
    if request.method == "GET" and request.GET.get("meeting"):
        meeting = _meeting_from_agenda(expo, request.user, request.GET["meeting"])
        initial = {
            "meeting": meeting.pk,
            "parties": [
                person.organisation_id
                for person in (meeting.requester, meeting.counterpart)
                if person.organisation_id
            ],
            "signed_on": meeting.slot.starts_at.astimezone(expo.tz).date(),
        }
    form = DealForm(
        request.POST or None,
        expo=expo,
        user=request.user,
        meeting=meeting.pk if meeting else None,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                deal = declare_deal(expo, form.terms(), by=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if deal.confirmed_at:
                    messages.success(request, _("Deal #%(id)s is recorded.") % {"id": deal.pk})
                else:
                    messages.success(
                        request,
                        _("Deal #%(id)s is declared; an organiser will confirm it.") % {"id": deal.pk},
                    )
                if deal.lacks_rate:
                    messages.warning(
                        request,
                        _(
                            "No exchange rate is known for %(currency)s on %(day)s: the deal stays out of the totals."
                        )
                        % {"currency": deal.currency, "day": deal.signed_on},
                    )
                return redirect("deals:list", slug=expo.slug)
        status = 400
    return render(
        request,
        "deals/deal_form.html",
        {"expo": expo, "form": form, "chosen_parties": form.chosen_parties(), "meeting": meeting},
        status=status,
    )


def _meeting_from_agenda(expo, user, value: str):
    """The meeting a "Record a deal" link came from, if the user may link it."""
    if not value.isdigit() or int(value) > MAX_ID:
        raise Http404(_("No such meeting in your agenda."))
    meeting = linkable_meetings(expo, user).filter(pk=int(value)).first()
    if meeting is None:
        raise Http404(_("No such meeting in your agenda."))
    return meeting


@require_POST
def deal_action(request, slug: str, deal_id: int):
    expo = get_visible_expo(slug, request.user)
    if deal_id > MAX_ID:
        raise Http404(_("No such deal."))
    deal = get_object_or_404(deals_visible_to(expo, request.user), pk=deal_id)
    action = request.POST.get("action", "")
    try:
        if action == "confirm":
            confirm_deal(deal, by=request.user)
        elif action in ("public", "private"):
            set_deal_public(deal, public=action == "public", by=request.user)
        elif action in DealStatus.values:
            change_status(deal, status=action, by=request.user)
        else:
            raise DomainError("deal_action", _("Unknown action."))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Deal #%(id)s is updated.") % {"id": deal.pk})
    return redirect("deals:list", slug=expo.slug)


def rates_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    # Every organiser reads the rates; entering and removing them is for admins: a rate
    # changes every converted figure of the results.
    if not sees_as_organiser(request.user, expo):
        raise Http404(_("Only the expo's organisers see exchange rates."))
    form = RateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not administers_expo(request.user, expo):
            raise PermissionDenied
        if request.POST.get("remove"):
            remove = request.POST["remove"]
            if not remove.isdigit() or int(remove) > MAX_ID:
                raise Http404(_("No such rate."))
            entry = get_object_or_404(ExchangeRate, expo=expo, pk=int(remove))
            remove_rate(entry, by=request.user)
            messages.success(request, _("The rate is removed; the deals are converted again."))
            return redirect("deals:rates", slug=expo.slug)
        if form.is_valid():
            try:
                enter_rate(expo, **form.cleaned_data, by=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The rate is saved; the deals are converted again."))
                return redirect("deals:rates", slug=expo.slug)
        status = 400
    missing = (
        deals_visible_to(expo, request.user)
        .filter(amount__isnull=False, amount_base__isnull=True)
        .values_list("currency", flat=True)
        .distinct()
        .order_by("currency")
    )
    page = Paginator(expo.exchange_rates.order_by("currency", "-valid_from"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "deals/rates.html",
        {
            "expo": expo,
            "form": form,
            "page": page,
            "missing": list(missing),
            "can_enter": administers_expo(request.user, expo),
        },
        status=status,
    )
