from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tradefair.commerce.models import SpaceType, UnpaidAction
from tradefair.common.i18n import localize
from tradefair.common.regions import country_choices


class ApplicationForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation (legal name)"), max_length=300)
    # CLDR names in the reader's language and the project's own region names (common.regions),
    # the same list as the registration form.
    country = forms.ChoiceField(
        label=_("Country or region"), choices=lambda: [("", "---------"), *country_choices()]
    )
    address = forms.CharField(
        label=_("Address for the invoice"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    tax_id = forms.CharField(label=_("Taxpayer identification number"), max_length=40, required=False)
    pavilion = forms.TypedChoiceField(
        label=_("Pavilion wanted"), coerce=int, required=False, empty_value=None
    )
    package = forms.TypedChoiceField(label=_("Booth package"), coerce=int)
    space_type = forms.ChoiceField(label=_("Space type"), choices=SpaceType.choices)
    area_m2 = forms.DecimalField(
        label=_("Size (m²)"), min_value=Decimal(1), max_value=Decimal(10000), decimal_places=2, initial=9
    )
    products = forms.CharField(
        label=_("Products shown"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    hs_codes = forms.CharField(
        label=_("HS codes"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, such as 842951, 870323."),
    )
    staff_count = forms.IntegerField(label=_("Staff at the booth"), min_value=1, max_value=200, initial=2)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=40, required=False)

    def __init__(self, *args, expo, packages, extras, **kwargs):
        super().__init__(*args, **kwargs)
        languages = list(expo.languages)
        self.fields["pavilion"].choices = [("", "—")] + [
            (p.pk, localize(p.name, languages)) for p in expo.pavilions.all()
        ]
        self.fields["package"].choices = [
            (
                p.pk,
                f"{localize(p.name, languages)} · {p.area_m2.normalize()} m² · {expo.base_currency} {p.price:,.2f}",
            )
            for p in packages
        ]
        self.extras = list(extras)
        for extra in self.extras:
            self.fields[f"extra_{extra.pk}"] = forms.IntegerField(
                label=f"{localize(extra.name, languages)} ({expo.base_currency} {extra.price:,.2f})",
                min_value=0,
                max_value=100,
                required=False,
                initial=0,
            )

    def extra_quantities(self) -> dict:
        return {
            str(extra.pk): self.cleaned_data.get(f"extra_{extra.pk}") or 0
            for extra in self.extras
            if self.cleaned_data.get(f"extra_{extra.pk}")
        }

    def hs_code_list(self) -> list[str]:
        return [
            code.strip()
            for code in self.cleaned_data.get("hs_codes", "").replace(";", ",").split(",")
            if code.strip()
        ]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", _("Approve")),
            ("waitlist", _("Waitlist")),
            ("request_changes", _("Ask for changes")),
            ("reject", _("Reject")),
        ]
    )
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount received"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)


class CreditNoteForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class PackageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("package", _("Booth package")), ("extra", _("Extra"))]
    )
    name = forms.CharField(label=_("Name (English)"), max_length=200)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    description = forms.CharField(label=_("What is included"), max_length=2000, required=False)
    space_type = forms.ChoiceField(label=_("Space type"), choices=SpaceType.choices, required=False)
    area_m2 = forms.DecimalField(
        label=_("Area (m²)"), min_value=Decimal(1), max_value=Decimal(10000), required=False
    )
    furniture = forms.CharField(label=_("Furniture included"), max_length=2000, required=False)
    price = forms.DecimalField(label=_("Price (net)"), min_value=Decimal(0), max_digits=12, decimal_places=2)
    tax_rate = forms.DecimalField(
        label=_("Tax rate (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        initial=Decimal("6"),
    )
    staff_badges = forms.IntegerField(label=_("Staff badges included"), min_value=0, max_value=500, initial=0)
    stock = forms.IntegerField(
        label=_("Stock (empty: unlimited)"), min_value=0, max_value=1_000_000, required=False
    )


class SettingsForm(forms.Form):
    seller_name_zh = forms.CharField(
        label=_("Organiser's legal name (Chinese)"), max_length=300, required=False
    )
    seller_name_en = forms.CharField(
        label=_("Organiser's legal name (English)"), max_length=300, required=False
    )
    seller_address = forms.CharField(
        label=_("Organiser's address"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tax_id = forms.CharField(label=_("Taxpayer identification number"), max_length=40, required=False)
    bank_name = forms.CharField(label=_("Bank"), max_length=200, required=False)
    bank_account = forms.CharField(label=_("Bank account"), max_length=60, required=False)
    bank_swift = forms.CharField(label=_("SWIFT/BIC"), max_length=11, required=False)
    invoice_prefix = forms.CharField(label=_("Invoice number prefix"), max_length=12, required=False)
    payment_days = forms.IntegerField(label=_("Days to pay"), min_value=1, max_value=365)
    reminder_days = forms.IntegerField(label=_("Days between reminders"), min_value=1, max_value=90)
    reminders = forms.IntegerField(label=_("Reminders before the deadline action"), min_value=0, max_value=10)
    unpaid_action = forms.ChoiceField(label=_("When an order stays unpaid"), choices=UnpaidAction.choices)
