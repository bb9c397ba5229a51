from django import forms
from django.utils.translation import gettext_lazy as _

from tradefair.conversations.domain.rules import MAX_DAILY_LIMIT
from tradefair.conversations.models import WritePolicy
from tradefair.conversations.models.conversation import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_BODY, "dir": "auto"}),
    )


class MeetingForm(forms.Form):
    note = forms.CharField(label=_("A note for the request"), max_length=500, required=False)


class ReportForm(forms.Form):
    message = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why?"), max_length=2000, required=False)


class SettingsForm(forms.Form):
    write_policy = forms.ChoiceField(label=_("Who may write to whom"), choices=WritePolicy.choices)
    daily_limit = forms.IntegerField(
        label=_("New conversations a person may start a day"), min_value=0, max_value=MAX_DAILY_LIMIT
    )
