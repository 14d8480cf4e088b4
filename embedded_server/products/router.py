"""HTTP routes of the product catalogue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from embedded_server.authorization import require
from embedded_server.deps import AuthContext, SessionDep
from embedded_server.errors import PROBLEM_RESPONSES
from embedded_server.products import service
from embedded_server.products.schemas import ProductPage
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["products"], responses=PROBLEM_RESPONSES)


@router.get("/products", response_model=ProductPage)
def products(auth: Annotated[AuthContext, require(Permission.READ)], session: SessionDep) -> dict[str, Any]:
    return {"items": [service.product_json(p) for p in service.list_products(session)],
            "next_cursor": None}
