import re

import pytest
from django.core import mail

from tests.factories import ExpoFactory, OrganisationFactory, ParticipantFactory, UserFactory
from tests.onsite.helpers import pdf_pages_text, pdf_qr_codes
from tradefair.common.errors import DomainError
from tradefair.onsite.domain.badges import (
    all_badge_contents,
    badge_batches,
    issue_badge,
    printable_participants,
    reissue_badge,
    render_badges,
)
from tradefair.onsite.domain.tokens import badge_pk_from_token
from tradefair.onsite.models import Badge
from tradefair.people.domain.registration import registration_token
from tradefair.people.models import RegistrationStatus, Role

pytestmark = pytest.mark.django_db


def _render(expo, fmt="a6"):
    return render_badges(all_badge_contents(expo, printable_participants(expo)), fmt=fmt)


@pytest.mark.parametrize("fmt", ["a6", "label"])
def test_badges_show_the_name_in_the_holders_script_with_its_latin_form(fmt):
    expo = ExpoFactory()
    organisation = OrganisationFactory(name={"en": "FAW Group", "zh-hans": "一汽集团"})
    ParticipantFactory(
        expo=expo, name="王芳", name_latin="Wang Fang", language="zh-hans", organisation=organisation
    )
    ParticipantFactory(expo=expo, name="Иван Петров", name_latin="Ivan Petrov", language="ru", country="RU")
    ParticipantFactory(expo=expo, name="김민준", name_latin="Kim Minjun", language="ko", country="KR")
    ParticipantFactory(expo=expo, name="佐藤 花子", name_latin="Sato Hanako", language="ja", country="JP")

    pages = pdf_pages_text(_render(expo, fmt))

    text = {page.split("\n")[0 if fmt == "label" else 2].strip(): page for page in pages}
    assert set(text) == {"王芳", "Иван Петров", "김민준", "佐藤 花子"}
    assert "Wang Fang" in text["王芳"] and "一汽集团" in text["王芳"] and "中国" in text["王芳"]
    assert "Ivan Petrov" in text["Иван Петров"] and "Россия" in text["Иван Петров"]
    assert not any("{'en'" in page for page in pages)


def test_the_qr_code_decodes_to_a_signed_token_of_the_holders_badge():
    expo = ExpoFactory()
    holder = ParticipantFactory(expo=expo, name="Батбаяр", country="MN")

    codes = pdf_qr_codes(_render(expo))

    badge = Badge.objects.get(participant=holder)
    assert len(codes) == 1
    assert badge_pk_from_token(codes[0]) == badge.pk
    assert str(badge.pk) != codes[0]  # never the bare id
    assert badge_pk_from_token(codes[0][:-1] + ("A" if codes[0][-1] != "A" else "B")) is None


def test_the_label_qr_code_decodes_too():
    expo = ExpoFactory()
    ParticipantFactory(expo=expo)
    codes = pdf_qr_codes(_render(expo, "label"), scale=4)
    assert len(codes) == 1 and badge_pk_from_token(codes[0]) is not None


def test_only_approved_participants_get_badges():
    expo = ExpoFactory()
    pending = ParticipantFactory(expo=expo, status=RegistrationStatus.PENDING)
    ParticipantFactory(expo=expo, name="Approved")
    with pytest.raises(DomainError) as error:
        issue_badge(pending)
    assert error.value.code == "not_approved"
    assert len(pdf_pages_text(_render(expo))) == 1


def test_issuing_twice_gives_the_same_badge_and_the_holder_hears_once(committed):
    participant = ParticipantFactory(email="wang@example.com", language="zh-hans")
    with committed():
        first = issue_badge(participant)
        second = issue_badge(participant)
    assert first == second
    assert len(mail.outbox) == 1


def test_reissuing_revokes_the_old_badge():
    participant = ParticipantFactory()
    old = issue_badge(participant)
    new = reissue_badge(participant, by=UserFactory(is_staff=True), reason="lost")
    old.refresh_from_db()
    assert old.revoked_at is not None and old.revoked_reason == "lost"
    assert new.revoked_at is None and new != old


def test_batches_print_every_badge_once_and_reuse_issued_badges():
    expo = ExpoFactory()
    for index in range(7):
        ParticipantFactory(expo=expo, name=f"Person {index:02d}", roles=[Role.BUYER])
    issued = issue_badge(ParticipantFactory(expo=expo, name="Person 99"))

    batches = list(badge_batches(expo, printable_participants(expo), fmt="a6", batch=3))

    assert [number for number, _pdf in batches] == [1, 2, 3]
    names = [re.search(r"Person \d+", page).group(0) for _n, pdf in batches for page in pdf_pages_text(pdf)]
    assert names == [f"Person {index:02d}" for index in range(7)] + ["Person 99"]
    assert Badge.objects.filter(participant__expo=expo).count() == 8
    assert Badge.objects.get(participant=issued.participant) == issued


def test_the_holder_downloads_the_badge_from_the_registration_link(client):
    participant = ParticipantFactory(name="Иван Петров", language="ru")
    response = client.get(f"/registration/{registration_token(participant)}/badge.pdf?format=label")
    assert response["Content-Type"] == "application/pdf"
    assert "Иван Петров" in pdf_pages_text(response.content)[0]


def test_printing_more_than_a_batch_streams_a_zip_for_organisers_only(client):
    expo = ExpoFactory(slug="cnea")
    ParticipantFactory.create_batch(52, expo=expo)
    client.force_login(UserFactory())
    assert client.get("/expos/cnea/badges/print/?format=a6&batch=50").status_code == 403
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/expos/cnea/badges/print/?format=a6&batch=50")

    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["badges-cnea-a6-001.pdf", "badges-cnea-a6-002.pdf"]
    assert len(pdf_pages_text(archive.read("badges-cnea-a6-002.pdf"))) == 2


def test_a_filtered_set_prints_as_one_pdf_from_the_web(client):
    expo = ExpoFactory(slug="cnea")
    ParticipantFactory(expo=expo, name="Dorj Bat", country="MN")
    ParticipantFactory(expo=expo, name="Bolor Tuya", country="MN")
    ParticipantFactory(expo=expo, name="Wang Fang", country="CN")
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/expos/cnea/badges/print/?format=a6&batch=1000&country=mn")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="badges-cnea-a6.pdf"'
    pages = pdf_pages_text(response.content)
    assert len(pages) == 2 and "Bolor Tuya" in pages[0] and "Dorj Bat" in pages[1]
    from tradefair.common.models import AuditEntry

    assert AuditEntry.objects.get(action="badges.printed").data == {
        "country": "MN",
        "count": 2,
        "format": "a6",
    }
    one = client.get("/expos/cnea/badges/print/?format=label&batch=1000&name=wang")
    assert len(pdf_pages_text(one.content)) == 1 and "Wang Fang" in pdf_pages_text(one.content)[0]


def test_printing_a_set_that_matches_nobody_says_so(client):
    ExpoFactory(slug="cnea")
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/expos/cnea/badges/print/?format=a6&batch=1000&country=FR", follow=True)
    assert "No approved participant matches these filters." in response.content.decode()


def test_the_badge_desk_prints_one_badge_and_the_search_finds_the_holder(client):
    expo = ExpoFactory(slug="cnea")
    holder = ParticipantFactory(expo=expo, name="Сарангэрэл", country="MN")
    client.force_login(UserFactory(is_staff=True))

    listing = client.get("/expos/cnea/badges/?q=Саран").content.decode()
    pdf = client.get(f"/expos/cnea/badges/{holder.pk}.pdf?format=label")

    assert f"/expos/cnea/badges/{holder.pk}.pdf" in listing
    assert "Сарангэрэл" in pdf_pages_text(pdf.content)[0]


def test_a_delegation_leader_gets_a_badge_link_for_each_approved_member(client):
    leader = ParticipantFactory(name="Leader")
    member = ParticipantFactory(expo=leader.expo, name="Member", delegation_leader=leader)
    ParticipantFactory(
        expo=leader.expo, name="Pending", delegation_leader=leader, status=RegistrationStatus.PENDING
    )

    page = client.get(f"/registration/{registration_token(leader)}/").content.decode()

    assert page.count("badge.pdf") == 3  # the leader's two formats and the one approved member
    assert f"/registration/{registration_token(member)}/badge.pdf" in page
