"""Product names and descriptions in the caller's language (issue 7): the catalogue holds
en and sv, /products and the /changes feed answer by Accept-Language, English otherwise."""

from __future__ import annotations

import pytest

from embedded_server.products.catalogue import CATALOGUE, LOCALISED, language
from tests.portal_fixtures import register_company

SV = {pid: name for pid, (name, _desc) in LOCALISED["sv"].items()}
EN = {p["id"]: p["name"] for p in CATALOGUE}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("sv", "sv"),
        ("sv-SE,sv;q=0.9,en;q=0.8", "sv"),
        ("de, sv;q=0.5", "sv"),
        ("en, sv;q=0.5", "en"),
        ("sv;q=0", "en"),
        ("de", "en"),
        ("", "en"),
        (None, "en"),
        (";;q=x,,", "en"),
    ],
)
def test_language_from_accept_language(header, expected):
    assert language(header) == expected


def test_every_product_has_a_swedish_name_and_description():
    assert set(LOCALISED["sv"]) == set(EN)
    for pid, (name, description) in LOCALISED["sv"].items():
        english = next(p for p in CATALOGUE if p["id"] == pid)
        assert name != english["name"] and description != english["description"]


def _names(items):
    return {p["id"]: p["name"] for p in items}


def test_products_and_feed_answer_in_the_asked_language(portal_client):
    admin = register_company(portal_client, "Språk AB")
    auth = {"Authorization": f"Bearer {admin['token']}"}

    def products(lang=None):
        headers = {**auth, **({"Accept-Language": lang} if lang else {})}
        r = portal_client.get("/api/v1/products", headers=headers)
        assert r.status_code == 200, r.text
        return r.json()["items"]

    sv = products("sv-SE,sv;q=0.9,en;q=0.5")
    assert _names(sv) == SV
    assert all(p["description"] == LOCALISED["sv"][p["id"]][1] for p in sv)
    assert _names(products("en")) == EN
    assert _names(products()) == EN
    assert _names(products("fr")) == EN

    def feed(lang=None):
        headers = {**auth, **({"Accept-Language": lang} if lang else {})}
        r = portal_client.get("/api/v1/changes", params={"limit": 1000}, headers=headers)
        assert r.status_code == 200, r.text
        return {c["id"]: c["data"]["name"] for c in r.json()["changes"] if c["entity"] == "product"}

    assert feed("sv") == SV
    assert feed() == EN
