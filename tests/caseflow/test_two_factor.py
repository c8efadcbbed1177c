"""Two-step sign-in: required per role by an administrator, set up and used through the pages."""

import logging
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseflow.constants import Role
from caseflow.models import LegalStatusPeriod, RoleSetting
from caseflow.two_factor import SETUP_KEY

PASSWORD = "correct-horse-battery"  # UserFactory's
STEP = reverse("two_factor")


def _sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def _code(key: str, *, window: int = 0) -> str:
    return f"{totp(unhexlify(key), drift=window):06d}"


def _wrong(key: str) -> str:
    right = {_code(key, window=w) for w in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222") if code not in right)


def _events(caplog):
    return [{"event": r.getMessage(), **r.event} for r in caplog.records if r.name == "caseflow.security"]


@pytest.fixture
def managers_need_it(db):
    RoleSetting.objects.update_or_create(role=Role.TEAM_MANAGER, defaults={"requires_two_factor": True})


@pytest.fixture
def no_slow_down(settings):
    """Wrong codes slow the next try by a second or more; these tests type fast."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def app_set_up(team_manager):
    return TOTPDevice.objects.create(user=team_manager, name="Authenticator app", confirmed=True)


def test_no_role_requires_it_until_an_administrator_says_so(db):
    assert RoleSetting.objects.filter(requires_two_factor=True).count() == 0


def test_a_role_without_the_requirement_is_not_asked(client, social_worker, managers_need_it):
    assert _sign_in(client, "sw1").url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_required_role_reaches_no_page_before_the_second_step(client, team_manager, child_a, managers_need_it):
    _sign_in(client, "tm1")
    for url in (reverse("home"), reverse("child_detail", args=[child_a.pk]), reverse("pob_list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == f"{STEP}?next={quote(url)}"
    posted = client.post(reverse("legal_status_create", args=[child_a.pk]), {"status": "s20"})
    assert posted.url.startswith(STEP)
    assert not LegalStatusPeriod.objects.filter(child=child_a, status="s20").exists()
    assert client.get(reverse("healthz")).status_code in (200, 503)  # public pages stay public
    assert client.post(reverse("logout")).status_code == 302  # signing out is always possible


def test_setting_up_the_app_wrong_code_then_right(
    client, team_manager, child_a, managers_need_it, no_slow_down, caplog
):
    caplog.set_level(logging.INFO, logger="caseflow.security")
    _sign_in(client, "tm1")
    wanted = reverse("child_detail", args=[child_a.pk])
    page = client.get(client.get(wanted).url).content.decode()
    assert "Set up two-step sign-in" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, as an image (no inline script)
    key = client.session[SETUP_KEY]
    shown = b32encode(unhexlify(key)).decode()
    assert " ".join(shown[i : i + 4] for i in range(0, len(shown), 4)) in page
    assert client.session[SETUP_KEY] == key  # the same key on every visit until confirmed
    assert not TOTPDevice.objects.exists()  # nothing stored until a code proves the app has the key

    wrong = client.post(STEP, {"code": _wrong(key), "next": wanted})
    assert wrong.status_code == 200
    assert "That code is not right: enter the 6 digits your authenticator app shows now" in wrong.content.decode()
    assert f'value="{_wrong(key)}"' in wrong.content.decode()  # what was typed is kept
    assert client.get(wanted).status_code == 302

    right = client.post(STEP, {"code": _code(key)[:3] + " " + _code(key)[3:], "next": wanted})
    assert right.url == wanted
    assert client.get(wanted).status_code == 200
    device = TOTPDevice.objects.get(user=team_manager)
    assert device.confirmed
    assert device.key == key
    assert SETUP_KEY not in client.session
    assert [e["event"] for e in _events(caplog) if e["event"].startswith("two_factor")] == [
        "two_factor_failed",
        "two_factor_set_up",
    ]


def test_signing_in_with_the_app_set_up(client, team_manager, app_set_up, managers_need_it, no_slow_down, caplog):
    caplog.set_level(logging.INFO, logger="caseflow.security")
    _sign_in(client, "tm1")
    before = client.session.session_key
    page = client.get(STEP).content.decode()
    assert "Enter the code from your authenticator app" in page
    assert "data:image/svg+xml" not in page  # the key is never shown again
    assert "Continue" in page

    wrong = client.post(STEP, {"code": _wrong(app_set_up.key)})
    assert "That code is not right" in wrong.content.decode()
    assert client.post(STEP, {"code": _code(app_set_up.key)}).url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.session.session_key != before  # a new session key once fully signed in
    assert any(e["event"] == "two_factor_passed" and e["who"] == "tm1" for e in _events(caplog))
    assert any(e["event"] == "two_factor_failed" and e["step"] == "sign_in" for e in _events(caplog))


def test_a_code_is_accepted_once_only(client, team_manager, app_set_up, managers_need_it, no_slow_down):
    _sign_in(client, "tm1")
    used = _code(app_set_up.key)
    client.post(STEP, {"code": used})
    client.post(reverse("logout"))
    _sign_in(client, "tm1")
    again = client.post(STEP, {"code": used})
    assert "That code is not right" in again.content.decode()
    assert client.post(STEP, {"code": _code(app_set_up.key, window=1)}).url == reverse("home")


def test_wrong_codes_slow_the_next_try_in_plain_words(client, team_manager, app_set_up, managers_need_it):
    _sign_in(client, "tm1")
    client.post(STEP, {"code": _wrong(app_set_up.key)})
    soon = client.post(STEP, {"code": _code(app_set_up.key)})  # even the right one, a moment later
    assert "Too many wrong codes: try again after" in soon.content.decode()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "Enter the 6-digit code from your authenticator app, digits only"),
        ("abcdef", "Enter the 6-digit code from your authenticator app, digits only"),
        ("١٢٣٤٥٦", "Enter the 6-digit code from your authenticator app, digits only"),
        ("1" * 500, "Enter the 6-digit code from your authenticator app"),
    ],
)
def test_input_that_is_not_a_code_is_explained(client, team_manager, app_set_up, managers_need_it, typed, message):
    _sign_in(client, "tm1")
    response = client.post(STEP, {"code": typed})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_next_page_must_be_on_this_site(client, team_manager, app_set_up, managers_need_it, no_slow_down):
    _sign_in(client, "tm1")
    response = client.post(STEP, {"code": _code(app_set_up.key), "next": "https://elsewhere.example/"})
    assert response.url == reverse("home")


def test_someone_may_set_it_up_without_their_role_requiring_it(client, social_worker, no_slow_down):
    client.force_login(social_worker)
    client.get(STEP)
    key = client.session[SETUP_KEY]
    assert client.post(STEP, {"code": _code(key)}).url == reverse("home")
    client.post(reverse("logout"))
    _sign_in(client, "sw1")
    assert client.get(reverse("home")).url.startswith(STEP)  # asked from then on


def test_an_administrator_requires_it_for_a_role_in_the_admin(client, administrator, team_manager):
    setting = RoleSetting.objects.get(role=Role.TEAM_MANAGER)
    client.force_login(administrator)
    url = reverse("admin:caseflow_rolesetting_change", args=[setting.pk])
    assert client.post(url, {"role": Role.TEAM_MANAGER, "requires_two_factor": "on"}).status_code == 302
    setting.refresh_from_db()
    assert setting.requires_two_factor
    assert setting.history.latest().history_user == administrator
    client.post(reverse("logout"))
    _sign_in(client, "tm1")
    assert client.get(reverse("home")).url.startswith(STEP)


def test_an_administrator_resets_a_lost_app_and_never_sees_its_key(client, administrator, team_manager, app_set_up):
    client.force_login(administrator)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[app_set_up.pk])).content.decode()
    assert app_set_up.key not in page
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    deleted = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[app_set_up.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    assert not TOTPDevice.objects.exists()


def test_other_staff_cannot_reset_anyones_app(client, team_manager, app_set_up):
    client.force_login(team_manager)
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[app_set_up.pk]), {"post": "yes"})
    assert TOTPDevice.objects.filter(pk=app_set_up.pk).exists()
