"""Who may read (GET) and write (POST, or the API operation's method) every route.

Each entry names a route (``namespace:name``), how to build its URL from the scene
(tests/security/scene.py) and a rule for reading and one for writing. A rule is the set of
personas who are let through: a 2xx/3xx answer that is not a redirect to the login page, or a
400/422 (the request passed the permission check and was refused for its data — writes are sent
empty). Everybody else must be refused: 403/404/405, 401 from the API, or for the anonymous
visitor a redirect to the login page.

Adding a route: add one line to ``ROUTES`` (reuse a rule, or add a named rule below). The test
``test_every_route_is_in_the_matrix`` fails until you do. A route somebody may write to also needs
a valid body in ``BODIES`` (below; ``test_every_write_route_has_a_valid_body`` fails until it has
one): tests/security/test_valid_writes.py sends it as every persona and checks that the refused
change nothing in the database and the allowed succeed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PERSONAS = (
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "leader",
    "auditor",
    "admin",
    "outsider",
    "anonymous",
)


@dataclass(frozen=True)
class Rule:
    name: str
    allowed: frozenset[str]

    def __or__(self, other: Rule) -> Rule:
        return Rule(f"{self.name}|{other.name}", self.allowed | other.allowed)

    def __sub__(self, other: Rule) -> Rule:
        return Rule(f"{self.name}-{other.name}", self.allowed - other.allowed)


def rule(name: str, *personas: str) -> Rule:
    unknown = set(personas) - set(PERSONAS)
    assert not unknown, unknown
    return Rule(name, frozenset(personas))


# --- named rules --------------------------------------------------------------------------------
NOBODY = rule("NOBODY")
PUBLIC = rule("PUBLIC", *PERSONAS)
SIGNED_IN = rule("SIGNED_IN", *(p for p in PERSONAS if p != "anonymous"))
REPORTERS = rule("REPORTERS", "township_reporter", "dept_reporter")
UNIT_STAFF = rule("UNIT_STAFF", "township_reporter", "dept_reporter", "unit_leader")
OUTSIDER = rule("OUTSIDER", "outsider")
BUREAU = rule("BUREAU", "bureau")
ADMIN = rule("ADMIN", "admin")
AUDITOR = rule("AUDITOR", "auditor")
LEADER = rule("LEADER", "leader")
# every signed-in person of the district (the outsider belongs to another one)
DISTRICT = SIGNED_IN - OUTSIDER
DISTRICT_READERS = rule("DISTRICT_READERS", "bureau", "leader", "auditor", "admin")
# 相公街道's people (the scene's project, return, case… belong to 相公街道) and district readers
XIANGGONG = rule("XIANGGONG", "township_reporter", "unit_leader")
XIANGGONG_READ = XIANGGONG | DISTRICT_READERS
TOWNSHIP_WRITE = XIANGGONG | BUREAU
BUREAU_WRITE = BUREAU
MANAGERS = rule("MANAGERS", "bureau", "admin")  # the administrator may do what the bureau does
XIANGGONG_EDIT = XIANGGONG | MANAGERS
# people who register things for their own unit (the outsider for its own district)
EDITORS = SIGNED_IN - LEADER - AUDITOR
CASE_REGISTRARS = EDITORS - ADMIN
FILERS = EDITORS - BUREAU
# 供销社 (a department) filed the scene's inspection; townships do not see departments' filings
FILING_READERS = rule("FILING_READERS", "dept_reporter") | DISTRICT_READERS
# Pages that answer a POST like a GET (they change nothing): the write rule is their read rule.
# Validation before permission: some forms validate the data first and only then call the action,
# which checks the permission; an empty POST is then answered with the form's error (400/422) or
# a redirect with the error message for anybody who can see the object. The refusal of a valid
# write is proven with the route's valid body (``BODIES``, tests/security/test_valid_writes.py).


@dataclass(frozen=True)
class Route:
    url: Callable[[Any], str]
    read: Rule
    write: Rule
    write_method: str = "post"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def r(name: str, **kwargs: Callable[[Any], Any]) -> Callable[[Any], str]:
    """A URL builder: ``r("projects:detail", pk=lambda s: s.project.pk)``."""

    def build(scene: Any) -> str:
        from django.urls import reverse

        return reverse(name, kwargs={k: f(scene) for k, f in kwargs.items()})

    return build


def pk(attr: str) -> Callable[[Any], Any]:
    return lambda s: getattr(s, attr).pk


MARCH = {"year": lambda s: 2026, "month": lambda s: 3}

# Routes left out on purpose, with the reason. Matched on the route name's namespace or path.
EXCLUDED_NAMESPACES = {
    "admin": "Django admin: staff-only by Django's own admin_view check; the audit model's "
    "admin is covered by tests/audit/test_log.py",
}
EXCLUDED_PATHS = {
    "^media/(?P<path>.*)$": "DEBUG-only static file serving (not mounted in production)",
}

S = SIGNED_IN
RO = NOBODY  # the write rule of read-only pages: POST is refused (405 or 403) for everyone

ROUTES: dict[str, Route] = {
    # core, identity
    "home": Route(r("home"), read=S, write=S, note="answers POST like GET"),
    "login": Route(r("login"), read=PUBLIC, write=PUBLIC, note="empty POST re-shows the form"),
    "logout": Route(
        r("logout"),
        read=RO,
        write=PUBLIC,
        note="sends everybody to the login page",
        extra={"login_is_success": True},
    ),
    "healthz": Route(r("healthz"), read=PUBLIC, write=RO),
    "set_language": Route(r("set_language"), read=PUBLIC, write=PUBLIC),
    "org:units": Route(r("org:units"), read=S, write=RO),
    "org:password_change": Route(r("org:password_change"), read=S, write=S),
    "org:end_other_sessions": Route(r("org:end_other_sessions"), read=RO, write=S),
    # projects
    "projects:list": Route(r("projects:list"), read=S, write=RO),
    "projects:create": Route(r("projects:create"), read=EDITORS, write=EDITORS),
    "projects:detail": Route(r("projects:detail", pk=pk("project")), read=XIANGGONG_READ, write=RO),
    "projects:edit": Route(
        r("projects:edit", pk=pk("project")), read=XIANGGONG_EDIT, write=XIANGGONG_EDIT
    ),
    "projects:stage": Route(r("projects:stage", pk=pk("project")), read=RO, write=XIANGGONG_EDIT),
    "projects:evidence_upload": Route(
        r("projects:evidence_upload", pk=pk("project")), read=RO, write=XIANGGONG_EDIT
    ),
    "projects:evidence_download": Route(
        r("projects:evidence_download", pk=pk("evidence")), read=XIANGGONG_READ, write=RO
    ),
    "projects:checkin": Route(
        r("projects:checkin", pk=pk("project")), read=XIANGGONG_EDIT, write=XIANGGONG_EDIT
    ),
    "projects:checkin_photo": Route(
        r("projects:checkin_photo", pk=lambda s: s.checkin.pk if s.checkin else 0),
        read=XIANGGONG_READ,
        write=RO,
    ),
    # dashboard
    "dashboard:index": Route(r("dashboard:index"), read=DISTRICT_READERS, write=RO),
    "dashboard:detail": Route(r("dashboard:detail", **MARCH), read=DISTRICT_READERS, write=RO),
    "dashboard:projects": Route(r("dashboard:projects", **MARCH), read=DISTRICT_READERS, write=RO),
    "dashboard:status": Route(
        r("dashboard:status", **MARCH, status=lambda s: "not_reported"),
        read=DISTRICT_READERS,
        write=RO,
    ),
    # targets
    "targets:list": Route(r("targets:list"), read=S, write=RO),
    "targets:baseline": Route(r("targets:baseline"), read=NOBODY, write=MANAGERS),
    "targets:detail": Route(r("targets:detail", pk=pk("target")), read=XIANGGONG_READ, write=RO),
    "targets:adjust": Route(r("targets:adjust", pk=pk("target")), read=NOBODY, write=MANAGERS),
    # reporting
    "reporting:periods": Route(r("reporting:periods"), read=S, write=RO),
    "reporting:open": Route(r("reporting:open"), read=NOBODY, write=MANAGERS),
    "reporting:board": Route(r("reporting:board", pk=pk("period")), read=DISTRICT, write=RO),
    "reporting:close": Route(r("reporting:close", pk=pk("period")), read=RO, write=MANAGERS),
    "reporting:city_rank": Route(
        r("reporting:city_rank", pk=pk("period")), read=RO, write=MANAGERS
    ),
    "reporting:mine": Route(r("reporting:mine", pk=pk("period")), read=UNIT_STAFF, write=RO),
    "reporting:return": Route(
        r("reporting:return", pk=pk("unit_return")), read=XIANGGONG_READ, write=XIANGGONG
    ),
    "reporting:confirm": Route(
        r("reporting:confirm", pk=pk("unit_return")), read=RO, write=XIANGGONG
    ),
    "reporting:verify": Route(r("reporting:verify", pk=pk("unit_return")), read=RO, write=MANAGERS),
    "reporting:send_back": Route(
        r("reporting:send_back", pk=pk("unit_return")), read=RO, write=MANAGERS
    ),
    "reporting:correct": Route(
        r("reporting:correct", pk=pk("unit_return")), read=NOBODY, write=MANAGERS
    ),
    # bulletins
    "bulletins:latest": Route(
        r("bulletins:latest"),
        read=S,
        write=S,
        note="each district sees its own; answers POST like GET",
    ),
    "bulletins:detail": Route(
        r("bulletins:detail", **MARCH), read=DISTRICT, write=DISTRICT, note="answers POST like GET"
    ),
    "bulletins:drilldown": Route(
        r("bulletins:drilldown", **MARCH, code=lambda s: s.world.xianggong.code),
        read=XIANGGONG_READ,
        write=XIANGGONG_READ,
        note="answers POST like GET",
    ),
    "bulletins:draft": Route(r("bulletins:draft", **MARCH), read=MANAGERS, write=MANAGERS),
    "bulletins:publish": Route(r("bulletins:publish", **MARCH), read=NOBODY, write=MANAGERS),
    "bulletins:job": Route(
        r("bulletins:job", pk=pk("job")),
        read=MANAGERS,
        write=MANAGERS,
        note="answers POST like GET",
    ),
    "bulletins:published": Route(
        r("bulletins:published", pk=pk("published")),
        read=DISTRICT,
        write=DISTRICT,
        note="answers POST like GET",
    ),
    "bulletins:download": Route(
        r("bulletins:download", pk=pk("published"), kind=lambda s: "pdf"),
        read=DISTRICT,
        write=DISTRICT,
        note="answers POST like GET",
    ),
    # spreadsheets
    "spreadsheets:targets_download": Route(r("spreadsheets:targets_download"), read=S, write=RO),
    "spreadsheets:projects_download": Route(r("spreadsheets:projects_download"), read=S, write=RO),
    "spreadsheets:return_download": Route(
        r("spreadsheets:return_download", pk=pk("unit_return")),
        read=XIANGGONG_READ,
        write=XIANGGONG_READ,
        note="answers POST like GET",
    ),
    "spreadsheets:return_upload": Route(
        r("spreadsheets:return_upload", pk=pk("unit_return")),
        read=XIANGGONG_EDIT,
        write=XIANGGONG_EDIT,
    ),
    "spreadsheets:return_confirm": Route(
        r("spreadsheets:return_confirm", pk=pk("unit_return"), batch=pk("return_batch")),
        read=RO,
        write=rule("UPLOADER", "township_reporter"),
        note="only who uploaded the batch",
    ),
    "spreadsheets:book_download": Route(
        r("spreadsheets:book_download", kind=lambda s: "units"), read=MANAGERS, write=RO
    ),
    "spreadsheets:book_upload": Route(
        r("spreadsheets:book_upload", kind=lambda s: "projects"), read=EDITORS, write=EDITORS
    ),
    "spreadsheets:book_confirm": Route(
        r("spreadsheets:book_confirm", kind=lambda s: "projects", batch=pk("book_batch")),
        read=RO,
        write=BUREAU,
    ),
    # casework
    "casework:list": Route(r("casework:list"), read=S, write=RO),
    "casework:register": Route(r("casework:register"), read=CASE_REGISTRARS, write=CASE_REGISTRARS),
    "casework:stats": Route(r("casework:stats"), read=S, write=RO),
    "casework:callbacks": Route(
        r("casework:callbacks"), read=DISTRICT_READERS | rule("UNIT_HEADS", "unit_leader"), write=RO
    ),
    "casework:callback_record": Route(
        r("casework:callback_record", pk=pk("case")), read=RO, write=MANAGERS
    ),
    "casework:commitments": Route(
        r("casework:commitments"), read=S, write=rule("COMMITMENT_EDITORS", "unit_leader", "admin")
    ),
    "casework:agency": Route(r("casework:agency"), read=S, write=MANAGERS),
    "casework:ledger": Route(
        r("casework:ledger", pk=pk("assignment")),
        read=XIANGGONG_READ,
        write=rule("AGENT", "township_reporter") | MANAGERS,
    ),
    "casework:inbox": Route(
        r("casework:inbox"), read=S, write=S, note="POST marks notifications read"
    ),
    "casework:detail": Route(r("casework:detail", pk=pk("case")), read=XIANGGONG_READ, write=RO),
    "casework:attachment": Route(
        r("casework:attachment", pk=pk("case"), attachment_id=pk("attachment")),
        read=XIANGGONG_READ,
        write=RO,
    ),
    "casework:act": Route(
        r("casework:act", pk=pk("case"), verb=lambda s: "accept"),
        read=RO,
        write=XIANGGONG_EDIT,
        note="validates first, then redirects with the message",
    ),
    # assessment
    "assessment:index": Route(r("assessment:index"), read=S, write=RO),
    "assessment:save_scheme": Route(r("assessment:save_scheme"), read=RO, write=MANAGERS),
    "assessment:scheme": Route(r("assessment:scheme", pk=pk("scheme")), read=DISTRICT, write=RO),
    "assessment:scheme_yaml": Route(
        r("assessment:scheme_yaml", pk=pk("scheme")), read=DISTRICT, write=RO
    ),
    "assessment:run_scheme": Route(r("assessment:run_scheme"), read=RO, write=MANAGERS),
    "assessment:run": Route(r("assessment:run", pk=pk("run")), read=DISTRICT, write=RO),
    "assessment:finalise": Route(r("assessment:finalise", pk=pk("run")), read=RO, write=MANAGERS),
    "assessment:sheet": Route(
        r("assessment:sheet", pk=pk("result")), read=XIANGGONG_READ, write=RO
    ),
    "assessment:object": Route(
        r("assessment:object", pk=pk("result")),
        read=RO,
        write=XIANGGONG_READ,
        note="validates first",
    ),
    "assessment:resolve": Route(
        r("assessment:resolve", pk=pk("objection")),
        read=RO,
        write=XIANGGONG_READ,
        note="validates first, then redirects with the message",
    ),
    "assessment:ledger": Route(r("assessment:ledger"), read=S, write=RO),
    "assessment:add_deduction": Route(r("assessment:add_deduction"), read=RO, write=MANAGERS),
    "assessment:add_measure": Route(r("assessment:add_measure"), read=RO, write=MANAGERS),
    # inspections
    "inspections:enterprises": Route(r("inspections:enterprises"), read=S, write=RO),
    "inspections:enterprise_new": Route(
        r("inspections:enterprise_new"), read=EDITORS, write=EDITORS
    ),
    "inspections:enterprise": Route(
        r("inspections:enterprise", pk=pk("enterprise")), read=XIANGGONG_READ, write=RO
    ),
    "inspections:enterprise_edit": Route(
        r("inspections:enterprise_edit", pk=pk("enterprise")),
        read=XIANGGONG_EDIT,
        write=XIANGGONG_EDIT,
    ),
    "inspections:enterprise_status": Route(
        r("inspections:enterprise_status", pk=pk("enterprise")),
        read=RO,
        write=XIANGGONG_EDIT,
        note="validates first",
    ),
    "inspections:protections": Route(r("inspections:protections"), read=S, write=MANAGERS),
    "inspections:protection_renew": Route(
        r("inspections:protection_renew", pk=pk("protection")), read=RO, write=MANAGERS
    ),
    "inspections:protection_remove": Route(
        r("inspections:protection_remove", pk=pk("protection")), read=RO, write=MANAGERS
    ),
    "inspections:filings": Route(r("inspections:filings"), read=S, write=RO),
    "inspections:filing_new": Route(r("inspections:filing_new"), read=FILERS, write=FILERS),
    "inspections:filing": Route(
        r("inspections:filing", pk=pk("filing")), read=FILING_READERS, write=RO
    ),
    "inspections:approve": Route(
        r("inspections:approve", pk=pk("filing")), read=RO, write=MANAGERS
    ),
    "inspections:refuse": Route(r("inspections:refuse", pk=pk("filing")), read=RO, write=MANAGERS),
    "inspections:merge": Route(r("inspections:merge"), read=NOBODY, write=MANAGERS),
    "inspections:stats": Route(r("inspections:stats"), read=S, write=RO),
    # audit
    "audit:list": Route(r("audit:list"), read=AUDITOR, write=RO),
    "audit:export": Route(r("audit:export"), read=AUDITOR, write=RO),
    # public portal and public services
    "service:request": Route(r("service:request"), read=PUBLIC, write=PUBLIC),
    "service:track": Route(
        r("service:track"), read=PUBLIC, write=PUBLIC, extra={"not_found_is_answer": True}
    ),
    "service:rate": Route(
        r("service:rate"), read=NOBODY, write=PUBLIC, extra={"not_found_is_answer": True}
    ),
    "service:commitments": Route(r("service:commitments"), read=PUBLIC, write=RO),
    "verify:check": Route(r("verify:check"), read=PUBLIC, write=PUBLIC),
    "verify:rate": Route(
        r("verify:rate"), read=NOBODY, write=PUBLIC, extra={"not_found_is_answer": True}
    ),
    "verify:report": Route(r("verify:report"), read=PUBLIC, write=PUBLIC),
    "verify:protected": Route(
        r("verify:protected"),
        read=NOBODY,
        write=RO,
        note="404 unless ZHAOSHANG_PUBLISH_PROTECTION_LIST is on (off by default)",
    ),
    "portal:list": Route(r("portal:list"), read=PUBLIC, write=RO),
    "portal:feed": Route(r("portal:feed"), read=PUBLIC, write=PUBLIC, note="answers POST like GET"),
    "portal:upload": Route(r("portal:upload"), read=MANAGERS, write=MANAGERS),
    "portal:detail": Route(
        r("portal:detail", public_id=lambda s: s.document.public_id), read=PUBLIC, write=RO
    ),
    "portal:download": Route(
        r("portal:download", public_id=lambda s: s.document.public_id), read=PUBLIC, write=RO
    ),
    "portal:preview": Route(
        r("portal:preview", public_id=lambda s: s.document.public_id, page=lambda s: 1),
        read=PUBLIC,
        write=RO,
    ),
    "portal:withdraw": Route(
        r("portal:withdraw", public_id=lambda s: s.document.public_id), read=RO, write=MANAGERS
    ),
}


def opt_pk(attr: str) -> Callable[[Any], Any]:
    """The pk of an object another helper's app may not create yet (0 then: 404 for all)."""
    return lambda s: getattr(s, attr).pk if getattr(s, attr, None) is not None else 0


ROUTES.update(
    {
        # trade (foreign trade figures)
        "trade:overview": Route(r("trade:overview"), read=S, write=S, note="answers POST like GET"),
        "trade:figures": Route(r("trade:figures"), read=MANAGERS, write=MANAGERS),
        "trade:import": Route(r("trade:import"), read=MANAGERS, write=MANAGERS),
        # meetings (site-visit meetings and their resolutions)
        "meetings:index": Route(r("meetings:index"), read=S, write=MANAGERS),
        "meetings:detail": Route(
            r("meetings:detail", pk=opt_pk("meeting")), read=DISTRICT_READERS, write=RO
        ),
        "meetings:add": Route(r("meetings:add", pk=opt_pk("meeting")), read=RO, write=MANAGERS),
        "meetings:pack": Route(
            r("meetings:pack", pk=opt_pk("meeting")), read=DISTRICT_READERS, write=RO
        ),
        "meetings:pack_pdf": Route(
            r("meetings:pack_pdf", pk=opt_pk("meeting")), read=DISTRICT_READERS, write=RO
        ),
        "meetings:resolution_add": Route(
            r("meetings:resolution_add", pk=opt_pk("meeting")), read=RO, write=MANAGERS
        ),
        "meetings:resolutions": Route(r("meetings:resolutions"), read=S, write=RO),
        "meetings:resolution": Route(
            r("meetings:resolution", pk=opt_pk("resolution")),
            read=XIANGGONG_READ,
            write=XIANGGONG_EDIT,
        ),
        "meetings:resolution_close": Route(
            r("meetings:resolution_close", pk=opt_pk("resolution")),
            read=RO,
            write=XIANGGONG_READ,
            note="validates first",
        ),
        "meetings:account": Route(
            r("meetings:account", pk=opt_pk("stop")), read=XIANGGONG_EDIT, write=XIANGGONG_EDIT
        ),
        "meetings:checkin": Route(
            r("meetings:checkin", pk=opt_pk("stop")), read=XIANGGONG_EDIT, write=XIANGGONG_EDIT
        ),
        "meetings:move": Route(
            r("meetings:move", pk=opt_pk("stop"), direction=lambda s: "up"), read=RO, write=MANAGERS
        ),
    }
)

# --- the API (/api/v1) ---------------------------------------------------------------------------
# Reads: GET. Writes: the operation's own method, empty JSON body. Several operations share a path
# (list_projects GET and create_project POST): each is listed under its own name.
API = rule("API", *(p for p in PERSONAS if p != "anonymous"))
API_DISTRICT = API - OUTSIDER

ROUTES.update(
    {
        "api:openapi-json": Route(
            r("api:openapi-json"), read=PUBLIC, write=PUBLIC, note="answers POST like GET"
        ),
        "api:openapi-view": Route(
            r("api:openapi-view"), read=PUBLIC, write=PUBLIC, note="answers POST like GET"
        ),
        "api:api-root": Route(
            r("api:api-root"), read=NOBODY, write=RO, note="ninja's catch-all: 404 for everybody"
        ),
        "api:list_units": Route(r("api:list_units"), read=API, write=RO),
        "api:unit_detail": Route(
            r("api:unit_detail", unit_id=lambda s: s.world.xianggong.pk),
            read=XIANGGONG_READ,
            write=RO,
        ),
        "api:list_projects": Route(r("api:list_projects"), read=API, write=API),
        "api:create_project": Route(r("api:create_project"), read=API, write=API),
        "api:project_detail": Route(
            r("api:project_detail", project_id=pk("project")), read=XIANGGONG_READ, write=RO
        ),
        "api:update_project": Route(
            r("api:update_project", project_id=pk("project")),
            read=XIANGGONG_READ,
            write=XIANGGONG_EDIT,
            write_method="patch",
        ),
        "api:change_stage": Route(
            r("api:change_stage", project_id=pk("project")),
            read=RO,
            write=API,
            note="validates first",
        ),
        "api:list_targets": Route(r("api:list_targets"), read=API, write=API),
        "api:set_baseline": Route(r("api:set_baseline"), read=API, write=API),
        "api:target_detail": Route(
            r("api:target_detail", target_id=pk("target")), read=XIANGGONG_READ, write=RO
        ),
        "api:adjust": Route(
            r("api:adjust", target_id=pk("target")), read=RO, write=API, note="validates first"
        ),
        "api:list_returns": Route(r("api:list_returns"), read=API, write=API),
        "api:prefill": Route(r("api:prefill"), read=API, write=API),
        "api:return_detail": Route(
            r("api:return_detail", return_id=pk("unit_return")), read=XIANGGONG_READ, write=RO
        ),
        "api:save_lines": Route(
            r("api:save_lines", return_id=pk("unit_return")),
            read=RO,
            write=API,
            write_method="put",
            note="validates first",
        ),
        "api:submit": Route(
            r("api:submit", return_id=pk("unit_return")), read=RO, write=XIANGGONG_EDIT
        ),
        "api:verify": Route(r("api:verify", return_id=pk("unit_return")), read=RO, write=MANAGERS),
        "api:send_back": Route(
            r("api:send_back", return_id=pk("unit_return")),
            read=RO,
            write=API,
            note="validates first",
        ),
        "api:bulletin": Route(
            r("api:bulletin", period=lambda s: "2026-03"), read=API_DISTRICT, write=RO
        ),
        "api:enterprises": Route(r("api:enterprises"), read=API, write=RO),
        "api:enterprise": Route(
            r("api:enterprise", enterprise_id=pk("enterprise")), read=XIANGGONG_READ, write=RO
        ),
        "api:filings": Route(r("api:filings"), read=API, write=API),
        "api:file_inspection": Route(r("api:file_inspection"), read=API, write=API),
        "api:filing": Route(r("api:filing", filing_id=pk("filing")), read=FILING_READERS, write=RO),
        "api:approve": Route(r("api:approve", filing_id=pk("filing")), read=RO, write=MANAGERS),
        "api:refuse": Route(r("api:refuse", filing_id=pk("filing")), read=RO, write=MANAGERS),
        "api:stats": Route(
            r("api:stats", year=lambda s: 2026, month=lambda s: 3), read=API, write=RO
        ),
        "api:assessment": Route(
            r("api:assessment", scheme=pk("scheme"), period=lambda s: "2026-Q1"),
            read=API_DISTRICT,
            write=RO,
        ),
        "api:list_cases": Route(r("api:list_cases"), read=API, write=API),
        "api:register_case": Route(r("api:register_case"), read=API, write=API),
        "api:case_detail": Route(
            r("api:case_detail", case_id=pk("case")), read=XIANGGONG_READ, write=RO
        ),
        "api:accept": Route(r("api:accept", case_id=pk("case")), read=RO, write=XIANGGONG_EDIT),
        "api:pass_on": Route(
            r("api:pass_on", case_id=pk("case")), read=RO, write=API, note="validates first"
        ),
        "api:complete": Route(
            r("api:complete", case_id=pk("case")), read=RO, write=API, note="validates first"
        ),
        "api:return_workbook": Route(
            r("api:return_workbook", return_id=pk("unit_return")), read=XIANGGONG_READ, write=RO
        ),
        "api:projects_workbook": Route(r("api:projects_workbook"), read=API, write=RO),
        "api:targets_workbook": Route(r("api:targets_workbook"), read=API, write=RO),
        "api:dry_run": Route(r("api:dry_run"), read=RO, write=API),
        "api:list_figures": Route(r("api:list_figures"), read=API, write=API),
        "api:record_figure": Route(r("api:record_figure"), read=API, write=API),
        "api:by_unit": Route(r("api:by_unit"), read=API, write=RO),
        "api:confirm": Route(r("api:confirm", batch_id=pk("book_batch")), read=RO, write=BUREAU),
    }
)

# --- valid bodies (tests/security/test_valid_writes.py) -----------------------------------------
# A minimal valid write per write route (web forms, "validates first" ones included, and every API
# write): sent by every persona, it must be refused without a trace by those the rule denies and
# succeed for those it allows. ``allowed`` is that rule when it is
# not the route's write rule (an empty write is refused for its data by anybody who can see the
# object; a valid one only by who may make it). ``prepare`` puts the scene's object in the state
# the write needs (inside the request's savepoint, rolled back after); ``url`` replaces the route's
# URL when the write needs another object (a draft return, a pending filing…); ``target`` is the
# row compared before and after; ``changes`` is False for writes that may succeed without a change.


@dataclass(frozen=True)
class Body:
    data: Callable[[Any, Any], Any]  # (scene, the persona's User or None) → the body
    allowed: Rule | None = None
    prepare: Callable[[Any], None] | None = None
    url: Callable[[Any], str] | None = None
    target: Callable[[Any], Any] | None = None
    changes: bool = True
    multipart: bool = False  # API uploads: a form, not JSON
    # further answers that count as a refusal, for writes naming their object by a code in the body
    # (a USCC, a workbook's rows): "not in your scope" is then a 422 on that field, not a 404
    refusals: frozenset[int] = frozenset()


def _new_project(scene: Any, user: Any) -> dict[str, Any]:
    from tests.world import uscc

    return {
        "lead_unit_id": scene.world.xianggong.pk,
        "uscc": uscc(),
        "investor_name": "新投资方",
        "code": f"API-{uscc()[-6:]}",
        "name": "接口登记项目",
        "origin": "abroad",
        "industry": "logistics",
        "planned_investment_yuan": "12000000",
        "start_date": "2026-02-01",
        "stage": "signed",
    }


def _baseline(scene: Any, user: Any) -> dict[str, Any]:
    return {
        "unit_id": scene.world.xianggong.pk,
        "indicator": "outside_funds",
        "year": 2027,
        "value": "40000000",
    }


def _prefill(scene: Any, user: Any) -> dict[str, Any]:
    return {"period": "2026-05", "unit_id": scene.world.xianggong.pk}


def _submitted(scene: Any) -> None:
    from zhaoshang.reporting import actions as reporting

    reporting.submit_return(actor=scene.world.township_reporter, unit_return=scene.draft_return)


def _filing(scene: Any, user: Any) -> dict[str, Any]:
    from django.utils import timezone

    from tests.inspections.helpers import routine_date_after

    return {
        "uscc": scene.free_enterprise.uscc,
        "kind": "routine",
        "matter": "安全生产",
        "legal_basis": "《中华人民共和国安全生产法》第六十五条",
        "items": "安全生产责任制落实情况",
        "inspectors": ["张三", "李四"],
        "planned_date": routine_date_after(timezone.localdate()).isoformat(),
    }


def _case(scene: Any, user: Any) -> dict[str, Any]:
    return {
        "enterprise_name": "某某物流有限公司",
        "contact": "王经理",
        "phone": "13900000000",
        "category": "business",
        "title": "施工许可办理缓慢",
        "description": "申请材料已齐,尚未办结",
    }


def _figure(scene: Any, user: Any) -> dict[str, Any]:
    return {
        "enterprise_id": scene.enterprise.pk,
        "year": 2026,
        "month": 3,
        "source": "unit",
        "imports_usd": "100000",
        "exports_usd": "250000",
    }


def _workbook(scene: Any, user: Any) -> dict[str, Any]:
    """The projects workbook with the rows of the persona's own unit (all for the district's)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhaoshang.spreadsheets import project_book

    rows = project_book.filtered_projects(user, {}, 2026) if user else None
    if rows is not None and user.unit_id and user.unit.kind != "district":
        own = rows.filter(lead_unit=user.unit)
        rows = own if own.exists() else rows
    data = project_book.write_projects(rows) if rows is not None else scene.projects_workbook
    return {
        "kind": "projects",
        "file": SimpleUploadedFile(
            "projects.xlsx",
            data,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    }


def _lines(scene: Any, user: Any) -> dict[str, Any]:
    return {
        "lines": [{"project_id": scene.project.pk, "funds_abroad_yuan": "5000000"}],
        "note": "到位500万元",
    }


def api_url(name: str, **kwargs: Callable[[Any], Any]) -> Callable[[Any], str]:
    return r(f"api:{name}", **kwargs)


DRAFT_RETURN = {"return_id": pk("draft_return")}
PENDING = {"filing_id": pk("pending_filing")}

BODIES: dict[str, Body] = {
    # web forms that validate first
    "casework:act": Body(
        lambda s, u: {},
        url=r("casework:act", pk=pk("new_case"), verb=lambda s: "accept"),
        target=lambda s: s.new_case,
    ),
    "assessment:object": Body(
        lambda s, u: {"text": "扣分依据有误,请复核"}, allowed=XIANGGONG, target=lambda s: s.result
    ),
    "assessment:resolve": Body(
        lambda s, u: {"decision": "rejected", "resolution": "经核实,扣分无误"},
        allowed=MANAGERS,
        target=lambda s: s.objection,
    ),
    "inspections:enterprise_status": Body(
        lambda s, u: {"status": "suspended", "reason": "停产整顿"}, target=lambda s: s.enterprise
    ),
    "meetings:resolution_close": Body(
        lambda s, u: {"on": "2026-03-25", "note": "已办结"},
        allowed=MANAGERS,
        target=lambda s: s.resolution,
    ),
    # the API
    "api:list_projects": Body(_new_project, allowed=XIANGGONG_EDIT),
    "api:create_project": Body(_new_project, allowed=XIANGGONG_EDIT),
    "api:update_project": Body(lambda s, u: {"name": "改名后的项目"}, target=lambda s: s.project),
    "api:change_stage": Body(
        lambda s, u: {"to_stage": "construction", "on": "2026-03-02"},
        allowed=XIANGGONG_EDIT,
        target=lambda s: s.project,
    ),
    "api:list_targets": Body(_baseline, allowed=MANAGERS),
    "api:set_baseline": Body(_baseline, allowed=MANAGERS),
    "api:adjust": Body(
        lambda s, u: {"value": "35000000", "reason": "年中调整"},
        allowed=MANAGERS,
        target=lambda s: s.target,
    ),
    "api:list_returns": Body(_prefill, allowed=XIANGGONG_EDIT),
    "api:prefill": Body(_prefill, allowed=XIANGGONG_EDIT),
    "api:save_lines": Body(
        _lines,
        allowed=XIANGGONG_EDIT,
        url=api_url("save_lines", **DRAFT_RETURN),
        target=lambda s: s.draft_return,
    ),
    "api:submit": Body(
        lambda s, u: None,
        url=api_url("submit", **DRAFT_RETURN),
        target=lambda s: s.draft_return,
    ),
    "api:verify": Body(
        lambda s, u: None,
        prepare=_submitted,
        url=api_url("verify", **DRAFT_RETURN),
        target=lambda s: s.draft_return,
    ),
    "api:send_back": Body(
        lambda s, u: {"reason": "数据需核实"},
        allowed=MANAGERS,
        prepare=_submitted,
        url=api_url("send_back", **DRAFT_RETURN),
        target=lambda s: s.draft_return,
    ),
    "api:filings": Body(_filing, allowed=FILERS - OUTSIDER, refusals=frozenset({422})),
    "api:file_inspection": Body(_filing, allowed=FILERS - OUTSIDER, refusals=frozenset({422})),
    "api:approve": Body(
        lambda s, u: {"note": "同意"},
        url=api_url("approve", **PENDING),
        target=lambda s: s.pending_filing,
    ),
    "api:refuse": Body(
        lambda s, u: {"note": "检查事项与职责不符"},
        url=api_url("refuse", **PENDING),
        target=lambda s: s.pending_filing,
    ),
    "api:list_cases": Body(_case, allowed=CASE_REGISTRARS),
    "api:register_case": Body(_case, allowed=CASE_REGISTRARS),
    "api:accept": Body(
        lambda s, u: None,
        url=api_url("accept", case_id=pk("new_case")),
        target=lambda s: s.new_case,
    ),
    "api:pass_on": Body(
        lambda s, u: {"to_unit_id": s.world.jiuqu.pk, "reason": "属九曲街道辖区"},
        allowed=XIANGGONG_EDIT,
        target=lambda s: s.case,
    ),
    "api:complete": Body(
        lambda s, u: {"result": "已协调办结施工许可"},
        allowed=XIANGGONG_EDIT,
        target=lambda s: s.case,
    ),
    "api:dry_run": Body(_workbook, allowed=EDITORS, multipart=True),
    "api:list_figures": Body(_figure, allowed=MANAGERS),
    "api:record_figure": Body(_figure, allowed=MANAGERS),
    "api:confirm": Body(
        lambda s, u: None,
        url=api_url("confirm", batch_id=pk("dry_run_batch")),
        target=lambda s: s.dry_run_batch,
    ),
}


# --- valid bodies of the web forms that check the permission first --------------------------------
# Their empty write is already refused by the matrix; the valid one proves the allowed succeed and
# the refused leave no trace with data that would have been written.


def _jpeg() -> Any:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buf, "JPEG")
    return SimpleUploadedFile("现场.jpg", buf.getvalue(), content_type="image/jpeg")


def _png(name: str = "证明.png") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")


def _own_unit(user: Any, scene: Any) -> Any:
    """The persona's unit, or 相公街道 for the district's people."""
    if user is None or user.unit is None or user.unit.kind != "unit" or user.unit.is_bureau:
        return scene.world.xianggong
    return user.unit


def _web_project(scene: Any, user: Any) -> dict[str, Any]:
    from tests.world import uscc

    code = uscc()
    return {
        "uscc": code,
        "investor_name": "网页登记投资方",
        "code": f"WEB-{code[-6:]}",
        "name": "网页登记项目",
        "lead_unit": _own_unit(user, scene).pk,
        "origin": "abroad",
        "industry": "logistics",
        "planned_investment_wan": "1200",
        "start_date": "2026-02-01",
        "stage": "signed",
        "stage_date": "2026-02-01",
    }


def _web_enterprise(scene: Any, user: Any) -> dict[str, Any]:
    from tests.world import uscc

    return {
        "uscc": uscc(),
        "name": "新登记企业有限公司",
        "responsible_unit": _own_unit(user, scene).pk,
        "industry": "manufacturing",
        "size": "small",
    }


def _web_filing(scene: Any, user: Any) -> dict[str, Any]:
    return {**_filing(scene, user), "inspectors": "张三、李四"}


def _intake(scene: Any, user: Any) -> dict[str, Any]:
    return {**_case(scene, user), "channel": "phone"}


def _completed(scene: Any) -> None:
    from django.utils import timezone

    from zhaoshang.casework import actions as casework

    casework.complete_case(
        actor=scene.world.township_reporter, case=scene.case, result="已办结", now=timezone.now()
    )


def _scheme_rule(scene: Any) -> str:
    return scene.scheme.spec.deductions[0].code


def _scheme_measure(scene: Any) -> str:
    return next(iter(scene.scheme.spec.external_measures))


def _web_workbook(scene: Any, user: Any) -> dict[str, Any]:
    return {"file": _workbook(scene, user)["file"]}


def _password() -> str:
    from tests.world import PASSWORD

    return PASSWORD


def _pdf() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal.helpers import make_pdf

    return SimpleUploadedFile(
        "通报.pdf", make_pdf("河东区招商引资工作通报(上传)"), content_type="application/pdf"
    )


def _xlsx(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return SimpleUploadedFile(name, data, content_type=kind)


def _customs_book(scene: Any) -> Any:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "海关数据"
    sheet.append(["企业名称", "统一社会信用代码", "月份", "进口额(美元)", "出口额(美元)"])
    sheet.append([scene.enterprise.name, scene.enterprise.uscc, "2026-03", 100, 900])
    out = io.BytesIO()
    book.save(out)
    return _xlsx("customs.xlsx", out.getvalue())


def _objection_resolved(scene: Any) -> None:
    """A run with an open objection cannot be finalised: the bureau rejects it first."""
    from zhaoshang.assessment import actions as assessment

    if scene.objection is not None:
        assessment.resolve_objection(
            actor=scene.world.bureau,
            objection=scene.objection,
            upheld=False,
            resolution="经核实,扣分无误",
        )


def _callback_not_reached(s: Any, u: Any) -> dict[str, str]:
    from django.utils import timezone

    return {"month": f"{timezone.localdate():%Y-%m}", "reached": "0", "note": "两次拨打未接通"}


def _withdraw_new_case(s: Any) -> None:
    from zhaoshang.casework import actions

    actions.withdraw_case(actor=None, case=s.new_case, reason="已自行解决", phone=s.new_case.phone)


SCHEME_YAML = Path(__file__).parents[2] / "src/zhaoshang/assessment/schemes/hedong-2026.yaml"

BODIES.update(
    {
        # identity
        "login": Body(
            lambda s, u: {"username": s.world.bureau.username, "password": _password()},
            changes=False,
        ),
        "logout": Body(lambda s, u: {}, changes=False),
        "set_language": Body(lambda s, u: {"language": "en", "next": "/"}, changes=False),
        "org:password_change": Body(
            lambda s, u: {
                "old_password": _password(),
                "new_password1": "Neu-Kennwort-2027!",
                "new_password2": "Neu-Kennwort-2027!",
            }
        ),
        "org:end_other_sessions": Body(lambda s, u: {}),
        # projects
        "projects:create": Body(_web_project),
        "projects:edit": Body(
            lambda s, u: {
                "name": "改名后的项目",
                "origin": "outside_province",
                "industry": "manufacturing",
                "planned_investment_wan": "5000",
                "start_date": "2026-01-10",
            },
            target=lambda s: s.project,
        ),
        "projects:stage": Body(
            lambda s, u: {"stage": "construction", "stage_date": "2026-03-02"},
            target=lambda s: s.project,
        ),
        "projects:evidence_upload": Body(
            lambda s, u: {"stage": "signed", "file": _png("合同.png"), "note": "合同扫描件"}
        ),
        "projects:checkin": Body(
            lambda s, u: {
                "photo": _jpeg(),
                "latitude": "35.07",
                "longitude": "118.40",
                "accuracy_m": "12",
            }
        ),
        # targets
        "targets:baseline": Body(
            lambda s, u: {
                "year": 2027,
                "indicator": "outside_funds",
                "issuer": "district",
                "unit": s.world.xianggong.pk,
                "value": "40000000",
                "reason": "年初下达",
            }
        ),
        "targets:adjust": Body(
            lambda s, u: {"value": "35000000", "reason": "年中调整"}, target=lambda s: s.target
        ),
        # reporting
        "reporting:open": Body(lambda s, u: {"year": 2026, "month": 6, "deadline": "2026-07-05"}),
        "reporting:close": Body(lambda s, u: {}, target=lambda s: s.period),
        "reporting:city_rank": Body(lambda s, u: {"city_rank": 4}, target=lambda s: s.period),
        "reporting:return": Body(
            lambda s, u: {"note": "本月无新增"},
            url=r("reporting:return", pk=pk("draft_return")),
            target=lambda s: s.draft_return,
        ),
        "reporting:confirm": Body(
            lambda s, u: {},
            url=r("reporting:confirm", pk=pk("draft_return")),
            target=lambda s: s.draft_return,
        ),
        "reporting:verify": Body(
            lambda s, u: {},
            prepare=_submitted,
            url=r("reporting:verify", pk=pk("draft_return")),
            target=lambda s: s.draft_return,
        ),
        "reporting:send_back": Body(
            lambda s, u: {"reason": "数据需核实"},
            prepare=_submitted,
            url=r("reporting:send_back", pk=pk("draft_return")),
            target=lambda s: s.draft_return,
        ),
        "reporting:correct": Body(
            lambda s, u: {"reason": "更正到位资金"}, target=lambda s: s.unit_return
        ),
        # bulletins
        "bulletins:draft": Body(
            lambda s, u: {
                "narrative": "本月全区招商引资工作平稳推进。",
                "doc_number": "河招〔2026〕13号",
                "signer": "张局长",
                "issued_on": "2026-04-05",
                "issuer": "河东区招商服务中心",
            }
        ),
        "bulletins:publish": Body(lambda s, u: {}),
        # spreadsheets
        "spreadsheets:book_upload": Body(_web_workbook, refusals=frozenset({400, 422})),
        "spreadsheets:book_confirm": Body(
            lambda s, u: {},
            url=r(
                "spreadsheets:book_confirm", kind=lambda s: "projects", batch=pk("dry_run_batch")
            ),
            target=lambda s: s.dry_run_batch,
        ),
        "spreadsheets:return_upload": Body(
            lambda s, u: {"file": _xlsx("return.xlsx", s.return_workbook)},
            url=r("spreadsheets:return_upload", pk=pk("draft_return")),
        ),
        "spreadsheets:return_confirm": Body(
            lambda s, u: {},
            url=r("spreadsheets:return_confirm", pk=pk("draft_return"), batch=pk("return_dry_run")),
        ),
        # casework
        "casework:register": Body(_intake),
        "casework:commitments": Body(
            allowed=rule("UNIT_LEADER", "unit_leader"),
            data=lambda s, u: {
                "item": "施工许可",
                "statutory_days": 20,
                "promised_days": 10,
                "contact_hours": 24,
                "fee_yuan": "0",
                "documents": "申请表",
            },
        ),
        "casework:agency": Body(
            lambda s, u: {
                "project": s.quarter.projects["jq"].pk,
                "agent": s.world.township_reporter.pk,
                "on": "2026-03-03",
            }
        ),
        "casework:ledger": Body(
            lambda s, u: {
                "on": "2026-03-05",
                "item": "施工许可",
                "outcome": "已提交申请",
                "fee_yuan": "0",
            }
        ),
        "casework:inbox": Body(lambda s, u: {}, changes=False),
        "casework:callback_record": Body(
            _callback_not_reached,
            prepare=_withdraw_new_case,
            url=r("casework:callback_record", pk=pk("new_case")),
            target=lambda s: s.new_case,
        ),
        # assessment
        "assessment:save_scheme": Body(
            lambda s, u: {
                "body": SCHEME_YAML.read_text(encoding="utf-8") + "\n# 修订\n",
                "note": "修订",
            },
        ),
        "assessment:run_scheme": Body(lambda s, u: {"scheme": s.scheme.pk, "period": "2026-Q1"}),
        "assessment:finalise": Body(
            lambda s, u: {}, prepare=_objection_resolved, target=lambda s: s.run
        ),
        "assessment:add_deduction": Body(
            lambda s, u: {
                "unit": s.world.xianggong.pk,
                "rule": _scheme_rule(s),
                "reason": "信息报送迟报",
                "on": "2026-03-10",
                "points": "1",
            }
        ),
        "assessment:add_measure": Body(
            lambda s, u: {
                "unit": s.world.xianggong.pk,
                "code": _scheme_measure(s),
                "month": 3,
                "value": "10",
            }
        ),
        # inspections
        "inspections:enterprise_new": Body(_web_enterprise),
        "inspections:enterprise_edit": Body(
            lambda s, u: {
                "uscc": s.enterprise.uscc,
                "name": "改名后企业有限公司",
                "responsible_unit": s.enterprise.responsible_unit_id,
                "industry": s.enterprise.industry,
                "size": s.enterprise.size,
            },
            target=lambda s: s.enterprise,
        ),
        "inspections:protections": Body(
            lambda s, u: {
                "uscc": s.free_enterprise.uscc,
                "rule": s.protection.rule_id,
                "reason": "重点企业",
                "starts_on": "2026-03-01",
                "ends_on": "2026-12-31",
                "responsible_leader": "王副区长",
                "contact_person": "李四",
                "contact_phone": "0539-8000000",
            }
        ),
        "inspections:protection_renew": Body(
            lambda s, u: {"reason": "继续保护", "ends_on": "2027-12-31"},
            target=lambda s: s.protection,
        ),
        "inspections:protection_remove": Body(
            lambda s, u: {"reason": "企业已迁出"}, target=lambda s: s.protection
        ),
        "inspections:filing_new": Body(
            _web_filing, allowed=FILERS - OUTSIDER, refusals=frozenset({400})
        ),
        "inspections:approve": Body(
            lambda s, u: {"note": "同意"},
            url=r("inspections:approve", pk=pk("pending_filing")),
            target=lambda s: s.pending_filing,
        ),
        "inspections:refuse": Body(
            lambda s, u: {"note": "检查事项与职责不符"},
            url=r("inspections:refuse", pk=pk("pending_filing")),
            target=lambda s: s.pending_filing,
        ),
        "inspections:merge": Body(
            lambda s, u: {
                "filings": f"{s.filing.pk},{s.merge_partner.pk}",
                "visit_date": s.filing.planned_date.isoformat(),
                "lead_department": s.filing.department_id,
            },
            target=lambda s: s.filing,
        ),
        # public services
        "service:request": Body(lambda s, u: {**_case(s, u), "unit": s.world.xianggong.pk}),
        "service:track": Body(
            lambda s, u: {"code": s.case.code, "phone": s.case.phone}, changes=False
        ),
        "service:rate": Body(
            lambda s, u: {"code": s.case.code, "phone": s.case.phone, "satisfied": "1"},
            prepare=_completed,
            target=lambda s: s.case,
        ),
        "verify:check": Body(lambda s, u: {"code": s.filing.code}, changes=False),
        "verify:rate": Body(lambda s, u: {"code": s.filing.code, "score": "5", "comment": "规范"}),
        "verify:report": Body(
            lambda s, u: {
                "enterprise_name": "某某机械有限公司",
                "department": s.world.gongxiaoshe.pk,
                "happened_on": "2026-03-10",
                "description": "未出示核验码即入企检查",
                "contact": "王经理 13900000000",
            }
        ),
        "portal:upload": Body(
            lambda s, u: {
                "title": "关于2026年3月招商引资工作的通报",
                "issuer": "河东区招商服务中心",
                "doc_number": "河招〔2026〕10号",
                "issued_on": "2026-04-02",
                "kind": s.document.kind,
                "file": _pdf(),
            }
        ),
        "portal:withdraw": Body(lambda s, u: {"reason": "内容有误"}, target=lambda s: s.document),
        # trade
        "trade:figures": Body(
            lambda s, u: {
                "enterprise": s.enterprise.pk,
                "year": 2026,
                "month": 3,
                "source": "unit",
                "imports_usd": "100000",
                "exports_usd": "250000",
            }
        ),
        "trade:import": Body(
            lambda s, u: {"file": _customs_book(s), "source": "flash", "dry_run": ""}
        ),
        # meetings
        "meetings:index": Body(lambda s, u: {"title": "四月项目观摩", "on": "2026-04-20"}),
        "meetings:add": Body(lambda s, u: {"project": s.quarter.projects["jq"].pk}),
        "meetings:resolution_add": Body(
            lambda s, u: {
                "text": "协调解决用地问题",
                "owner_unit": s.world.xianggong.pk,
                "limit_days": 10,
            }
        ),
        "meetings:resolution": Body(
            lambda s, u: {"text": "已召开协调会"}, target=lambda s: s.resolution
        ),
        "meetings:account": Body(
            lambda s, u: {"account": "项目已完成主体施工"}, target=lambda s: s.stop
        ),
        "meetings:checkin": Body(
            lambda s, u: {
                "photo": _jpeg(),
                "latitude": "35.07",
                "longitude": "118.40",
                "accuracy_m": "12",
            }
        ),
        "meetings:move": Body(lambda s, u: {}, changes=False),
    }
)
