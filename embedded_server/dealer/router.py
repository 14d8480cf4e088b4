"""HTTP routes of the dealer counter (API.md "Dealer"); every one but the sign-in needs a
dealer's token (``DEALER_ROUTE``, permission ``dealer``) or a support-session token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from embedded_server.authorization import PUBLIC_ROUTE, require_dealer
from embedded_server.dealer import service
from embedded_server.dealer.schemas import (
    CustomerOut,
    DealerLoginIn,
    DealerTokenOut,
    SupportSessionIn,
    SupportSessionOut,
    VerificationIn,
    VerificationOut,
)
from embedded_server.deps import SessionDep, SettingsDep
from embedded_server.errors import PROBLEM_RESPONSES, PROBLEM_SCHEMA, not_found
from embedded_server.idempotency.middleware import NOT_REPLAYABLE
from embedded_server.tenancy import DealerContext

router = APIRouter(prefix="/api/v1/dealer", tags=["dealer"], responses=PROBLEM_RESPONSES)
Dealer = Annotated[DealerContext, require_dealer()]


def _problem(*codes: str) -> dict[str, Any]:
    return {
        "description": " / ".join(codes),
        "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
    }


def _answer_refusal(session: SessionDep, refused: service.Refused) -> Exception:
    session.commit()  # the failure count, the audit entry of the attempt
    return refused.problem


@router.post(
    "/login",
    response_model=DealerTokenOut,
    dependencies=[PUBLIC_ROUTE],
    openapi_extra=NOT_REPLAYABLE,
    responses={401: _problem("invalid_credentials"), 429: _problem("too_many_attempts")},
)
def login(
    body: DealerLoginIn, request: Request, session: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    client = request.client.host if request.client else ""
    try:
        result = service.login(
            session, email=body.email, password=body.password, settings=settings, client=client
        )
    except service.Refused as refused:
        raise _answer_refusal(session, refused) from None
    session.commit()
    return result


@router.get("/users", response_model=CustomerOut)
def find_customer(
    dealer: Dealer,
    request: Request,
    email: Annotated[str, Query(min_length=1, max_length=254)],
    company_id: Annotated[
        str | None, Query(min_length=1, max_length=36, description="one membership of several")
    ] = None,
) -> dict[str, Any]:
    # a writing session although GET: the lookup is audited in the same transaction
    with request.app.state.session_factory() as session:
        found = service.find_customer(session, dealer=dealer, email=email, company_id=company_id)
        session.commit()
        return found


@router.post(
    "/verifications",
    response_model=VerificationOut,
    responses={409: _problem("identity_mismatch")},
)
def verify(body: VerificationIn, dealer: Dealer, session: SessionDep) -> dict[str, Any]:
    try:
        user = service.verify_identity(
            session, dealer=dealer, user_id=body.user_id, document=body.id_document
        )
    except service.Refused as refused:
        raise _answer_refusal(session, refused) from None
    session.commit()
    return {"user": user}


@router.post(
    "/support-sessions",
    status_code=201,
    response_model=SupportSessionOut,
    openapi_extra=NOT_REPLAYABLE,
    responses={403: _problem("insufficient_role", "invalid_support_password"),
               429: _problem("too_many_attempts")},
)
def open_support_session(
    body: SupportSessionIn, dealer: Dealer, session: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    try:
        result = service.open_support_session(
            session,
            dealer=dealer,
            user_email=body.user_email,
            support_password=body.support_password,
            settings=settings,
            company_id=body.company_id,
        )
    except service.Refused as refused:
        raise _answer_refusal(session, refused) from None
    session.commit()
    return result


@router.delete(
    "/support-sessions/current",
    status_code=204,
    responses={204: {"description": "The support session of this token has ended"}},
)
def end_current_session(dealer: Dealer, session: SessionDep) -> Response:
    if dealer.support_session_id is None:
        raise not_found("Support session")
    service.end_support_session(session, dealer=dealer, session_id=dealer.support_session_id)
    session.commit()
    return Response(status_code=204)


@router.delete(
    "/support-sessions/{session_id}",
    status_code=204,
    responses={204: {"description": "The support session has ended"}},
)
def end_session(
    session_id: Annotated[str, Path(max_length=36)], dealer: Dealer, session: SessionDep
) -> Response:
    service.end_support_session(session, dealer=dealer, session_id=session_id)
    session.commit()
    return Response(status_code=204)


# POST /api/v1/dealer/orders/{id}/confirm (R10, R20) lives in embedded_server/orders/router.py
# (``require_dealer()``, 403 ``support_session_required`` outside a support session).
