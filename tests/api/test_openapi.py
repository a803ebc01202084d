"""The schema loads and lists every route; the docs page is served offline."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import Client

ROUTES = {
    "/api/v1/trade/figures": {"get", "post"},
    "/api/v1/trade/units": {"get"},
    "/api/v1/spreadsheets/returns/{return_id}/workbook": {"get"},
    "/api/v1/spreadsheets/projects/workbook": {"get"},
    "/api/v1/spreadsheets/targets/workbook": {"get"},
    "/api/v1/spreadsheets/imports": {"post"},
    "/api/v1/spreadsheets/imports/{batch_id}/confirm": {"post"},
    "/api/v1/cases": {"get", "post"},
    "/api/v1/cases/{case_id}": {"get"},
    "/api/v1/cases/{case_id}/accept": {"post"},
    "/api/v1/cases/{case_id}/pass": {"post"},
    "/api/v1/cases/{case_id}/complete": {"post"},
    "/api/v1/assessments/{scheme}/{period}": {"get"},
    "/api/v1/inspections/enterprises": {"get"},
    "/api/v1/inspections/enterprises/{enterprise_id}": {"get"},
    "/api/v1/inspections/filings": {"get", "post"},
    "/api/v1/inspections/filings/{filing_id}": {"get"},
    "/api/v1/inspections/filings/{filing_id}/approve": {"post"},
    "/api/v1/inspections/filings/{filing_id}/refuse": {"post"},
    "/api/v1/inspections/stats/{year}/{month}": {"get"},
    "/api/v1/units": {"get"},
    "/api/v1/units/{unit_id}": {"get"},
    "/api/v1/projects": {"get", "post"},
    "/api/v1/projects/{project_id}": {"get", "patch"},
    "/api/v1/projects/{project_id}/stage": {"post"},
    "/api/v1/targets": {"get", "post"},
    "/api/v1/targets/{target_id}": {"get"},
    "/api/v1/targets/{target_id}/adjust": {"post"},
    "/api/v1/returns": {"get", "post"},
    "/api/v1/returns/{return_id}": {"get"},
    "/api/v1/returns/{return_id}/lines": {"put"},
    "/api/v1/returns/{return_id}/submit": {"post"},
    "/api/v1/returns/{return_id}/verify": {"post"},
    "/api/v1/returns/{return_id}/send-back": {"post"},
    "/api/v1/bulletins/{period}": {"get"},
}


def test_openapi_schema_loads_and_lists_every_route(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {path: set(ops) for path, ops in schema["paths"].items()} == ROUTES


def test_every_operation_requires_session_or_bearer_authentication(db):
    schema = Client().get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert len(operation["security"]) == 2, (method, path)


def _scalar_types(spec: dict) -> set[str | None]:
    if spec.get("type") == "array":
        return _scalar_types(spec["items"])
    if "anyOf" in spec:
        return set().union(*(_scalar_types(option) for option in spec["anyOf"]))
    return {spec.get("type")}


def test_amounts_are_documented_as_strings_never_numbers(db):
    components = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    amount_fields = [
        (name, field, spec)
        for name, model in components.items()
        for field, spec in model.get("properties", {}).items()
        if field.endswith("_yuan") or field in {"value", "current_value", "original_value"}
        if "$ref" not in spec  # nested objects are checked through their own properties
    ]
    assert len(amount_fields) > 10
    for name, field, spec in amount_fields:
        types = _scalar_types(spec)
        assert "number" not in types and "string" in types, (name, field, spec)


def test_docs_page_is_served_offline_from_local_static_files(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html and "https://" not in html
    assert "cdn" not in html.lower()
    scripts = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert scripts, html
    for url in scripts:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url
