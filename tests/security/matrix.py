"""Who may read (GET) and write (POST, or the API operation's method) every route.

Each entry names a route (``namespace:name``), how to build its URL from the scene
(tests/security/scene.py) and a rule for reading and one for writing. A rule is the set of
personas who are let through: a 2xx/3xx answer that is not a redirect to the login page, or a
400/422 (the request passed the permission check and was refused for its data — writes are sent
empty). Everybody else must be refused: 403/404/405, 401 from the API, or for the anonymous
visitor a redirect to the login page.

Adding a route: add one line to ``ROUTES`` (reuse a rule, or add a named rule below). The test
``test_every_route_is_in_the_matrix`` fails until you do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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
# write is proven by each app's permission tests (tests/*/test_*permissions*.py).


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
