import datetime as dt

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tradefair.common.admin_support import (
    TranslatedModelAdmin,
    TranslatedStackedInline,
)
from tradefair.common.formatting import format_moment, format_time_zone
from tradefair.common.numbers import row_id
from tradefair.expos.models import Expo
from tradefair.program.models import Event, Session, SessionSignup, Speaker


def _zone_label(expo: Expo) -> str:
    return format_time_zone(expo.time_zone, at=dt.datetime.combine(expo.starts, dt.time(12), tzinfo=expo.tz))


class ExpoClockAdminMixin:
    """Date-times of an expo's programme shown and entered on the expo's clock, with the
    zone named under each field: an organiser in Changchun types 09:00 and means 09:00 in
    Changchun, whatever the server's zone (UTC). The expo is the edited object's, or on
    an add form the one chosen in the form (or named by ?expo=)."""

    def expo_for(self, request, object_id) -> Expo | None:
        if object_id:
            found = self.get_object(request, object_id)
            return found.expo if found is not None else None
        chosen = request.POST.get("expo") or request.GET.get("expo")
        return Expo.objects.filter(pk=row_id(chosen)).first() if row_id(chosen) else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        expo = self.expo_for(request, object_id)
        request.expo_clock = expo
        if expo is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with timezone.override(expo.tz):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # The admin's page is rendered lazily; render it while the expo's zone is active.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            expo = getattr(request, "expo_clock", None)
            field.help_text = (
                _("Times are in the expo's time zone (%(zone)s).") % {"zone": _zone_label(expo)}
                if expo is not None
                else _("Times are read in the time zone of the expo chosen.")
            )
        return field


class SessionInline(ExpoClockAdminMixin, TranslatedStackedInline):
    model = Session
    extra = 0
    autocomplete_fields = ["event", "speakers"]


@admin.register(Event)
class EventAdmin(ExpoClockAdminMixin, TranslatedModelAdmin):
    list_display = ["name", "kind", "expo", "local_starts", "local_ends"]
    list_filter = ["expo", "kind"]
    search_fields = ["name"]
    autocomplete_fields = ["expo"]
    list_select_related = ["expo"]
    inlines = [SessionInline]

    @admin.display(description=gettext_lazy("starts (expo's time)"), ordering="starts_at")
    def local_starts(self, event: Event) -> str:
        return f"{format_moment(event.starts_at, zone=event.expo.tz)} ({_zone_label(event.expo)})"

    @admin.display(description=gettext_lazy("ends (expo's time)"), ordering="ends_at")
    def local_ends(self, event: Event) -> str:
        return f"{format_moment(event.ends_at, zone=event.expo.tz)} ({_zone_label(event.expo)})"


@admin.register(Speaker)
class SpeakerAdmin(TranslatedModelAdmin):
    list_display = ["name", "name_latin", "expo"]
    list_filter = ["expo"]
    search_fields = ["name", "name_latin"]
    raw_id_fields = ["participant"]
    autocomplete_fields = ["expo"]


@admin.register(SessionSignup)
class SessionSignupAdmin(admin.ModelAdmin):
    list_display = ["participant", "session", "status", "queued_at"]
    list_filter = ["status"]
    list_select_related = ["participant", "session"]
    raw_id_fields = ["participant", "session"]
