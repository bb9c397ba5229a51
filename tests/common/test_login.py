import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_participant_logs_in_on_the_site_and_out_again(client):
    UserFactory(username="buyer", first_name="WANG Wei")
    page = client.post(
        "/accounts/login/", {"username": "buyer", "password": "correct horse battery", "next": "/"}
    )
    assert page.status_code == 302
    assert "WANG Wei" in client.get("/", follow=True).content.decode()
    client.post("/accounts/logout/")
    assert "Log in" in client.get("/", follow=True).content.decode()


def test_a_wrong_password_is_explained(client):
    UserFactory(username="buyer")
    page = client.post("/accounts/login/", {"username": "buyer", "password": "nope"}).content.decode()
    assert "Please enter a correct username and password" in page
