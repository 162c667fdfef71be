"""Security settings: production refuses unsafe configuration, `check --deploy` is clean, headers
(CSP without inline script, framing refused), login throttling, password hashing, API tokens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import global_settings
from django.test import Client
from pytest_django.fixtures import Settings

from dieuhanh.accounts.models import ApiToken, Role
from dieuhanh.accounts.services import token_issue, token_revoke
from tests.conftest import MakeUser
from tests.factories import PASSWORD
from tests.trust.conftest import World

STRONG_KEY = "k7Qp2vX9mZr4Lt8Wn3Bc6Yd1Hs5Jf0Ge7Ua2Ko9Ri4Tx8Vl3Nw6Pq1Sz5My0Cb"


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIEUHANH_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        {
            "DIEUHANH_ENV": "production",
            "DIEUHANH_VAR_DIR": str(tmp_path),
            "DIEUHANH_SECRET_KEY": STRONG_KEY,
            "DIEUHANH_ALLOWED_HOSTS": "dieuhanh.gialai.gov.vn",
        }
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v != "<unset>"}


def _settings_in(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', "
        "'X_FRAME_OPTIONS', 'SESSION_COOKIE_HTTPONLY', 'PASSWORD_HASHERS')}))"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "dieuhanh.config.settings"}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"DIEUHANH_DEBUG": "1"}, "DIEUHANH_DEBUG must be off"),
        ({"DIEUHANH_SECRET_KEY": "django-insecure-abc"}, "default or weak key"),
        ({"DIEUHANH_SECRET_KEY": "changeme"}, "default or weak key"),
        ({"DIEUHANH_ALLOWED_HOSTS": "<unset>"}, "DIEUHANH_ALLOWED_HOSTS must name"),
        ({"DIEUHANH_ALLOWED_HOSTS": "*"}, "DIEUHANH_ALLOWED_HOSTS must name"),
    ],
)
def test_production_refuses_to_start(
    tmp_path: Path, overrides: dict[str, str], complaint: str
) -> None:
    result = _settings_in(_production_env(tmp_path, **overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_production_settings_are_secure(tmp_path: Path) -> None:
    result = _settings_in(_production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_SSL_REDIRECT"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["PASSWORD_HASHERS"][0].endswith("PBKDF2PasswordHasher")


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_settings_still_start_without_production_flag(tmp_path: Path) -> None:
    env = _production_env(tmp_path, DIEUHANH_ENV="<unset>", DIEUHANH_DEBUG="1")
    assert _settings_in(env).returncode == 0


# --- headers and pages --------------------------------------------------------------------


def test_every_response_carries_a_csp_without_inline_script(client: Client) -> None:
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


class _InlineFinder(HTMLParser):
    """Inline scripts, inline event handlers, style attributes and <style> blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script_inline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {k for k, _ in attrs}
        for name in names:
            if name.startswith("on") or name == "style" or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.found.append("<style> block")
        kind = dict(attrs).get("type") or "text/javascript"
        self._script_inline = (
            tag == "script" and "src" not in names and "json" not in kind and kind != "importmap"
        )

    def handle_data(self, data: str) -> None:
        if self._script_inline and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_inline = False


def inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_inline_finder_finds_what_it_looks_for() -> None:
    html = '<p style="x">a</p><script>alert(1)</script><a onclick="x()">b</a><style>p{}</style>'
    assert len(inline_code(html)) == 4
    assert (
        inline_code('<script src="/a.js"></script><script type="application/json">{}</script>')
        == []
    )


# Pages of other apps with inline code (they fix it in their templates): display -> reason.
KNOWN_INLINE: dict[str, str] = {}


def test_no_page_has_inline_script_or_style(world: World, client: Client) -> None:
    from tests.trust.endpoints import pages

    assert world.admin is not None
    client.force_login(world.admin, backend="django.contrib.auth.backends.ModelBackend")
    offenders = []
    for page in pages():
        try:
            url = page.url()
        except LookupError:
            continue  # reported by the scope-isolation inventory
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found = inline_code(response.content.decode())
        if found and page.display not in KNOWN_INLINE:
            offenders.append(f"{page.display}: {', '.join(sorted(set(found))[:5])}")
    assert not offenders, "\n".join(offenders)


# --- accounts -------------------------------------------------------------------------------


def test_passwords_use_djangos_default_hasher(make_user: MakeUser, settings: Settings) -> None:
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # as in production
    user = make_user()
    assert user.password.startswith("pbkdf2_sha256$")
    assert PASSWORD not in user.password


def test_api_tokens_are_stored_hashed(make_user: MakeUser) -> None:
    user = make_user(role=Role.DATA_OFFICER, capture=("23962",))
    raw = token_issue(user=user)
    stored = ApiToken.objects.get(user=user)
    assert raw not in (stored.digest, stored.prefix)
    assert len(stored.digest) == 64


def test_a_revoked_token_is_refused(make_user: MakeUser, client: Client) -> None:
    user = make_user(role=Role.DATA_OFFICER, capture=("23962",))
    raw = token_issue(user=user)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/me", headers=headers).status_code == 200
    token_revoke(token=ApiToken.objects.get(user=user))
    assert client.get("/api/me", headers=headers).status_code == 401


def test_login_is_throttled_after_repeated_failures(make_user: MakeUser, client: Client) -> None:
    user = make_user()
    statuses = [
        client.post(
            "/accounts/login/", {"username": user.username, "password": "sai-mat-khau"}
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the form again; locked at the 5th failure
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_login_is_not_throttled(make_user: MakeUser, client: Client) -> None:
    user = make_user()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
