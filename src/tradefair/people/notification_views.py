"""How a person receives notifications: the choice per expo on their own page, and the
unsubscribe link of every notice, which works without signing in (the link's signature
stands for the person) and answers RFC 8058's one-click POST from mail programs. The API
(people.api) calls the same domain function."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from tradefair.common.errors import DomainError
from tradefair.people.domain.mail import participant_from_token, set_email_notifications
from tradefair.people.models import EmailNotifications, Participant


class NotificationChoiceForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    choice = forms.ChoiceField(label=gettext_lazy("E-mail notifications"), choices=EmailNotifications.choices)


def _participations(user):
    return (
        Participant.objects.filter(user=user, anonymised_at__isnull=True)
        .select_related("expo")
        .order_by("-expo__starts", "pk")
    )


@login_required
def notifications(request):
    status = 200
    if request.method == "POST":
        form = NotificationChoiceForm(request.POST)
        if form.is_valid():
            participant = _participations(request.user).filter(pk=form.cleaned_data["participant"]).first()
            if participant is None:
                messages.error(request, _("This is not your registration."))
                status = 404
            else:
                try:
                    set_email_notifications(participant, choice=form.cleaned_data["choice"], by=request.user)
                except DomainError as error:
                    messages.error(request, error.message)
                    status = 400
                else:
                    messages.success(request, _("Saved: how you receive e-mail notifications."))
                    # Back to the same address, so that a ?lang= choice stays.
                    return redirect(request.get_full_path())
        else:
            messages.error(request, _("Choose at once, daily digest or off."))
            status = 400
    rows = [
        (
            participant,
            NotificationChoiceForm(
                initial={"participant": participant.pk, "choice": participant.email_notifications},
                auto_id=f"id_%s_{participant.pk}",
            ),
        )
        for participant in _participations(request.user)
    ]
    return render(request, "people/notifications.html", {"rows": rows}, status=status)


@csrf_exempt
def unsubscribe(request, token: str):
    """GET shows the page with one button (a link checker that opens the link changes
    nothing); POST, from that button or from a mail program's one-click request, turns
    the expo's notifications off. csrf_exempt: the signed token is the proof."""
    participant = participant_from_token(token)
    if participant is None:
        return render(request, "people/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        set_email_notifications(participant, choice=EmailNotifications.OFF, via="unsubscribe link")
        done = True
    elif request.method not in ("GET", "HEAD"):
        return render(request, "people/unsubscribe.html", {"invalid": True}, status=405)
    return render(
        request,
        "people/unsubscribe.html",
        {"participant": participant, "expo": participant.expo, "done": done, "token": token},
    )
