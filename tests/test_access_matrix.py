"""Who may open what: every URL of the site × every kind of user, with the expected answer.

The URL list comes from the URL configuration itself: a URL that has no entry in CASES
(our own views) and is not under one of the third-party prefixes of THIRD_PARTY (both
admins, Wagtail's document and password views) fails `test_every_url_has_an_entry`, so a
new view cannot ship without its row here.

Each role's test signs that user in (second factor included where required), then runs
every case inside a savepoint that is rolled back, so a checkout or a suspension tried
by one case does not change what the next one sees. Besides the status, every response
body is scanned for the personal data of stays the role may not see (names, document
numbers, dates of birth of the other establishment's or commune's guest).
"""

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lodging.models import StaffRole
from lodging.police.models import PoliceRole, WatchlistAlert
from lodging.police.watchlist import add_watchlist_entry
from lodging.services import register_stays
from tests.auth import sign_in
from tests.hardening import privacy_support
from tests.lodging.conftest import make_establishment, make_staff, vietnamese_guest
from tests.police.conftest import make_officer

ROLES = ("anonymous", "no_role", "staff_a", "owner_a", "staff_b", "officer_x", "officer_y",
         "provincial", "auditor", "editor", "superuser")
STAFF = {"staff_a", "owner_a", "staff_b"}
OFFICERS = {"officer_x", "officer_y", "provincial"}
POLICE = OFFICERS | {"auditor"}

# Outcomes: a status code, or a redirect whose Location starts with the given prefix.
OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, BAD, UNAUTHORIZED = 200, 403, 404, 405, 400, 401


@dataclass(frozen=True)
class Redirect:
    to: str = ""

    def __str__(self):
        return f"302→{self.to or '*'}"


STAFF_LOGIN = Redirect("/stays/login/?next=")
# Signed out with a search in the URL: the sign-in's `next` leaves the terms out.
STAFF_LOGIN_BARE = Redirect("/stays/login/?next=/stays/history/")
POLICE_LOGIN = Redirect("/police/login/?next=")
ANYWHERE = Redirect("")


def everyone(outcome) -> dict[str, Any]:
    return dict.fromkeys(ROLES, outcome)


def staff_page(a, b=None, login=STAFF_LOGIN, owner=None) -> dict[str, Any]:
    """Hotel UI: anonymous to the sign-in, accounts without an establishment refused.
    `a`: receptionists of A (and of B, unless `b`); `owner`: A's owner (default `a`)."""
    return {**everyone(FORBIDDEN), "anonymous": login, "staff_a": a,
            "owner_a": a if owner is None else owner, "staff_b": a if b is None else b}


def police_page(x, y=None, provincial=None, auditor=FORBIDDEN) -> dict[str, Any]:
    """Police UI: anonymous to the police sign-in, non-police refused."""
    y = x if y is None else y
    return {**everyone(FORBIDDEN), "anonymous": POLICE_LOGIN, "officer_x": x, "officer_y": y,
            "provincial": x if provincial is None else provincial, "auditor": auditor}


def api_staff(a, b=None) -> dict[str, Any]:
    return {**everyone(FORBIDDEN), "anonymous": UNAUTHORIZED, "staff_a": a, "owner_a": a,
            "staff_b": a if b is None else b}


@dataclass
class Case:
    name: str  # the URL name the case covers
    url: Any  # a string, or a function of the world giving one
    expect: dict[str, Any]
    method: str = "get"
    data: Any = None  # a dict, or a function of the world giving one
    json: bool = False
    # Pages meant to show police-wide data (the watchlist) to every officer.
    leak_check: bool = True
    # A name or number in the URL on purpose, to prove it is refused: the suite's check
    # of request lines leaves it out (tests/hardening/privacy_support.py).
    terms_in_url: bool = False
    extra: dict = field(default_factory=dict)


def _stay_url(suffix=""):
    return lambda w: f"/stays/{w['stay_a'].pk}/{suffix}"


CASES = [
    # Public site and infrastructure
    Case("healthz", "/healthz", everyone(OK)),
    Case("sitemap", "/sitemap.xml", everyone(OK)),
    Case("wagtail_serve", "/", everyone(OK)),
    Case("search:page", "/search/?q=sapa", everyone(OK)),
    Case("set_language", "/i18n/setlang/", everyone(ANYWHERE), method="post",
         data={"language": "en", "next": "/"}),
    Case("api-search", "/api/v1/search/?q=sapa", everyone(OK)),
    Case("api-search-suggest", "/api/v1/search/suggest/?q=sa", everyone(OK)),
    Case("api-schema", "/api/schema/", everyone(OK)),
    Case("api-docs", "/api/docs/", everyone(OK)),
    Case("api-token", "/api/v1/auth/token/", everyone(BAD), method="post", data={}),
    Case("api-not-found", "/api/v1/no-such-endpoint/", everyone(NOT_FOUND)),
    Case("wagtailcore_login", "/_util/login/", everyone(OK)),
    Case("wagtailcore_authenticate_with_password", "/_util/authenticate_with_password/9/9/",
         everyone(NOT_FOUND)),
    Case("wagtaildocs_serve", "/documents/9/missing.pdf", everyone(NOT_FOUND)),
    Case("wagtaildocs_authenticate_with_password", "/documents/authenticate_with_password/9/",
         everyone(NOT_FOUND)),
    # Sign-in steps
    Case("lodging:login", "/stays/login/", {**everyone(ANYWHERE), "anonymous": OK}),
    Case("lodging:logout", "/stays/logout/", everyone(ANYWHERE), method="post"),
    Case("police:login", "/police/login/", {**everyone(ANYWHERE), "anonymous": OK}),
    Case("police:logout", "/police/logout/", everyone(ANYWHERE), method="post"),
    # Accounts that need two factors have passed them (their step sends them on); the
    # others may still set one up of their own accord.
    Case("two_factor:verify", "/account/two-factor/?next=/",
         {**everyone(Redirect("/account/two-factor/setup/")), "anonymous": STAFF_LOGIN,
          **dict.fromkeys(POLICE | {"superuser", "owner_a"}, Redirect("/"))}),
    Case("two_factor:setup", "/account/two-factor/setup/?next=/",
         {**everyone(OK), "anonymous": STAFF_LOGIN,
          **dict.fromkeys(POLICE | {"superuser", "owner_a"},
                          Redirect("/account/two-factor/?next="))}),
    Case("two_factor:backup_codes", "/account/two-factor/backup-codes/?next=/",
         {**everyone(Redirect("/")), "anonymous": STAFF_LOGIN}),
    Case("two_factor:sign_out", "/account/two-factor/sign-out/", everyone(ANYWHERE),
         method="post"),
    # Hotel UI: staff of A see A's stay; staff of B get "not found", never the stay.
    # The installable app's files carry no personal data: anyone may fetch them (the
    # browser fetches the worker to update it even when nobody is signed in).
    Case("lodging:service-worker", "/stays/sw.js", everyone(OK)),
    Case("lodging:manifest", "/stays/manifest.webmanifest", everyone(OK)),
    Case("lodging:offline", "/stays/offline/", everyone(OK)),
    Case("lodging:csrf", "/stays/csrf/", everyone(OK)),
    Case("lodging:jsi18n", "/stays/jsi18n/", everyone(OK)),
    Case("lodging:dashboard", "/stays/", staff_page(OK)),
    Case("lodging:register", "/stays/register/", staff_page(OK)),
    Case("lodging:scan", "/stays/scan/", staff_page(BAD), method="post",
         data={"text": "not a code"}),
    # History and exports: the owner only; receptionists see today's guests. Searches
    # are posted; the results live at ?s=<opaque id>. Terms in a URL: refused.
    Case("lodging:history", "/stays/history/", staff_page(FORBIDDEN, owner=OK)),
    Case("lodging:history", "/stays/history/",
         staff_page(FORBIDDEN, owner=Redirect("/stays/history/?s=")), method="post",
         data={"q": "nguyen"}),
    Case("lodging:history", "/stays/history/?q=nguyen",
         {**everyone(BAD), "anonymous": STAFF_LOGIN_BARE}, terms_in_url=True),
    Case("lodging:stay", _stay_url(), staff_page(OK, NOT_FOUND)),
    Case("lodging:checkout", _stay_url("checkout/"), staff_page(ANYWHERE, NOT_FOUND),
         method="post"),
    Case("lodging:extend", _stay_url("extend/"), staff_page(ANYWHERE, NOT_FOUND),
         method="post", data={"expected_departure": "2099-01-01T12:00"}),
    Case("lodging:correct", _stay_url("correct/"), staff_page(ANYWHERE, NOT_FOUND),
         method="post", data={"fix-room": "202", "fix-reason": "Đổi phòng"}),
    Case("lodging:cancel", _stay_url("cancel/"), staff_page(ANYWHERE, NOT_FOUND),
         method="post", data={"cancel-reason": "Nhập nhầm"}),
    Case("lodging:receipt", lambda w: f"/stays/receipts/{w['receipt_a']}/",
         staff_page(OK, NOT_FOUND)),
    Case("lodging:receipt-pdf", lambda w: f"/stays/receipts/{w['receipt_a']}/pdf",
         staff_page(OK, NOT_FOUND)),
    Case("lodging:upload", "/stays/upload/", staff_page(OK)),
    # National portal delivery: each establishment's own batches; another's do not exist.
    Case("lodging:national:page", "/stays/national/", staff_page(OK)),
    Case("lodging:national:create", "/stays/national/batches/", staff_page(ANYWHERE),
         method="post", data={"kind": "vn"}),
    Case("lodging:national:download", "/stays/national/batches/999999/file/",
         staff_page(NOT_FOUND)),
    Case("lodging:national:reconcile", "/stays/national/batches/999999/reconcile/",
         staff_page(NOT_FOUND), method="post", data={"seen": "1"}),
    Case("api-national-batches-list", "/api/v1/national/batches/", api_staff(OK)),
    Case("api-national-batches-list", "/api/v1/national/batches/", api_staff(BAD),
         method="post", data={"kind": "nope"}, json=True),
    Case("api-national-batches-detail", "/api/v1/national/batches/999999/",
         api_staff(NOT_FOUND)),
    Case("api-national-batches-download", "/api/v1/national/batches/999999/download/",
         api_staff(NOT_FOUND)),
    Case("api-national-batches-reconcile", "/api/v1/national/batches/999999/reconcile/",
         api_staff(NOT_FOUND), method="post", data={"seen": 1}, json=True),
    Case("lodging:upload-template", "/stays/upload/template.csv", staff_page(OK)),
    Case("lodging:export", "/stays/export.csv", staff_page(FORBIDDEN, owner=OK)),
    Case("lodging:export", "/stays/export.csv?q=010090123456",
         {**everyone(BAD), "anonymous": Redirect("/stays/login/?next=/stays/export.csv")},
         terms_in_url=True),
    # A check-out's `next` never leaves the site.
    Case("lodging:checkout", _stay_url("checkout/"),
         staff_page(Redirect("/stays/"), NOT_FOUND), method="post",
         data={"next": "https://evil.example/"}),
    # Hotel API (session-authenticated here; tokens behave the same)
    Case("api-stays-list", "/api/v1/stays/", api_staff(OK)),
    Case("api-stays-list", "/api/v1/stays/?q=nguyen", api_staff(BAD), terms_in_url=True),
    Case("api-stays-search", "/api/v1/stays/search/", api_staff(OK), method="post",
         json=True, data={"q": "nguyen"}),
    Case("api-stays-detail", lambda w: f"/api/v1/stays/{w['stay_a'].pk}/",
         api_staff(OK, NOT_FOUND)),
    Case("api-receipt-pdf", lambda w: f"/api/v1/stays/receipts/{w['receipt_a']}/pdf",
         api_staff(OK, NOT_FOUND)),
    Case("api-stays-extend", lambda w: f"/api/v1/stays/{w['stay_a'].pk}/extend/",
         api_staff(OK, NOT_FOUND), method="post", json=True,
         data={"expected_departure": "2099-01-01T12:00:00+07:00"}),
    Case("api-stays-cancel", lambda w: f"/api/v1/stays/{w['stay_a'].pk}/cancel/",
         api_staff(OK, NOT_FOUND), method="post", json=True, data={"reason": "Nhập nhầm"}),
    # Reading a photo of a guest's document: staff only (a form without the photo: 400).
    Case("api-scan", "/api/v1/scan/", api_staff(BAD), method="post", data={}),
    # Public receipt verification: anyone, nothing personal (the leak check runs).
    Case("api-receipt-proof", lambda w: f"/api/v1/receipts/{w['receipt_a']}/", everyone(OK)),
    Case("verification:form", "/verify/", everyone(OK)),
    Case("verification:receipt", lambda w: f"/verify/{w['receipt_a']}/", everyone(OK)),
    # Reminder settings: any signed-in account; the unsubscribe link works signed out.
    Case("reminders:settings", "/account/reminders/",
         {**everyone(OK), "anonymous": STAFF_LOGIN}),
    Case("reminders:unsubscribe", "/account/reminders/unsubscribe/not-a-token/",
         everyone(NOT_FOUND)),
    Case("api-stays-checkout", lambda w: f"/api/v1/stays/{w['stay_a'].pk}/checkout/",
         api_staff(OK, NOT_FOUND), method="post", data={}, json=True),
    # Police review: commune officers see their commune; auditors no personal data.
    Case("police:dashboard", "/police/", police_page(OK)),
    # Searches are posted; the results live at ?s=<opaque id>. Terms in a URL: refused.
    Case("police:search", "/police/search/", police_page(OK)),
    Case("police:search", "/police/search/", police_page(Redirect("/police/search/?s=")),
         method="post", data={"q": "nguyen"}),
    Case("police:search", "/police/search/?q=nguyen", police_page(BAD), terms_in_url=True),
    Case("police:export", "/police/export/csv/", police_page(OK)),
    Case("police:timeline", lambda w: f"/police/stays/{w['stay_a'].pk}/timeline/",
         police_page(OK, NOT_FOUND)),
    Case("police:stay", lambda w: f"/police/stays/{w['stay_a'].pk}/",
         police_page(OK, NOT_FOUND)),
    Case("police:alerts", "/police/alerts/", police_page(OK)),
    Case("police:acknowledge", lambda w: f"/police/alerts/{w['alert_x'].pk}/acknowledge/",
         police_page(ANYWHERE, NOT_FOUND), method="post", data={"note": "Đã xác minh"}),
    Case("police:watchlist", "/police/watchlist/", police_page(OK), leak_check=False),
    Case("police:watchlist_import", "/police/watchlist/import/",
         police_page(ANYWHERE, FORBIDDEN, FORBIDDEN), method="post"),
    Case("police:watchlist_toggle", lambda w: f"/police/watchlist/{w['entry'].pk}/toggle/",
         police_page(ANYWHERE, FORBIDDEN, FORBIDDEN), method="post", leak_check=False),
    Case("police:establishments", "/police/establishments/", police_page(OK)),
    Case("police:establishment_status",
         lambda w: f"/police/establishments/{w['establishment_a'].pk}/status/",
         police_page(ANYWHERE, NOT_FOUND), method="post",
         data={"action": "suspend", "reason": "Kiểm tra"}),
    Case("police:statistics", "/police/statistics/", police_page(OK)),
    Case("police:audit_log", "/police/audit/", police_page(FORBIDDEN, auditor=OK)),
    Case("api-police-stays", "/api/v1/police/stays/?nationality=VNM",
         {**everyone(FORBIDDEN), "anonymous": UNAUTHORIZED, **dict.fromkeys(OFFICERS, OK)}),
    Case("api-police-stays", "/api/v1/police/stays/?q=nguyen",
         {**everyone(FORBIDDEN), "anonymous": UNAUTHORIZED, **dict.fromkeys(OFFICERS, BAD)},
         terms_in_url=True),
    Case("api-police-stays-search", "/api/v1/police/stays/search/",
         {**everyone(FORBIDDEN), "anonymous": UNAUTHORIZED, **dict.fromkeys(OFFICERS, OK)},
         method="post", data={"q": "nguyen"}, json=True),
]

# Third-party URL families, checked as a whole (see test_third_party_admins).
THIRD_PARTY = {"cms-admin/": "wagtail", "django-admin/": "django"}
# Their pages meant for people who are not signed in yet.
PUBLIC_ADMIN_VIEWS = {
    "wagtailadmin_login", "wagtailadmin_password_reset", "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm", "wagtailadmin_password_reset_complete",
    "wagtailadmin_logout", "admin:login", "admin:logout",
    # static assets of the sign-in page: the icon sprite and the translations catalogue
    "wagtailadmin_sprite", "wagtailadmin_javascript_catalog",
}
# Wagtail's /failwhale/ raises on purpose (to test error reporting) for admins.
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}


@pytest.fixture
def world(django_user_model):
    """Establishment A in commune X (Sa Pa), B in Y (Bắc Hà), a stay and an alert in each."""
    establishment_a = make_establishment("SAPA-0001", "Sa Pa", name="Cát Cát Homestay")
    establishment_b = make_establishment("BACHA-0001", "Bắc Hà", name="Bắc Hà Hotel")
    users = {
        "no_role": django_user_model.objects.create_user("khach", password="long-password-1"),
        "staff_a": make_staff(django_user_model, "le-tan-a", establishment_a),
        "owner_a": make_staff(django_user_model, "chu-a", establishment_a,
                              role=StaffRole.OWNER),
        "staff_b": make_staff(django_user_model, "le-tan-b", establishment_b),
        "officer_x": make_officer(django_user_model, "ca-sapa", PoliceRole.COMMUNE_OFFICER,
                                  "Sa Pa", watchlist=True),
        "officer_y": make_officer(django_user_model, "ca-bacha", PoliceRole.COMMUNE_OFFICER,
                                  "Bắc Hà"),
        "provincial": make_officer(django_user_model, "ca-tinh",
                                   PoliceRole.PROVINCIAL_OFFICER),
        "auditor": make_officer(django_user_model, "thanh-tra", PoliceRole.AUDITOR),
        "editor": django_user_model.objects.create_user("bien-tap", password="long-password-1"),
        "superuser": django_user_model.objects.create_superuser("quan-tri", "q@example.org",
                                                                "long-password-1"),
    }
    users["editor"].groups.add(Group.objects.get(name="Editors"))
    guest_a = vietnamese_guest(full_name="Hoàng Thị Mận", sex="F", date_of_birth=date(1991, 4, 9),
                               document_number="010191004321")
    guest_b = vietnamese_guest(full_name="Lò Văn Páo", sex="M", date_of_birth=date(1987, 8, 23),
                               document_number="010087005555")
    entry = add_watchlist_entry(user=users["officer_x"], document_type="cccd",
                                document_number=guest_a["document_number"],
                                reason="Cần xác minh")
    submission_a = register_stays(user=users["staff_a"], establishment=establishment_a,
                                  guests=[guest_a])
    register_stays(user=users["staff_b"], establishment=establishment_b, guests=[guest_b])
    stay_a = submission_a.stays.get()
    return {
        "users": users, "establishment_a": establishment_a, "stay_a": stay_a,
        "receipt_a": submission_a.receipt_code, "entry": entry,
        "alert_x": WatchlistAlert.objects.get(stay=stay_a),
        "personal": {"a": _personal(guest_a), "b": _personal(guest_b)},
    }


def _personal(guest) -> list[str]:
    born = guest["date_of_birth"]
    return [guest["full_name"], guest["document_number"], born.isoformat(),
            born.strftime("%d/%m/%Y")]


# Whose guests each role may see anywhere on the site.
MAY_SEE = {"staff_a": {"a"}, "owner_a": {"a"}, "staff_b": {"b"}, "officer_x": {"a"},
           "officer_y": {"b"}, "provincial": {"a", "b"}, "superuser": {"a", "b"}}


def _resolve(value, world):
    return value(world) if callable(value) else value


def _outcome_matches(expected, response) -> bool:
    if isinstance(expected, Redirect):
        return response.status_code == 302 and response["Location"].startswith(expected.to)
    return response.status_code == expected


def _request(client, case: Case, world):
    if case.terms_in_url:
        with privacy_support.on_purpose():
            return _send(client, case, world)
    return _send(client, case, world)


def _send(client, case: Case, world):
    url, data = _resolve(case.url, world), _resolve(case.data, world)
    if case.method == "get":
        return client.get(url)
    if case.json:
        return client.post(url, data or {}, content_type="application/json")
    return client.post(url, data or {})


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, world):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    if role != "anonymous":
        sign_in(client, world["users"][role])
    hidden = [value for key, values in world["personal"].items()
              if key not in MAY_SEE.get(role, set()) for value in values]
    failures = []
    for case in CASES:
        expected = case.expect[role]
        cookies = copy.deepcopy(client.cookies)  # a logout case must not end the session
        with transaction.atomic():
            response = _request(client, case, world)
            body = _body(response)
            transaction.set_rollback(True)
        client.cookies = cookies
        if not _outcome_matches(expected, response):
            location = response.get("Location", "")
            failures.append(f"{case.method.upper()} {case.name}: expected {expected}, got "
                            f"{response.status_code} {location}")
        sent = f"{_resolve(case.url, world)} {_resolve(case.data, world)}"
        # A value the request itself carries (a searched document number) may be echoed.
        leaked = [value for value in hidden if value in body and value not in sent
                  ] if case.leak_check else []
        if leaked:
            failures.append(f"{case.method.upper()} {case.name}: shows {leaked}")
    assert not failures, f"{role}:\n" + "\n".join(failures)


def _url_patterns(patterns=None, prefix="", namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _url_patterns(pattern.url_patterns, prefix + str(pattern.pattern),
                                     inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace
                                     else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


def test_every_url_has_an_entry():
    covered = {case.name for case in CASES}
    missing = [f"{route} ({name})" for route, name, _pattern in _url_patterns()
               if name not in covered and not route.startswith(tuple(THIRD_PARTY))]
    assert not missing, "URLs without an access-matrix entry:\n" + "\n".join(missing)
    stale = covered - {name for _route, name, _pattern in _url_patterns()}
    assert not stale, f"Entries for URLs that no longer exist: {stale}"
    for case in CASES:
        assert set(case.expect) == set(ROLES), case.name


SAMPLE_ARGUMENT = "999999"  # an id that exists nowhere: the permission check comes first


def _sample_url(route: str) -> str:
    """A concrete URL for a route or regex pattern, every parameter filled with a sample."""
    url = re.sub(r"\(\?P<\w+>([^()]*(?:\([^()]*\)[^()]*)*)\)", _group_sample, route)
    url = re.sub(r"<(?:\w+:)?\w+>", SAMPLE_ARGUMENT, url)
    url = re.sub(r"\((?!\?)[^()]*\)", SAMPLE_ARGUMENT, url)
    url = url.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + re.sub(r"\?$", "", url)


def _group_sample(match) -> str:
    """A regex group of literal alternatives (csv|xlsx) gets its first; others the id."""
    body = match.group(1)
    return body.split("|")[0] if re.fullmatch(r"[\w|-]+", body) else SAMPLE_ARGUMENT


def _third_party_urls():
    for route, name, _pattern in _url_patterns():
        for prefix, family in THIRD_PARTY.items():
            if route.startswith(prefix):
                yield family, name, _sample_url(route)


def _admin_outcome_ok(role: str, family: str, name: str, response) -> bool:
    status = response.status_code
    if status >= 500:
        return False
    if name in PUBLIC_ADMIN_VIEWS or role == "superuser":
        return True
    if role == "editor" and family == "wagtail":
        return True
    # Everyone else is sent to that admin's sign-in, or refused, never served.
    login = "/cms-admin/login/" if family == "wagtail" else "/django-admin/login/"
    if status == 302:
        return response["Location"].startswith(login)
    return status in (FORBIDDEN, NOT_FOUND, NOT_ALLOWED)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_third_party_admins(role, world):
    """Every URL of Wagtail's and Django's admin, for every role, GET only."""
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    if role != "anonymous":
        sign_in(client, world["users"][role])
    hidden = [value for key, values in world["personal"].items()
              if key not in MAY_SEE.get(role, set()) for value in values]
    failures, tried = [], 0
    for family, name, url in _third_party_urls():
        if name in DELIBERATE_ERRORS and role in ("editor", "superuser"):
            continue
        tried += 1
        response = client.get(url)
        if not _admin_outcome_ok(role, family, name, response):
            failures.append(f"GET {url} ({name}): {response.status_code} "
                            f"{response.get('Location', '')}")
        elif response.status_code == OK and (leaked := [v for v in hidden
                                                        if v in _body(response)]):
            failures.append(f"GET {url} ({name}): shows {leaked}")
    assert tried > 300
    assert not failures, f"{role}:\n" + "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "staff_a", "officer_x"])
def test_every_form_post_needs_the_csrf_token(role, world):
    """Every POST of the site (the API's token auth aside) is refused without the token."""
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        sign_in(client, world["users"][role])
    posts = [case for case in CASES if case.method == "post" and not case.name.startswith("api")]
    assert len(posts) >= 10
    for case in posts:
        response = _request(client, case, world)
        assert response.status_code == FORBIDDEN, (case.name, response.status_code)
