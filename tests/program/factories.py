import datetime as dt

import factory

from tests.factories import ExpoFactory
from tradefair.program.models import Event, EventKind, Session, Speaker

SOON = dt.datetime(2030, 8, 23, 1, 0, tzinfo=dt.UTC)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    expo = factory.SubFactory(ExpoFactory)
    kind = EventKind.SUMMIT
    name = {"en": "China-Japan-ROK Entrepreneurs Summit", "zh-hans": "中日韩工商界领袖峰会"}
    starts_at = SOON
    ends_at = SOON + dt.timedelta(hours=8)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: {"en": f"Session {n}", "zh-hans": f"第{n}场"})
    room = {"en": "Conference Centre, Room 1"}
    starts_at = SOON
    ends_at = SOON + dt.timedelta(minutes=90)
    capacity = 2
    language = "zh-hans"
    interpretation = ["en", "ru"]


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    expo = factory.SubFactory(ExpoFactory)
    name = factory.Sequence(lambda n: f"王{n}")
    name_latin = factory.Sequence(lambda n: f"Wang {n}")
    bio = {"en": "Economist.", "ru": "Экономист."}
