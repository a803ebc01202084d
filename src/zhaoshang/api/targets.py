"""API router: targets. Authentication is set once on the NinjaAPI (api/urls.py) and inherited."""

from ninja import Router

router = Router(tags=["targets"])
