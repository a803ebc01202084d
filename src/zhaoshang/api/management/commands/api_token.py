"""``zhaoshang api_token create USERNAME --name N --days 90`` / ``zhaoshang api_token revoke PREFIX``.

From the console the token's own user is the actor: the event log shows who the token is for."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.api import actions
from zhaoshang.api.models import ApiToken
from zhaoshang.org.models import User


class Command(BaseCommand):
    help = "创建或吊销接口访问令牌(令牌只在创建时显示一次)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户创建令牌")
        create.add_argument("username")
        create.add_argument("--name", required=True)
        create.add_argument("--days", type=int, default=90)
        revoke = sub.add_parser("revoke", help="按前缀吊销令牌")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                self._create(options["username"], options["name"], options["days"])
            else:
                self._revoke(options["prefix"])
        except ValidationError as exc:
            raise CommandError(";".join(exc.messages)) from exc

    def _create(self, username: str, name: str, days: int) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在")
        token, key = actions.create_token(actor=user, user=user, name=name, days=days)
        self.stdout.write(f"令牌 {token.prefix} 已创建,{token.expires_at:%Y-%m-%d} 到期。")
        self.stdout.write("请立即保存,此密钥不会再次显示:")
        self.stdout.write(key)

    def _revoke(self, prefix: str) -> None:
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"前缀为 {prefix} 的令牌不存在")
        actions.revoke_token(actor=token.user, token=token)
        self.stdout.write(f"令牌 {prefix} 已吊销。")
