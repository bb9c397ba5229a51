import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tradefair.common.numbers import COUNT_MAX, SMALL_COUNT_MAX, BoundedIntegerField
from tradefair.common.taxonomy import ISIC_SECTIONS
from tradefair.matchmaking.models import MatchmakingSettings, MeetingMode
from tradefair.people.models import Role


class ExpoTimeForm(forms.Form):
    """A form whose date-times are read on the expo's clock: a participant in Moscow
    asking for 10:00 at a Changchun expo means 10:00 in Changchun. Django reads a
    datetime-local value in the active time zone, so the form is cleaned in the expo's;
    the values come out aware (UTC once stored) and are shown back in the same zone."""

    def __init__(self, *args, expo, **kwargs):
        super().__init__(*args, **kwargs)
        self.expo = expo
        from tradefair.common.templatetags.tradefair import zone

        label = zone(expo)
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField):
                field.help_text = _("Times are in the expo's time zone (%(zone)s).") % {"zone": label}

    def full_clean(self):
        with timezone.override(self.expo.tz):
            super().full_clean()

    def render(self, *args, **kwargs):
        with timezone.override(self.expo.tz):
            return super().render(*args, **kwargs)


class RequestForm(ExpoTimeForm):
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, required=False
    )
    preferred_start = forms.DateTimeField(
        label=_("Preferred time (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    interpretation = forms.ChoiceField(
        label=_("Interpreter"),
        required=False,
        help_text=_(
            "For a meeting held online: an interpreter's seat in the video room, into this language."
        ),
    )

    def __init__(self, *args, expo, **kwargs):
        super().__init__(*args, expo=expo, **kwargs)
        from tradefair.common.formatting import language_name

        self.fields["interpretation"].choices = [("", _("No interpreter"))] + [
            (code, language_name(code)) for code in (expo.languages or [])
        ]


class ProposeForm(ExpoTimeForm):
    start = forms.DateTimeField(
        label=_("Time proposed"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reply = forms.CharField(label=_("Reply"), required=False, max_length=2000)


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    days = forms.CharField(
        label=_("Days"),
        help_text=_("Dates separated by commas, e.g. 2019-08-23, 2019-08-24."),
        max_length=500,
    )
    day_starts = forms.TimeField(label=_("First slot starts"), initial=dt.time(9, 0))
    day_ends = forms.TimeField(label=_("Last slot ends"), initial=dt.time(17, 0))
    slot_minutes = forms.IntegerField(label=_("Minutes per slot"), min_value=5, max_value=240, initial=20)
    break_starts = forms.TimeField(label=_("Lunch break from"), required=False, initial=dt.time(12, 0))
    break_ends = forms.TimeField(label=_("Lunch break until"), required=False, initial=dt.time(13, 0))
    tables = BoundedIntegerField(label=_("Tables per slot"), min_value=1, max_value=COUNT_MAX, required=False)
    online_rooms = BoundedIntegerField(
        label=_("Online meetings at once"),
        min_value=0,
        max_value=COUNT_MAX,
        initial=0,
        required=False,
        help_text=_(
            "How many video meetings can run in one slot (the media server's capacity); 0: no online meetings."
        ),
    )
    roles = forms.MultipleChoiceField(
        label=_("Who takes part"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every approved participant."),
    )
    max_meetings = BoundedIntegerField(
        label=_("Most meetings per participant"), min_value=1, max_value=SMALL_COUNT_MAX, initial=8
    )
    min_meetings = BoundedIntegerField(
        label=_("Meetings everyone should get"),
        min_value=0,
        max_value=SMALL_COUNT_MAX,
        initial=1,
        help_text=_("The engine gives everyone this many meetings before it gives anyone more."),
    )
    time_limit = forms.IntegerField(
        label=_("Solver time limit (seconds)"), min_value=1, max_value=3600, initial=60
    )
    follow_ups = forms.BooleanField(
        label=_("Follow-up meetings"),
        required=False,
        help_text=_(
            "Ticked: pairs that already met or are scheduled in another round of the expo may meet again. "
            "Not ticked: they are left out."
        ),
    )

    def clean_days(self):
        days = []
        for part in self.cleaned_data["days"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                days.append(dt.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(
                    _("%(value)s is not a date such as 2019-08-23."), params={"value": part}
                ) from None
        if not days:
            raise forms.ValidationError(_("Give at least one day."))
        return days


class SettingsForm(forms.ModelForm):
    interpreter_languages = forms.CharField(
        label=_("Languages with an interpreter"),
        required=False,
        help_text=_("Language codes separated by commas, e.g. ru, ko, ja."),
    )

    class Meta:
        model = MatchmakingSettings
        fields = [
            "request_expiry_hours",
            "max_pending_requests",
            "exhibitors_meet_exhibitors",
            "cross_border_bonus",
            "interpreter_languages",
            "sponsor_factor",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and isinstance(self.instance.interpreter_languages, list):
            self.initial["interpreter_languages"] = ", ".join(self.instance.interpreter_languages)

    def clean_interpreter_languages(self):
        return [
            code.strip() for code in self.cleaned_data["interpreter_languages"].split(",") if code.strip()
        ]


class UploadForm(forms.Form):
    schedule = forms.FileField(label=_("Schedule file (.json or .json.gz)"))


class InterestForm(forms.Form):
    kind = forms.ChoiceField(label=_("This is"), choices=[("offer", _("an offer")), ("need", _("a need"))])
    hs_code = forms.CharField(
        label=_("HS code"), max_length=6, required=False, help_text=_("2, 4 or 6 digits")
    )
    isic_section = forms.ChoiceField(
        label=_("ISIC section"), required=False, choices=[("", "—"), *sorted(ISIC_SECTIONS.items())]
    )
    text = forms.CharField(label=_("Description"), max_length=500, required=False)


class PreferencesForm(forms.Form):
    excluded_countries = forms.CharField(
        label=_("Countries and regions I do not want to meet"),
        required=False,
        help_text=_("ISO codes separated by commas, e.g. KP, TW."),
    )
    excluded_sectors = forms.MultipleChoiceField(
        label=_("Sectors I do not want to meet"),
        required=False,
        choices=sorted(ISIC_SECTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_excluded_countries(self):
        return [c.strip().upper() for c in self.cleaned_data["excluded_countries"].split(",") if c.strip()]


class MeetingModeForm(forms.Form):
    """How the participant takes part in the expo's matchmaking rounds."""

    meeting_mode = forms.ChoiceField(
        label=_("How I take part in meetings"),
        choices=MeetingMode.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Online meetings are held by video in the round's online rooms; online only means you meet "
            "only counterparts who accept video."
        ),
    )


class OwnClockForm(forms.Form):
    """A remote participant's time zone and the hours of their own day they can meet in."""

    time_zone = forms.CharField(
        label=_("My time zone"),
        max_length=64,
        required=False,
        help_text=_("If you take part from elsewhere, e.g. Asia/Tokyo or Europe/Moscow; empty: the expo's."),
    )
    hours_from = forms.TimeField(label=_("I can meet from (my time)"), required=False)
    hours_until = forms.TimeField(label=_("I can meet until (my time)"), required=False)
