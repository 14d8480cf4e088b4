"""The desktop asks the portal for its UI language (Accept-Language from the installed
catalogue), so product names come back in the language of the rest of the window."""

from __future__ import annotations

import httpx
from PySide6.QtCore import QCoreApplication, QLocale

from mpro_desktop import i18n
from mpro_desktop.sync.client import PortalClient


def _sent_language() -> str | None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"items": [], "next_cursor": None})

    with PortalClient(
        "http://portal.test", access_token="tok", transport=httpx.MockTransport(answer)
    ) as c:
        c.products()
    return seen[0].headers.get("accept-language")


def test_client_sends_english_without_a_catalogue(qapp):
    assert i18n.ui_language() == "en"
    assert _sent_language() == "en"


def test_client_sends_the_swedish_ui_language(qapp):
    before = len(i18n._installed)
    try:
        assert "mpro" in i18n.install_translators(qapp, QLocale("sv_SE"))
        assert _sent_language() == "sv"
    finally:
        while len(i18n._installed) > before:
            QCoreApplication.removeTranslator(i18n._installed.pop())
    assert _sent_language() == "en"
