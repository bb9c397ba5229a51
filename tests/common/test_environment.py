import pytest
from django.core.exceptions import ImproperlyConfigured

from tradefair.common.environment import env_bool, env_list, local_secret_key


def test_booleans_accept_the_usual_spellings_and_refuse_typos(monkeypatch):
    monkeypatch.setenv("TRADEFAIR_X", "Yes")
    assert env_bool("TRADEFAIR_X", False) is True
    monkeypatch.setenv("TRADEFAIR_X", "off")
    assert env_bool("TRADEFAIR_X", True) is False
    monkeypatch.setenv("TRADEFAIR_X", "ture")
    with pytest.raises(ImproperlyConfigured, match="TRADEFAIR_X must be one of"):
        env_bool("TRADEFAIR_X", False)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("TRADEFAIR_HOSTS", "expo.example, www.expo.example,")
    assert env_list("TRADEFAIR_HOSTS", []) == ["expo.example", "www.expo.example"]
    assert env_list("TRADEFAIR_UNSET", ["a"]) == ["a"]


def test_the_local_secret_key_is_made_once_and_kept(tmp_path):
    first = local_secret_key(tmp_path)
    assert len(first) > 40
    assert local_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
