"""The "My data" page: what the platform holds about the signed-in person, a download
of all of it as JSON, and erasure. The API (people.personal_data_api) calls the same
domain functions."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tradefair.common.errors import DomainError
from tradefair.people.domain.personal_data import erase_own_data, erasure_refusal, export_personal_data
from tradefair.people.domain.retention import retention_ends
from tradefair.people.models import Participant


class ErasureForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account and my personal data are erased for good."),
    )


def _page(request, form, *, status: int = 200):
    user = request.user
    participations = (
        Participant.objects.filter(user=user).select_related("expo", "organisation").order_by("-expo__starts")
    )
    refusal = erasure_refusal(user)
    return render(
        request,
        "people/my_data.html",
        {
            "participations": [
                (participant, retention_ends(participant.expo)) for participant in participations
            ],
            "tokens": user.api_tokens.filter(revoked=False).order_by("created_at"),
            "form": form,
            "refusal": refusal.message if refusal else "",
        },
        status=status,
    )


@login_required
def my_data(request):
    return _page(request, ErasureForm())


@login_required
def my_data_download(request):
    document = export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"tradefair-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def erase_my_data(request):
    form = ErasureForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        erase_own_data(request, password=form.cleaned_data["password"])
    except DomainError as error:
        form.add_error("password" if error.code == "wrong_password" else None, error.message)
        return _page(request, form, status=getattr(error, "status", 400))
    logout(request)
    messages.success(request, _("Your personal data has been erased and your account closed."))
    return redirect("/")
