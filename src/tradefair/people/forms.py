from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from tradefair.common.regions import country_choices
from tradefair.people.domain.registration import Applicant, QueueFilters
from tradefair.people.models import Role


def _country_choices():
    return [("", "---------"), *country_choices()]


class ApplicantForm(forms.Form):
    name = forms.CharField(label=_("Full name, in your own script"), max_length=200)
    name_latin = forms.CharField(
        label=_("Full name in Latin letters, as in your passport"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("E-mail"))
    country = forms.ChoiceField(label=_("Country or region"), choices=_country_choices)
    language = forms.ChoiceField(label=_("Language for our messages"), choices=settings.LANGUAGES)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    arrival = forms.DateField(
        label=_("Arrival"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    departure = forms.DateField(
        label=_("Departure"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("arrival") and data.get("departure") and data["departure"] < data["arrival"]:
            self.add_error("departure", _("The departure is before the arrival."))
        return data

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["name"].strip(),
            name_latin=data.get("name_latin", "").strip(),
            email=data.get("email", ""),
            country=data["country"],
            language=data.get("language") or "en",
            organisation_name=data.get("organisation_name", "").strip(),
            arrival=data.get("arrival"),
            departure=data.get("departure"),
        )


class ChangesForm(ApplicantForm):
    """What an applicant may correct when the organisers ask for changes."""

    email = None
    language = None
    organisation_name = None

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["name"].strip(),
            name_latin=data.get("name_latin", "").strip(),
            country=data["country"],
            arrival=data.get("arrival"),
            departure=data.get("departure"),
        )


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Full name, in their own script"), max_length=200)
    name_latin = forms.CharField(label=_("Name in Latin letters"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    country = forms.ChoiceField(label=_("Country or region"), choices=_country_choices)

    def applicant(self, *, language: str, arrival=None, departure=None) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["name"].strip(),
            name_latin=data.get("name_latin", "").strip(),
            email=data.get("email", ""),
            country=data["country"],
            language=language,
            arrival=arrival,
            departure=departure,
        )


class BaseMemberFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": ngettext_lazy(
            "A delegation registers at most %(num)d member here; the organisers import larger ones.",
            "A delegation registers at most %(num)d members here; the organisers import larger ones.",
            "num",
        ),
    }


# validate_max: without it one POST registered as many members as the management form
# claimed (up to Django's absolute_max of 1,200), around the registration rate limit.
# absolute_max equal to max_num: Django builds no more forms than may be sent.
MemberFormSet = forms.formset_factory(
    MemberForm,
    formset=BaseMemberFormSet,
    extra=3,
    min_num=1,
    validate_min=True,
    max_num=settings.DELEGATION_MAX_MEMBERS,
    validate_max=True,
    absolute_max=settings.DELEGATION_MAX_MEMBERS,
)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject")), ("changes", _("Ask for changes"))]
    )
    note = forms.CharField(label=_("Reason or changes needed"), required=False, widget=forms.Textarea)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Only check the file, write nothing"), required=False, initial=True)


class QueueFilterForm(forms.Form):
    """The review queue's filters, read from the query string; a bad value is a form
    error shown on the page, never a 500."""

    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=lambda: [("", _("Any role")), *Role.choices]
    )
    country = forms.ChoiceField(label=_("Country or region"), required=False, choices=_country_choices)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    delegation = forms.ChoiceField(
        label=_("Delegation"),
        required=False,
        choices=[
            ("", _("Everybody")),
            ("leaders", _("Delegation leaders")),
            ("members", _("Delegation members")),
            ("individuals", _("Not in a delegation")),
        ],
    )
    registered_from = forms.DateField(
        label=_("Registered from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    registered_until = forms.DateField(
        label=_("Registered until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(
            **{
                name: data.get(name) or QueueFilters.__dataclass_fields__[name].default
                for name in self.fields
            }
        )


class BulkReviewForm(forms.Form):
    decision = ReviewForm.base_fields["decision"]
    note = forms.CharField(label=_("Reason or changes needed"), required=False, max_length=2000)
    scope = forms.ChoiceField(
        label=_("Apply to"),
        choices=[
            ("selected", _("The registrations ticked below")),
            ("all", _("Every registration the filters find")),
        ],
    )
    participants = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The ticked ids are checked against the queue by the domain function, not here.
        self.fields["participants"].valid_value = lambda value: True
