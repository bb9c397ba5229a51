from django import forms
from django.utils.translation import gettext_lazy as _

from tradefair.common.regions import country_choices
from tradefair.onsite.models import BadgeFormat


class LetterForm(forms.Form):
    passport_number = forms.CharField(label=_("Passport number"), max_length=40)
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=lambda: [("", "---------"), *country_choices()]
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    stay_from = forms.DateField(label=_("Arrival"), widget=forms.DateInput(attrs={"type": "date"}))
    stay_until = forms.DateField(label=_("Departure"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("stay_from") and data.get("stay_until") and data["stay_until"] < data["stay_from"]:
            self.add_error("stay_until", _("The departure is before the arrival."))
        return data


class LetterSettingsForm(forms.Form):
    issue_automatically = forms.BooleanField(
        label=_("Issue letters at once, without approval"),
        required=False,
        help_text=_("Otherwise every request waits until a staff organiser or an administrator approves it."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PrintForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=BadgeFormat.choices, initial=BadgeFormat.A6)
    role = forms.ChoiceField(label=_("Role"), required=False)
    country = forms.CharField(label=_("Country or region code"), required=False, max_length=2)
    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    batch = forms.IntegerField(label=_("Badges per PDF"), min_value=50, max_value=5000, initial=1000)

    def __init__(self, *args, **kwargs):
        from tradefair.people.models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All")), *Role.choices]

    def clean_country(self) -> str:
        return self.cleaned_data["country"].strip().upper()
