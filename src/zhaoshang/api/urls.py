"""The JSON API under /api/v1/: one router module per app, session or token authentication."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Zhaoshang API",
    version="1",
    description="招商引资与外经外贸工作系统接口。所有数据按角色与单位限定范围。",
    urls_namespace="api",
)
