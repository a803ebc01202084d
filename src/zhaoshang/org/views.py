"""The unit tree page (scoped to what the user may see); a person's own password and sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhaoshang.core.ratelimit import FailureLimit
from zhaoshang.org import actions
from zhaoshang.org.queries import unit_tree

# Failed logins from one IP address, whatever the usernames (django-axes locks a username + IP
# pair after 5; this stops one address trying many usernames).
LOGIN_FAILURES = FailureLimit(
    "org.login", "LOGIN_IP_MAX_FAILURES", "LOGIN_IP_WINDOW_SECONDS", 30, 15 * 60
)


class Login(auth_views.LoginView):
    """Django's login page, refused with 429 while the IP address has too many failures."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if LOGIN_FAILURES.blocked(request):
            response = render(
                request, "org/login_limited.html", {"minutes": LOGIN_FAILURES.minutes}, status=429
            )
            response["Retry-After"] = str(LOGIN_FAILURES.window)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        LOGIN_FAILURES.failed(self.request)
        return super().form_invalid(form)


@login_required
@require_GET
def units(request: HttpRequest) -> HttpResponse:
    return render(request, "org/units.html", {"tree": unit_tree(request.user)})


class PasswordChange(auth_views.PasswordChangeView):
    """Choose a new password; the forced change after a first login or an admin reset ends here."""

    template_name = "org/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.password_changed_by_owner(actor=self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    person = actions.end_other_sessions(actor=request.user)
    update_session_auth_hash(request, person)  # this session goes on; every other one ends
    messages.success(request, _("已退出其他所有设备上的登录。"))
    return redirect("org:password_change")
