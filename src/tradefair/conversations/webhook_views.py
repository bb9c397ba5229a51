"""Webhook pages of an expo's administrators: the endpoints, registering one (its secret
shown once), an endpoint with its deliveries, and the buttons to send a test event,
resume, rotate the secret and delete. Each view parses, calls one domain function of
``conversations.domain.webhooks`` (which checks who asks) and renders."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tradefair.common.errors import DomainError
from tradefair.common.events import EVENT_KINDS
from tradefair.conversations.domain import webhooks
from tradefair.conversations.domain.errors import ConversationForbidden, ConversationNotFound
from tradefair.conversations.domain.webhook_labels import EVENT_LABELS
from tradefair.conversations.models import DeliveryStatus
from tradefair.conversations.webhook_tasks import dispatch
from tradefair.expos.domain.visibility import get_visible_expo

DELIVERY_PAGE = 25
SECRET_KEY = "webhook_secret_shown_once"


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=gettext_lazy("Address (URL)"),
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://crm.example.com/tradefair", "dir": "ltr"}),
    )
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=[(kind, EVENT_LABELS[kind]) for kind in EVENT_KINDS],
        widget=forms.CheckboxSelectMultiple,
    )


class PrivateTargetsForm(forms.Form):
    allow_private_targets = forms.BooleanField(
        label=gettext_lazy("Allow private and loopback addresses (and plain HTTP)"), required=False
    )


def _forbidden(error: ConversationForbidden):
    raise PermissionDenied(error.message)


def _endpoint(request, expo, pk: int):
    try:
        return webhooks.get_endpoint(expo, pk, by=request.user)
    except ConversationForbidden as error:
        _forbidden(error)
    except ConversationNotFound as error:
        raise Http404(error.message) from None


def _page_url(slug: str, pk: int | None = None) -> str:
    if pk is None:
        return reverse("conversations:webhooks", kwargs={"slug": slug})
    return reverse("conversations:webhook", kwargs={"slug": slug, "pk": pk})


def _show_secret_once(request, endpoint_pk: int, secret: str) -> None:
    request.session[SECRET_KEY] = {"endpoint": endpoint_pk, "secret": secret}


@login_required
def endpoint_list(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    try:
        endpoints = list(webhooks.endpoints_of(expo, by=request.user))
    except ConversationForbidden as error:
        _forbidden(error)
    form = EndpointForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                endpoint, secret = webhooks.register_endpoint(expo, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error("url" if error.code.startswith("webhook_") else None, error.message)
                status = 400
            else:
                _show_secret_once(request, endpoint.pk, secret)
                messages.success(request, _("The endpoint is registered."))
                return redirect(_page_url(slug, endpoint.pk))
        else:
            status = 400
    settings_row = webhooks.webhook_settings(expo)
    return render(
        request,
        "conversations/webhooks/list.html",
        {
            "expo": expo,
            "endpoints": [
                (item, [EVENT_LABELS[k] for k in item.events if k in EVENT_LABELS]) for item in endpoints
            ],
            "form": form,
            "settings_form": PrivateTargetsForm(
                initial={"allow_private_targets": settings_row.allow_private_targets}
            ),
            "allow_private": settings_row.allow_private_targets,
        },
        status=status,
    )


@login_required
@require_POST
def private_targets(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    form = PrivateTargetsForm(request.POST)
    form.is_valid()
    allowed = bool(form.cleaned_data.get("allow_private_targets"))
    try:
        webhooks.set_private_targets(expo, by=request.user, allowed=allowed)
    except ConversationForbidden as error:
        _forbidden(error)
    messages.success(
        request,
        _("Private addresses are now allowed for this expo's webhooks.")
        if allowed
        else _("Webhooks may reach public addresses only."),
    )
    return redirect(_page_url(slug))


@login_required
def endpoint_page(request, slug: str, pk: int):
    expo = get_visible_expo(slug, request.user)
    endpoint = _endpoint(request, expo, pk)
    form = EndpointForm(
        request.POST or None,
        initial={"url": endpoint.url, "description": endpoint.description, "events": endpoint.events},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                webhooks.update_endpoint(endpoint, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error("url" if error.code.startswith("webhook_") else None, error.message)
                status = 400
            else:
                messages.success(request, _("Saved."))
                return redirect(_page_url(slug, pk))
        else:
            status = 400
    chosen = request.GET.get("status", "")
    if chosen not in DeliveryStatus.values:
        chosen = ""
    page = Paginator(
        webhooks.deliveries_of(endpoint, by=request.user, status=chosen), DELIVERY_PAGE
    ).get_page(request.GET.get("page"))
    shown = request.session.pop(SECRET_KEY, None)
    secret = shown["secret"] if shown and shown.get("endpoint") == endpoint.pk else None
    return render(
        request,
        "conversations/webhooks/endpoint.html",
        {
            "expo": expo,
            "endpoint": endpoint,
            "form": form,
            "page": page,
            "secret": secret,
            "statuses": [("", _("All"))] + list(DeliveryStatus.choices),
            "status": chosen,
            "event_labels": EVENT_LABELS,
        },
        status=status,
    )


ACTIONS = ("test", "resume", "rotate", "delete")


@login_required
@require_POST
def endpoint_action(request, slug: str, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404(_("There is no such action."))
    expo = get_visible_expo(slug, request.user)
    endpoint = _endpoint(request, expo, pk)
    try:
        if action == "test":
            delivery = webhooks.send_test_event(endpoint, by=request.user)
            dispatch([delivery.pk])
            messages.success(request, _("A test event was sent; its delivery is listed below."))
        elif action == "resume":
            dispatch(webhooks.resume_endpoint(endpoint, by=request.user))
            messages.success(request, _("The endpoint is resumed; the events that waited are being sent."))
        elif action == "rotate":
            secret = webhooks.rotate_secret(endpoint, by=request.user)
            _show_secret_once(request, endpoint.pk, secret)
            messages.success(
                request, _("A new secret was made. The old one keeps signing beside it for 24 hours.")
            )
        else:
            webhooks.delete_endpoint(endpoint, by=request.user)
            messages.success(request, _("The endpoint is deleted."))
            return redirect(_page_url(slug))
    except ConversationForbidden as error:
        _forbidden(error)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_page_url(slug, pk))
