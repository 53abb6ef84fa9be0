"""Sign-in security: two-factor steps, lockout, sessions, CSRF, headers, deploy checks."""

import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from lodging.models import StaffRole
from lodging.police.models import PoliceRole
from tests.auth import current_code, sign_in, totp_device
from tests.lodging.conftest import make_establishment, make_staff
from tests.police.conftest import PASSWORD, make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(django_user_model):
    return make_officer(django_user_model, "cong-an-sapa", PoliceRole.COMMUNE_OFFICER, "Sa Pa")


def _secret(page: str) -> str:
    return re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)


def test_first_police_sign_in_sets_up_an_authenticator_then_backup_codes(client, officer):
    response = client.post("/police/login/", {"username": "cong-an-sapa", "password": PASSWORD})
    assert response.status_code == 302
    held = client.get("/police/search/?late=on")
    assert held.status_code == 302
    assert held["Location"] == "/account/two-factor/setup/?next=%2Fpolice%2Fsearch%2F%3Flate%3Don"

    setup = client.get(held["Location"]).content.decode()
    assert "<svg" in setup and "Thiết lập xác thực hai lớp" in setup
    wrong = client.post("/account/two-factor/setup/", {"code": "000000",
                                                       "next": "/police/search/?late=on"})
    assert "Mã không đúng" in wrong.content.decode()
    assert client.get("/police/").status_code == 302  # still held
    time.sleep(1.1)  # django-otp throttles: each wrong code doubles the wait (1 s first)

    done = client.post("/account/two-factor/setup/", {"code": current_code(_secret(setup)),
                                                      "next": "/police/search/?late=on"})
    assert done["Location"].startswith("/account/two-factor/backup-codes/")
    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", codes_page)
    assert len(codes) == 10
    assert client.get(done["Location"]).status_code == 302  # shown only once
    assert client.get("/police/search/").status_code == 200


def test_a_backup_code_signs_in_once(client, officer):
    totp_device(officer)
    backup = StaticToken.random_token()
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.create(user=officer, name="backup").token_set.create(token=backup)
    for attempt in range(2):
        client.post("/police/login/", {"username": "cong-an-sapa", "password": PASSWORD})
        assert client.get("/police/")["Location"].startswith("/account/two-factor/?next=")
        answer = client.post("/account/two-factor/", {"code": backup, "next": "/police/"})
        if attempt == 0:
            assert answer["Location"] == "/police/"
            client.post("/police/logout/")
        else:
            assert answer.status_code == 200
            assert "Mã không đúng hoặc đã hết hạn" in answer.content.decode()


def test_the_next_step_never_leaves_the_site(client, officer):
    sign_in(client, officer)
    response = client.get("/account/two-factor/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_owners_need_two_factor_and_receptionists_do_not(client, django_user_model):
    hotel = make_establishment("SAPA-0001", "Sa Pa")
    make_staff(django_user_model, "le-tan", hotel)
    make_staff(django_user_model, "chu-nha", hotel, role=StaffRole.OWNER)
    client.post("/stays/login/", {"username": "le-tan", "password": PASSWORD})
    assert client.get("/stays/").status_code == 200
    client.post("/stays/logout/")
    client.post("/stays/login/", {"username": "chu-nha", "password": PASSWORD})
    response = client.get("/stays/")
    assert response["Location"].startswith("/account/two-factor/setup/")
    # The session's API calls are held too, with a JSON answer.
    api = client.get("/api/v1/stays/")
    assert api.status_code == 403 and "hai lớp" in api.json()["detail"]


def test_the_api_token_asks_police_for_the_one_time_code(client, officer, django_user_model):
    device = totp_device(officer)
    url = "/api/v1/auth/token/"
    missing = client.post(url, {"username": "cong-an-sapa", "password": PASSWORD},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400 and "otp" in missing.json()
    from django_otp.oath import TOTP

    code = f"{TOTP(device.bin_key).token():06d}"
    given = client.post(url, {"username": "cong-an-sapa", "password": PASSWORD, "otp": code})
    assert given.status_code == 200 and len(given.json()["token"]) == 40

    hotel = make_establishment("SAPA-0001", "Sa Pa")
    make_staff(django_user_model, "pms", hotel)
    pms = client.post(url, {"username": "pms", "password": PASSWORD})
    assert pms.status_code == 200 and "token" in pms.json()


def test_five_wrong_passwords_lock_the_account_for_that_address(client, django_user_model):
    hotel = make_establishment("SAPA-0001", "Sa Pa")
    make_staff(django_user_model, "le-tan", hotel)
    for _ in range(5):
        wrong = client.post("/stays/login/", {"username": "le-tan", "password": "wrong-one"})
        assert wrong.status_code in (200, 429)
    locked = client.post("/stays/login/", {"username": "le-tan", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same pair through the API is locked as well; another address is not.
    api = client.post("/api/v1/auth/token/", {"username": "le-tan", "password": PASSWORD})
    assert api.status_code == 429 and "token" not in api.json()
    assert "Đăng nhập sai quá nhiều lần" in api.json()["detail"]
    # An invented X-Forwarded-For does not dodge the lock (no proxy is configured).
    spoofed = client.post("/stays/login/", {"username": "le-tan", "password": PASSWORD},
                          HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert spoofed.status_code == 429
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert elsewhere.post("/stays/login/", {"username": "le-tan",
                                            "password": PASSWORD}).status_code == 302


def test_an_idle_session_expires(client, django_user_model, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    hotel = make_establishment("SAPA-0001", "Sa Pa")
    make_staff(django_user_model, "le-tan", hotel)
    client.post("/stays/login/", {"username": "le-tan", "password": PASSWORD})
    assert client.get("/stays/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/stays/")["Location"].startswith("/stays/login/")


@pytest.mark.parametrize("url", [
    "/stays/login/", "/police/login/", "/cms-admin/login/", "/django-admin/login/",
    "/i18n/setlang/", "/stays/register/", "/stays/upload/", "/police/watchlist/",
    "/account/two-factor/",
])
def test_every_form_refuses_a_post_without_the_csrf_token(django_user_model, url, officer):
    hotel = make_establishment("SAPA-0001", "Sa Pa")
    receptionist = make_staff(django_user_model, "le-tan", hotel)
    client = Client(enforce_csrf_checks=True)
    user = officer if url.startswith(("/police/", "/account/")) else receptionist
    if not url.endswith("/login/"):
        sign_in(client, user)
    response = client.post(url, {"username": "le-tan", "password": PASSWORD})
    assert response.status_code == 403


def test_content_security_policy_is_strict_outside_the_admins(client, admin_client):
    public = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in public and "unsafe-inline" not in public
    assert "frame-ancestors 'none'" in public and "object-src 'none'" in public
    admin = admin_client.get("/cms-admin/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in admin and "frame-ancestors 'self'" in admin
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_production_settings_pass_the_deploy_checks():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "laocai.settings.production",
           "DJANGO_SECRET_KEY": "a-production-secret-of-enough-length-0123456789-abcdef",
           "DJANGO_ALLOWED_HOSTS": "dulich.laocai.gov.vn"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_static_files_collect(tmp_path):
    """ManifestStaticFilesStorage refuses references to missing files (a vendored
    library's source map once broke the production deploy)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "laocai.settings.production",
           "DJANGO_SECRET_KEY": "a-production-secret-of-enough-length-0123456789-abcdef",
           "DJANGO_ALLOWED_HOSTS": "dulich.laocai.gov.vn", "LAOCAI_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"],
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_the_token_endpoint_answers_429_once_the_password_guesses_lock_it(
        client, django_user_model):
    hotel = make_establishment("SAPA-0001", "Sa Pa")
    make_staff(django_user_model, "pms", hotel)
    url = "/api/v1/auth/token/"
    answers = [client.post(url, {"username": "pms", "password": "wrong-one"},
                           HTTP_ACCEPT_LANGUAGE="en").status_code for _ in range(5)]
    assert answers[:4] == [400] * 4 and answers[4] == 429
    locked = client.post(url, {"username": "pms", "password": PASSWORD},
                         HTTP_ACCEPT_LANGUAGE="en")
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.json()["detail"]


def test_the_session_key_changes_when_the_second_factor_is_verified(client, officer):
    device = totp_device(officer)
    client.post("/police/login/", {"username": "cong-an-sapa", "password": PASSWORD})
    before = client.cookies["sessionid"].value
    from django_otp.oath import TOTP

    done = client.post("/account/two-factor/", {
        "code": f"{TOTP(device.bin_key).token():06d}", "next": "/police/"})
    assert done["Location"] == "/police/"
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/police/").status_code == 200  # the new key is the verified one


@pytest.mark.parametrize(("who", "lands"), [
    ("receptionist", "/stays/"), ("officer", "/police/"), ("auditor", "/police/audit/"),
    ("nobody", "/")])
def test_signing_in_without_next_lands_on_the_accounts_own_start_page(
        client, django_user_model, who, lands):
    hotel = make_establishment("SAPA-0001", "Sa Pa")
    if who == "receptionist":
        make_staff(django_user_model, who, hotel)
    elif who == "officer":
        make_officer(django_user_model, who, PoliceRole.COMMUNE_OFFICER, "Sa Pa")
    elif who == "auditor":
        make_officer(django_user_model, who, PoliceRole.AUDITOR)
    else:
        django_user_model.objects.create_user(who, password=PASSWORD)
    response = client.post("/stays/login/", {"username": who, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == lands
    assert "/accounts/profile/" not in response["Location"]


def test_a_check_out_never_redirects_off_the_site(client, django_user_model):
    from lodging.services import register_stays
    from tests.lodging.conftest import vietnamese_guest

    hotel = make_establishment("SAPA-0001", "Sa Pa")
    staff = make_staff(django_user_model, "le-tan", hotel)
    stay = register_stays(user=staff, establishment=hotel,
                          guests=[vietnamese_guest()]).stays.get()
    sign_in(client, staff)
    response = client.post(f"/stays/{stay.pk}/checkout/", {"next": "https://evil.example/x"})
    assert response["Location"] == "/stays/"
    stay2 = register_stays(user=staff, establishment=hotel,
                           guests=[vietnamese_guest(room="2")]).stays.get()
    inside = client.post(f"/stays/{stay2.pk}/checkout/", {"next": "/stays/history/"})
    assert inside["Location"] == "/stays/history/"


def test_permissions_policy_allows_the_camera_only_to_the_hotel_pages(client):
    public = client.get("/healthz")["Permissions-Policy"]
    assert "camera=()" in public and "microphone=()" in public
    assert "geolocation=()" in public
    for url in ("/stays/login/", "/en/stays/login/"):
        hotel = client.get(url)["Permissions-Policy"]
        assert "camera=(self)" in hotel and "microphone=()" in hotel, url
    assert "camera=()" in client.get("/police/login/")["Permissions-Policy"]


def test_answers_with_personal_data_are_never_stored_by_browsers_or_caches(
        client, officer, django_user_model, admin_client):
    hotel = make_establishment("SAPA-0001", "Sa Pa")
    staff = make_staff(django_user_model, "le-tan", hotel)
    staff_client = sign_in(Client(), staff)
    police_client = sign_in(Client(), officer)
    answers = {
        "/stays/": staff_client.get("/stays/"),
        "/en/stays/": staff_client.get("/en/stays/"),
        "/api/v1/stays/": staff_client.get("/api/v1/stays/"),
        "/police/": police_client.get("/police/"),
        "/api/v1/police/stays/": police_client.get("/api/v1/police/stays/"),
        "/django-admin/": admin_client.get("/django-admin/"),
        "/cms-admin/": admin_client.get("/cms-admin/"),
    }
    for url, response in answers.items():
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
    assert "no-store" not in client.get("/api/schema/").get("Cache-Control", "")
