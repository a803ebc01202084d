"""What gets recorded without each view remembering to: logins, logouts, failed logins and
lockouts (auth and axes signals), and changes to people and their roles (model signals)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from simple_history.models import HistoricalRecords

from zhaoshang.audit.log import append
from zhaoshang.audit.models import AuditRecord
from zhaoshang.core.actions import current_actor

# The fields of a person whose change is a security event (the password only as "changed").
WATCHED = ("username", "role", "unit_id", "is_active", "is_staff", "is_superuser", "password")


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    append(AuditRecord.Kind.LOGIN, request=request, user=user)


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    append(AuditRecord.Kind.LOGOUT, request=request, user=user)


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    username = str(credentials.get("username", ""))
    append(AuditRecord.Kind.LOGIN_FAILED, request=request, user=None, username=username)


def _locked_out(sender: Any, request: Any, username: str, ip_address: str, **kw: Any) -> None:
    append(AuditRecord.Kind.LOCKOUT, request=request, user=None, username=username or "")


def _remember(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    instance._audit_before = type(instance).objects.filter(pk=instance.pk).values(*WATCHED).first()


def _person_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    after = {field: getattr(instance, field) for field in WATCHED}
    if created or before is None:
        changes = {k: [None, v] for k, v in after.items() if k != "password"}
        verb = "created"
    else:
        changes = {k: [before[k], after[k]] for k in WATCHED if before[k] != after[k]}
        verb = "changed"
    if not changes:
        return
    if "password" in changes:
        changes["password"] = ["…", "…"]  # that it changed, never the hashes
    # The acting person: an action's actor, else the request being served (the admin's pages).
    request = getattr(HistoricalRecords.context, "request", None)
    append(
        AuditRecord.Kind.PERSON,
        request=request,
        user=current_actor() or getattr(request, "user", None),
        detail={"person": instance.get_username(), "verb": verb, "changes": changes},
    )


def connect() -> None:
    from zhaoshang.org.models import User

    user_logged_in.connect(_logged_in, dispatch_uid="audit.login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit.logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit.login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit.lockout")
    pre_save.connect(_remember, sender=User, dispatch_uid="audit.person.before")
    post_save.connect(_person_saved, sender=User, dispatch_uid="audit.person.after")
