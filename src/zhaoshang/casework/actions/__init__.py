"""Every change to a case, a commitment or the agency ledger. Keyword-only, explicit actor
(``None`` for the enterprise on the portal, who proves itself with tracking code + phone), one
transaction, scope re-checked, a step and an event written, notices sent. ``now`` may be passed
(tests, the tick) instead of the clock.

Split by meaning: intake, routing (and supervision), timing, closing, follow-up (contact,
follow-up, call-backs), service."""

from zhaoshang.casework.actions.closing import complete_case, rate_case, withdraw_case
from zhaoshang.casework.actions.common import STAFF_ROLES, max_attachment_bytes
from zhaoshang.casework.actions.followup import may_call_back, record_callback, record_contact
from zhaoshang.casework.actions.intake import register_case, submit_case
from zhaoshang.casework.actions.routing import accept_case, escalate_case, pass_on, send_back, tick
from zhaoshang.casework.actions.service import assign_agent, record_agency_service, save_commitment
from zhaoshang.casework.actions.timing import (
    ask_extension,
    decide_extension,
    pause_case,
    resume_case,
)

__all__ = [
    "STAFF_ROLES",
    "accept_case",
    "ask_extension",
    "assign_agent",
    "complete_case",
    "decide_extension",
    "escalate_case",
    "max_attachment_bytes",
    "may_call_back",
    "pass_on",
    "pause_case",
    "rate_case",
    "record_agency_service",
    "record_callback",
    "record_contact",
    "register_case",
    "resume_case",
    "save_commitment",
    "send_back",
    "submit_case",
    "tick",
    "withdraw_case",
]
