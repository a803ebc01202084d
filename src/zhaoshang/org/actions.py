"""Changes a person makes to their own sign-in: ending their other sessions, a new password."""

from __future__ import annotations

from zhaoshang.core.actions import action
from zhaoshang.core.events import record_event
from zhaoshang.org.models import User


@action
def end_other_sessions(*, actor: User) -> User:
    """Every session of ``actor`` ends (the caller re-stamps the one it is serving)."""
    person = User.objects.select_for_update().get(pk=actor.pk)
    person.session_epoch += 1
    person.save(update_fields=["session_epoch"])
    record_event(actor=actor, verb="person.sessions_ended", subject=person, unit=person.unit)
    return person


@action
def password_changed_by_owner(*, actor: User) -> User:
    """The person chose their own password: the forced change is done."""
    person = User.objects.select_for_update().get(pk=actor.pk)
    if person.must_change_password:
        person.must_change_password = False
        person.save(update_fields=["must_change_password"])
    record_event(actor=actor, verb="person.password_changed", subject=person, unit=person.unit)
    return person
