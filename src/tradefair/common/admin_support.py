"""Admin base classes that show a translatable field as one input per language.
Django's admin would otherwise hand i18nfield its own single-language widget."""

from django.contrib import admin
from i18nfield import fields, forms

I18N_WIDGETS = {
    fields.I18nTextField: {"widget": forms.I18nTextarea},
    fields.I18nCharField: {"widget": forms.I18nTextInput},
}


class TranslatedAdminMixin:
    def __init__(self, *args, **kwargs):
        self.formfield_overrides = {**I18N_WIDGETS, **getattr(self, "formfield_overrides", {})}
        super().__init__(*args, **kwargs)


class TranslatedModelAdmin(TranslatedAdminMixin, admin.ModelAdmin):
    pass


class TranslatedTabularInline(TranslatedAdminMixin, admin.TabularInline):
    pass


class TranslatedStackedInline(TranslatedAdminMixin, admin.StackedInline):
    pass
