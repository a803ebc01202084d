"""The JSON API under /api/v1/: one router module per app, session or token authentication."""

from ninja import NinjaAPI

from zhaoshang.api import (
    assessment,
    bulletins,
    casework,
    errors,
    inspections,
    projects,
    ratelimit,
    returns,
    spreadsheets,
    targets,
    trade,
    units,
)
from zhaoshang.api.auth import AUTH

api = NinjaAPI(
    title="Zhaoshang API",
    version="1",
    description=(
        "招商引资与外经外贸工作系统接口。所有数据按角色与单位限定范围。"
        '金额一律为以“元”计的十进制字符串(如 "25200000.00"),从不使用浮点数。'
    ),
    urls_namespace="api",
    auth=AUTH,
)
errors.install(api)
ratelimit.install(api)
api.add_router("/units", units.router)
api.add_router("/projects", projects.router)
api.add_router("/targets", targets.router)
api.add_router("/returns", returns.router)
api.add_router("/bulletins", bulletins.router)
api.add_router("/inspections", inspections.router)
api.add_router("/assessments", assessment.router)
api.add_router("/cases", casework.router)
api.add_router("/spreadsheets", spreadsheets.router)
api.add_router("/trade", trade.router)
