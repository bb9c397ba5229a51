import pytest

from tests.factories import ExpoFactory, UserFactory
from tradefair.program.domain.editing import add_speaker, update_speaker
from tradefair.program.domain.errors import ProgramError
from tradefair.program.models import Speaker

pytestmark = pytest.mark.django_db


def _organiser(expo):
    user = UserFactory()
    expo.organisers.add(user)
    return user


def test_a_speaker_in_an_unknown_language_is_refused_and_nothing_is_added():
    expo = ExpoFactory()

    with pytest.raises(ProgramError) as refused:
        add_speaker(expo, by=_organiser(expo), name="Wang Wei", bio={"en": "Economist.", "xx": "?"})

    assert (refused.value.code, refused.value.message) == (
        "unknown_language",
        "Biography: unknown language codes xx.",
    )
    assert not Speaker.objects.filter(expo=expo).exists()


def test_a_speakers_texts_are_kept_trimmed_and_empty_ones_dropped():
    expo = ExpoFactory()
    organiser = _organiser(expo)
    speaker = add_speaker(expo, by=organiser, name="Wang Wei", position={"en": " Economist ", "ru": "  "})

    speaker = update_speaker(speaker, by=organiser, bio={"zh-hans": " 经济学家 ", "en": ""})

    assert (speaker.position.data, speaker.bio.data) == ({"en": "Economist"}, {"zh-hans": "经济学家"})
