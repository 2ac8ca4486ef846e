"""Environment variables are read strictly: a typo is an error, not a silent default."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings.env import email_settings_from_url, env_bool, env_int, env_list


def test_booleans_accept_common_spellings_and_refuse_others(monkeypatch):
    """1/true/yes/on and 0/false/no/off; anything else is an error."""
    for raw, expected in [("1", True), ("TRUE", True), ("off", False), ("", False)]:
        monkeypatch.setenv("X_FLAG", raw)
        assert env_bool("X_FLAG", default=not expected) is expected
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be a boolean"):
        env_bool("X_FLAG", default=False)


def test_integers_and_lists(monkeypatch):
    """Integers must parse; lists split on commas and drop blanks."""
    monkeypatch.setenv("X_INT", "12x")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", default=1)
    monkeypatch.setenv("X_LIST", "a.example, ,b.example")
    assert env_list("X_LIST", default=[]) == ["a.example", "b.example"]
    monkeypatch.delenv("X_LIST")
    assert env_list("X_LIST", default=["z"]) == ["z"]


def test_email_url_smtp_with_tls_and_credentials():
    """EMAIL_URL carries host, port, credentials and TLS."""
    settings = email_settings_from_url("submission://mailer:p%40ss@smtp.example.org:587")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST"] == "smtp.example.org"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert settings["EMAIL_USE_TLS"] is True


def test_email_url_file_writes_messages_into_a_folder(tmp_path):
    """file:///dir selects Django's file back-end writing one file per message into dir."""
    settings = email_settings_from_url(f"file://{tmp_path}/mail%20box")
    assert settings == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": f"{tmp_path}/mail box",
    }
    from django.core.mail import EmailMessage, get_connection

    connection = get_connection(settings["EMAIL_BACKEND"], file_path=settings["EMAIL_FILE_PATH"])
    connection.send_messages([EmailMessage("Hi", "Text", "a@example.org", ["b@example.org"])])
    [written] = (tmp_path / "mail box").iterdir()
    assert "Subject: Hi" in written.read_text()


@pytest.mark.parametrize("url", ["file://", "file://relative/dir", "file://host/abs"])
def test_email_url_file_without_an_absolute_folder_is_refused(url):
    """A file:// URL must name an absolute folder (no host, no relative path)."""
    with pytest.raises(ImproperlyConfigured, match="absolute folder"):
        email_settings_from_url(url)


def test_email_url_console_default_and_unknown_scheme():
    """console:// is the default; an unknown scheme is refused by name."""
    assert email_settings_from_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="'carrier-pigeon'"):
        email_settings_from_url("carrier-pigeon://coop")
