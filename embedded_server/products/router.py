"""HTTP routes of the product catalogue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from embedded_server.deps import AuthDep, SessionDep
from embedded_server.errors import PROBLEM_RESPONSES
from embedded_server.products import service
from embedded_server.products.schemas import ProductPage

router = APIRouter(prefix="/api/v1", tags=["products"], responses=PROBLEM_RESPONSES)


@router.get("/products", response_model=ProductPage)
def products(auth: AuthDep, session: SessionDep) -> dict[str, Any]:
    return {"items": [service.product_json(p) for p in service.list_products(session)],
            "next_cursor": None}
