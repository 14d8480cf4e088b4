"""Typed settings: defaults, round trips through a real settings file, upgrades."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSettings

from mpro_desktop import settings


@pytest.fixture
def ini(tmp_path):
    return QSettings(str(tmp_path / "mpro.ini"), QSettings.Format.IniFormat)


def test_missing_values_read_as_their_defaults(ini):
    assert settings.LAST_PANE.get(ini) == "vehicles"
    assert settings.LOGIN_EMAIL.get(ini) == ""
    assert settings.WINDOW_GEOMETRY.get(ini) == QByteArray()


def test_values_survive_a_new_settings_object_on_the_same_file(tmp_path, ini):
    settings.LAST_PANE.set("conflicts", ini)
    settings.VEHICLES_HEADER.set(QByteArray(b"\x00\x01state"), ini)
    ini.sync()
    again = QSettings(str(tmp_path / "mpro.ini"), QSettings.Format.IniFormat)
    assert settings.LAST_PANE.get(again) == "conflicts"
    assert bytes(settings.VEHICLES_HEADER.get(again)) == b"\x00\x01state"


def test_a_value_of_the_wrong_type_reads_as_the_default(ini):
    ini.setValue("window/geometry", "not bytes")
    ini.setValue("window/last_pane", ["a", "list"])
    assert settings.WINDOW_GEOMETRY.get(ini) == QByteArray()
    assert settings.LAST_PANE.get(ini) == "vehicles"


def test_a_key_is_declared_once():
    with pytest.raises(ValueError, match="declared twice"):
        settings.text("window/last_pane")


def test_upgrade_stamps_an_old_file_and_leaves_a_newer_one(ini, tmp_path):
    ini.setValue("login/email", "anna@example.com")
    assert settings.upgrade(ini) == 0
    assert int(ini.value("settings/version")) == settings.VERSION
    assert settings.LOGIN_EMAIL.get(ini) == "anna@example.com"
    newer = QSettings(str(tmp_path / "newer.ini"), QSettings.Format.IniFormat)
    newer.setValue("settings/version", settings.VERSION + 5)
    assert settings.upgrade(newer) == settings.VERSION + 5
    assert int(newer.value("settings/version")) == settings.VERSION + 5


def test_every_version_below_the_current_has_an_upgrade():
    assert sorted(settings.UPGRADES) == list(range(settings.VERSION))


def test_splitter_sizes_survive_the_settings_file_as_ints(tmp_path, ini):
    settings.VEHICLES_SPLITTER.set([700, 380], ini)
    ini.sync()
    again = QSettings(str(tmp_path / "mpro.ini"), QSettings.Format.IniFormat)
    assert settings.VEHICLES_SPLITTER.get(again) == [700, 380]
    again.setValue("vehicles/splitter_sizes", "wide")
    assert settings.VEHICLES_SPLITTER.get(again) == []


def test_each_pane_header_is_one_option_of_its_own():
    assert settings.PANE_HEADER.of("vehicles") is settings.VEHICLES_HEADER
    assert settings.PANE_HEADER.of("users").key == "users/header"
    assert settings.OPTIONS["users/header"] is settings.PANE_HEADER.of("users")
