"""HTTP routes of the product catalogue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request

from embedded_server.authorization import require
from embedded_server.deps import AuthContext, SessionDep
from embedded_server.errors import PROBLEM_RESPONSES
from embedded_server.products import catalogue, service
from embedded_server.products.schemas import ProductOut, ProductPage
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["products"], responses=PROBLEM_RESPONSES)


@router.get("/products", response_model=ProductPage)
def products(request: Request, auth: Annotated[AuthContext, require(Permission.READ)],
             session: SessionDep) -> dict[str, Any]:
    """Names and descriptions in the language of ``Accept-Language`` (en, sv; else en)."""
    lang = catalogue.language(request.headers.get("accept-language"))
    return {"items": [catalogue.localise(ProductOut.dump(p), lang)
                      for p in service.list_products(session)],
            "next_cursor": None}
