"""Issue #16, items 1 and 7: a registrant gets an account and chooses its password from
the e-mail, "forgot password" works, the approval e-mail leads to the sign-in page, gate
staff get the same set-password link, and every link starts with the site's address."""

import io
import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from tests.factories import ExpoFactory, UserFactory
from tradefair.common.models import AuditEntry
from tradefair.expos.models import ExpoStatus, Organiser, OrganiserLevel
from tradefair.people.domain import registration
from tradefair.people.models import Participant

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False
    settings.SITE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea", status=ExpoStatus.REGISTRATION_OPEN, name={"en": "CNEA", "ru": "ЭКСПО"})


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _register(client, committed, email="ivan@example.com", language="ru"):
    with committed():
        response = client.post(
            "/expos/cnea/register/buyer/",
            {"name": "Иван Петров", "email": email, "country": "RU", "language": language},
        )
    assert response.status_code == 200
    return Participant.objects.filter(email=email).latest("pk")


def test_registering_makes_an_account_without_a_password_named_after_the_address(client, expo, committed):
    participant = _register(client, committed, email="Ivan@Example.com")

    user = participant.user
    assert user is not None
    assert user.username == "ivan@example.com"
    assert user.email == "Ivan@Example.com"
    assert not user.has_usable_password()
    assert "ivan@example.com" in mail.outbox[0].body  # the user name is in the e-mail
    assert AuditEntry.objects.filter(action="account.created", object_id=str(user.pk)).exists()


def test_the_confirmation_link_leads_to_choosing_a_password_and_then_signing_in(client, expo, committed):
    participant = _register(client, committed)
    confirm = _path(_links(mail.outbox[0])[0])

    response = client.get(confirm, follow=True)

    assert response.redirect_chain[-1][0].endswith("/set-password/?lang=ru")
    assert "Choose your password" in response.content.decode() or "пароль" in response.content.decode()
    participant.refresh_from_db()
    assert participant.email_confirmed_at is not None
    set_page = response.redirect_chain[-1][0]
    done = client.post(set_page, {"new_password1": "Sunflower-2019!", "new_password2": "Sunflower-2019!"})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/set/?lang=ru"
    client.logout()
    assert client.login(username="ivan@example.com", password="Sunflower-2019!")
    # Once the password is chosen, the confirmation link shows the registration page.
    again = client.get(confirm)
    assert again.status_code == 302 and again["Location"].startswith("/registration/")


def test_registering_with_the_address_of_an_existing_account_links_it(client, expo, committed):
    existing = UserFactory(username="ivan", email="ivan@example.com")

    participant = _register(client, committed, email="IVAN@example.com")

    assert participant.user == existing
    assert User.objects.count() == 1
    assert existing.has_usable_password()  # an existing password is never touched


def test_a_rejected_applicant_may_register_again_with_the_same_account(
    client, expo, committed, django_user_model
):
    first = _register(client, committed)
    registration.confirm_email(registration.registration_token(first))
    registration.reject(first, by=UserFactory(is_staff=True), reason="Incomplete")

    second = _register(client, committed)

    first.refresh_from_db()
    assert second.pk != first.pk
    assert first.user is None and second.user.username == "ivan@example.com"


def test_the_approval_email_has_the_sign_in_link_in_the_persons_language(client, expo, committed):
    participant = _register(client, committed)
    registration.confirm_email(registration.registration_token(participant))
    mail.outbox.clear()

    with committed():
        registration.approve(participant, by=UserFactory(is_staff=True))

    message = mail.outbox[0]
    assert "ЭКСПО" in message.subject
    assert "ivan@example.com" in message.body
    links = _links(message)
    assert "http://127.0.0.1:8000/accounts/login/?next=%2Fexpos%2Fcnea%2Fmatchmaking%2F&lang=ru" in links
    # No password yet: the e-mail also says where to choose one.
    assert any("/accounts/password/set/" in link for link in links)
    assert "Войдите" in message.body or "пароль" in message.body


def test_forgot_password_sends_a_link_that_sets_a_new_password(client, expo):
    user = UserFactory(username="buyer", email="buyer@example.com")

    page = client.get("/accounts/login/")
    assert 'href="/accounts/password/reset/"' in page.content.decode()
    response = client.post("/accounts/password/reset/", {"email": "BUYER@example.com"})

    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["buyer@example.com"]
    link = _links(mail.outbox[0])[0]
    assert link.startswith("http://127.0.0.1:8000/accounts/password/set/")
    form = client.get(_path(link), follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": "Larch-and-pine-7", "new_password2": "Larch-and-pine-7"}
    )
    user.refresh_from_db()
    assert user.check_password("Larch-and-pine-7")
    # The link works once.
    assert "This link no longer works" in client.get(_path(link), follow=True).content.decode()


def test_forgot_password_also_serves_an_account_that_never_had_a_password(client):
    user = UserFactory(email="gate@example.com")
    user.set_unusable_password()
    user.save()

    client.post("/accounts/password/reset/", {"email": "gate@example.com"})

    assert len(mail.outbox) == 1


def test_forgot_password_for_an_unknown_or_erased_address_sends_nothing_and_says_the_same(client):
    UserFactory(email="gone@example.com", is_active=False)

    response = client.post("/accounts/password/reset/", {"email": "gone@example.com"}, follow=True)
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"}, follow=True)

    assert mail.outbox == []
    assert "Check your e-mail" in response.content.decode()
    assert "Check your e-mail" in unknown.content.decode()


def test_the_password_pages_are_translated(client):
    page = client.get("/accounts/password/reset/?lang=ru")
    assert "Забыли пароль?" in page.content.decode()


def test_gate_staff_without_a_password_are_invited_to_choose_one(expo, django_capture_on_commit_callbacks):
    gate = User.objects.create(username="cnea-gate1-am", email="gate1@example.com", password="!")
    with_password = UserFactory(username="cnea-gate2-am")
    Organiser.objects.create(expo=expo, user=gate, level=OrganiserLevel.STAFF)
    Organiser.objects.create(expo=expo, user=with_password, level=OrganiserLevel.STAFF)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite-accounts", "cnea", "--language", "zh-hans", stdout=out)

    assert [message.to for message in mail.outbox] == [["gate1@example.com"]]
    body = mail.outbox[0].body
    assert "cnea-gate1-am" in body and "http://127.0.0.1:8000/accounts/password/set/" in body
    assert "密码" in body
    assert out.getvalue().strip().endswith("Sent 1 invitation(s) to choose a password.")
    assert AuditEntry.objects.filter(action="account.invited", object_id=str(gate.pk)).count() == 1


def test_the_demo_takes_the_site_address_from_its_port(monkeypatch, settings):
    from tradefair.demo.management.commands.demo import use_site_address_of_port

    # Set, then removed: monkeypatch then restores the variable's absence after the test,
    # though the command writes os.environ itself (a leak reached later subprocesses).
    monkeypatch.setenv("TRADEFAIR_SITE_URL", "")
    monkeypatch.delenv("TRADEFAIR_SITE_URL")

    assert use_site_address_of_port(8100) == "http://127.0.0.1:8100"
    assert settings.SITE_URL == "http://127.0.0.1:8100"
    assert os.environ["TRADEFAIR_SITE_URL"] == "http://127.0.0.1:8100"
    # An address the deployment names wins over the port.
    monkeypatch.setenv("TRADEFAIR_SITE_URL", "https://expo.example.org")
    assert use_site_address_of_port(8100) == "https://expo.example.org"


def test_every_email_link_and_the_letter_qr_use_the_site_address(client, expo, committed, settings):
    from tradefair.onsite.domain.letters import verification_url
    from tradefair.onsite.models import InvitationLetter

    settings.SITE_URL = "http://127.0.0.1:8100"
    participant = _register(client, committed)
    client.post("/accounts/password/reset/", {"email": "ivan@example.com"})

    links = [link for message in mail.outbox for link in _links(message)]
    assert links and all(link.startswith("http://127.0.0.1:8100/") for link in links)
    letter = InvitationLetter(participant=participant, key="k" * 20)
    assert verification_url(letter).startswith("http://127.0.0.1:8100/letters/verify/")
