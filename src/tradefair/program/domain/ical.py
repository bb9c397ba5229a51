"""iCalendar (RFC 5545) documents of the programme, made with the icalendar package."""

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, vText
from icalendar import Event as CalendarEvent

from tradefair.common.i18n import localize
from tradefair.expos.models import Expo
from tradefair.program.models import Session


def calendar_of(expo: Expo, sessions: list[Session], *, name: str, domain: str = "tradefair") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Tradefair//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", expo.time_zone)
    stamp = timezone.now().astimezone(dt.UTC)
    for session in sessions:
        event = CalendarEvent()
        event.add("uid", f"session-{session.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(dt.UTC))
        event.add("dtend", session.ends_at.astimezone(dt.UTC))
        event.add("summary", localize(session.title, expo.languages))
        room = localize(session.room, expo.languages)
        if room:
            event.add("location", vText(room))
        lines = [localize(session.event.name, expo.languages)]
        description = localize(session.description, expo.languages)
        if description:
            lines.append(description)
        speakers = ", ".join(speaker.name for speaker in session.speakers.all())
        if speakers:
            lines.append(speakers)
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return calendar.to_ical()
