"""The expo's settings and organiser team, for its own administrators. Every organiser
reads them; only administrators change them (the domain says so too)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tradefair.common.errors import DomainError
from tradefair.expos.domain.organisers import (
    add_organiser,
    change_organiser_level,
    get_organiser,
    remove_organiser,
)
from tradefair.expos.domain.settings import update_expo_settings
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.forms import AddOrganiserForm, ExpoSettingsForm
from tradefair.expos.models import OrganiserLevel
from tradefair.expos.permissions import administers_expo, sees_as_organiser

PAGE_SIZE = 50


def _organisers_expo(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not sees_as_organiser(request.user, expo):
        raise Http404(_("Only the expo's organisers see this page."))
    can_manage = administers_expo(request.user, expo)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    return expo, can_manage


def settings_page(request, slug: str):
    expo, can_manage = _organisers_expo(request, slug)
    form = ExpoSettingsForm(request.POST or None, initial=ExpoSettingsForm.initial_for(expo))
    if not can_manage:
        for field in form.fields.values():
            field.disabled = True
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = update_expo_settings(expo, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if changed:
                    messages.success(request, _("The settings are saved."))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect("expos:settings", slug=expo.slug)
        status = 400
    return render(
        request,
        "expos/settings.html",
        {
            "expo": expo,
            "form": form,
            "can_manage": can_manage,
            "language_names": ExpoSettingsForm.language_choices(),
        },
        status=status,
    )


def organisers_page(request, slug: str):
    expo, can_manage = _organisers_expo(request, slug)
    form = AddOrganiserForm(request.POST if "add" in request.POST else None)
    status = 200
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                organiser = get_organiser(expo, request.POST["remove"])
                remove_organiser(organiser, by=request.user)
                done = _("%(name)s is no longer an organiser.")
            elif "change" in request.POST:
                organiser = get_organiser(expo, request.POST["change"])
                organiser = change_organiser_level(
                    organiser, by=request.user, level=request.POST.get("level", "")
                )
                done = _("%(name)s's level is saved.")
            elif form.is_valid():
                organiser = add_organiser(expo, by=request.user, **form.cleaned_data)
                done = _("%(name)s is now an organiser.")
            else:
                organiser = None
        except DomainError as error:
            if error.status == 404:
                raise Http404(error.message) from None
            messages.error(request, error.message)
        else:
            if organiser is not None:
                messages.success(request, done % {"name": organiser.user})
                return redirect("expos:organisers", slug=expo.slug)
        status = 400
    page = Paginator(
        expo.organiser_roles.select_related("user").order_by("level", "user__username"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "expos/organisers.html",
        {
            "expo": expo,
            "form": form,
            "page": page,
            "levels": OrganiserLevel.choices,
            "can_manage": can_manage,
        },
        status=status,
    )
