"""R27: the support contact and the wallbox supplier, per country."""

from __future__ import annotations

import json

from mpro_desktop.support import contacts_for
from mpro_desktop.views.support_dialog import SupportDialog


def test_country_entry_wins_and_unknown_country_gets_default():
    se = contacts_for("se")
    assert se["support"].phone.startswith("+46")
    assert "wallbox" in se and se["wallbox"].name
    fallback = contacts_for("XX")
    assert fallback == contacts_for(None)


def test_partial_country_entry_falls_back_per_kind(tmp_path):
    path = tmp_path / "contacts.json"
    path.write_text(
        json.dumps(
            {
                "default": {
                    "support": {"name": "S", "phone": "+1", "email": "s@x"},
                    "wallbox": {"name": "W", "phone": "+2", "email": "w@x"},
                },
                "NO": {"support": {"name": "S-NO", "phone": "+47", "email": "no@x"}},
            }
        )
    )
    c = contacts_for("NO", path)
    assert c["support"].name == "S-NO" and c["wallbox"].name == "W"


def test_dialog_shows_both_contacts(qtbot):
    d = SupportDialog("SE")
    qtbot.addWidget(d)
    text = d.text.text()
    assert "+46 20 55 66 77" in text and "Laddbox" in text
