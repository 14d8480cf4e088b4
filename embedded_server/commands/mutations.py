"""The command mutation of ``POST /mutations``: ``command.send`` (queued offline)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from embedded_server.commands import service
from embedded_server.commands.schemas import CommandOut, CommandSendPayload
from embedded_server.sync.mutation_types import MutationType, Pushed
from mpro_desktop.domain.accounts import Permission


def _send(session: Session, m: Pushed) -> dict[str, Any]:
    p = m.payload
    c = service.send_command(session, company_id=m.company_id, vehicle_id=p.vehicle_id,
                             type_=p.type, params=p.params, ttl_s=p.ttl_s, age_s=m.age_s,
                             command_id=p.command_id)
    return CommandOut.dump(c)


MUTATIONS = (MutationType("command.send", CommandSendPayload, Permission.SEND_COMMANDS, _send),)
