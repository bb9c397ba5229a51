import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users made by the factories get a password; a cheap hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
