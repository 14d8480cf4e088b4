"""Secrets only in a keychain; with none (headless Linux) nothing is stored anywhere (N3)."""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.backends.fail
import pytest

from mpro_desktop import credentials


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Stands in for the OS keychain in a unit test of our logic only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture
def restore_keyring():
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_fail_backend_means_no_keychain_and_nothing_stored(restore_keyring, tmp_path, monkeypatch):
    monkeypatch.setenv("MPRO_DATA_DIR", str(tmp_path))
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert credentials.keychain_available() is False
    assert credentials.save_refresh_token("http://p", "a@b.se", "secret-token") is False
    assert credentials.load_refresh_token("http://p", "a@b.se") is None
    # no plaintext fallback anywhere in the data dir
    assert not any(
        "secret-token" in p.read_text(errors="ignore") for p in tmp_path.rglob("*") if p.is_file()
    )


def test_any_keyring_error_means_no_keychain(restore_keyring):
    keyring.set_keyring(BrokenKeyring())
    assert credentials.keychain_available() is False
    assert credentials.save_refresh_token("http://p", "a@b.se", "t") is False


def test_round_trip_and_forget_with_a_keychain(restore_keyring):
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    assert credentials.save_refresh_token("http://p/", "A@B.se", "tok") is True
    assert credentials.load_refresh_token("http://p", "a@b.se") == "tok"
    credentials.forget("http://p", "a@b.se")
    assert credentials.load_refresh_token("http://p", "a@b.se") is None


def test_login_dialog_explains_missing_keychain(restore_keyring, qtbot):
    from mpro_desktop.views.signin.dialog import LoginDialog

    keyring.set_keyring(keyring.backends.fail.Keyring())
    d = LoginDialog(lambda *a: {})
    qtbot.addWidget(d)
    assert not d.remember.isEnabled()
    assert "No keychain" in d.keychain_note.text()
    assert not d.keychain_note.isHidden()
