"""The public check-in page /c/<token>: no login, consent required, CSRF, the open check-in
remembered by a signed cookie, the limits; the venue register's pages and posters."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.http.response import HttpResponseBase
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from dieuhanh.accounts.models import User
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.checkin_store import DbCheckIns, checkins_count
from dieuhanh.outbreak.models import HealthDeclaration, PersonalDataAccess, Venue
from dieuhanh.outbreak.selectors.posters import posters_html, posters_pdf, qr_code
from dieuhanh.outbreak.services.checkin_page import checkin_form_claim
from dieuhanh.outbreak.services.venues import venue_create, venue_token_regenerate
from tests.conftest import MakeUser, unit_on
from tests.outbreak.factories import IA_BLANG, OTHER_DISTRICT

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
FORM = {"phone": "0905123456", "full_name": "Lê Văn Quét", "consent": "yes"}


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def market() -> Venue:
    return venue_create(
        actor=None, scope=Scope.everything(), unit=unit_on(IA_BLANG), name="Chợ Ia Blang"
    )


def url(venue: Venue) -> str:
    return f"/c/{venue.checkin_token}"


def test_the_page_opens_without_login_in_vietnamese(client: Client, market: Venue) -> None:
    response = client.get(url(market))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Chợ Ia Blang" in text
    assert "Nghị định 13/2023/NĐ-CP" in text
    assert "30 ngày" in text  # the retention period, in days


def test_the_consent_text_says_the_retention_setting(
    client: Client, market: Venue, settings: Settings
) -> None:
    settings.CHECKIN_RETENTION_DAYS = 21
    assert "21 ngày" in client.get(url(market)).content.decode()


def test_an_unknown_token_is_404(client: Client, market: Venue) -> None:
    assert client.get("/c/" + "A" * 22).status_code == 404


def test_a_replaced_token_is_404(client: Client, market: Venue) -> None:
    old = url(market)
    venue_token_regenerate(actor=None, scope=Scope.everything(), venue_id=market.pk)
    assert client.get(old).status_code == 404
    assert client.post(old, FORM).status_code == 404
    assert checkins_count() == 0


def test_the_sequential_id_is_not_a_token(client: Client, market: Venue) -> None:
    assert client.get(f"/c/{market.pk}").status_code == 404


def test_a_check_in_without_consent_is_refused(client: Client, market: Venue) -> None:
    response = client.post(url(market), {**FORM, "consent": ""})
    assert response.status_code == 400
    assert "đồng ý" in response.content.decode()
    assert checkins_count() == 0
    assert not HealthDeclaration.objects.exists()


def test_a_check_in_is_stored_and_remembered(client: Client, market: Venue) -> None:
    response = client.post(url(market), FORM)
    assert response.status_code == 302
    assert response.cookies["dh_checkin"]["httponly"]
    assert checkins_count() == 1
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="checked-in"' in page


def test_check_out_closes_the_stay(client: Client, market: Venue) -> None:
    client.post(url(market), FORM)
    response = client.post(url(market) + "/out")
    assert response.status_code == 302
    stays = list(DbCheckIns().venue_stays(market.pk, 0, 2**40))
    assert len(stays) == 1 and stays[0].end - stays[0].start < 3600
    assert 'data-testid="checkin-form"' in client.get(url(market)).content.decode()


def _open_token(response: HttpResponseBase) -> str:
    """The open check-in cookie's value as the server reads it (signed with a timestamp: two
    cookies of the same value signed in different seconds differ)."""
    request = RequestFactory().get("/")
    request.COOKIES["dh_checkin"] = response.cookies["dh_checkin"].value
    return str(request.get_signed_cookie("dh_checkin", salt="dieuhanh.outbreak.checkin_page"))


def test_the_open_check_in_cookie_holds_a_random_token_not_the_person(
    client: Client, market: Venue
) -> None:
    value = _open_token(client.post(url(market), FORM))
    declaration = HealthDeclaration.objects.get()
    assert value == declaration.checkin_token
    assert len(value) >= 16 and ":" not in value


def test_the_open_check_in_token_of_another_venue_checks_nothing_out(
    client: Client, market: Venue
) -> None:
    client.post(url(market), FORM)
    other = venue_create(
        actor=None, scope=Scope.everything(), unit=unit_on(IA_BLANG), name="Quán cơm Ia Blang"
    )
    client.post(url(other) + "/out")
    stays = list(DbCheckIns().venue_stays(market.pk, 0, 2**40))
    assert stays[0].end - stays[0].start == 3600  # still open (one hour)


def test_a_forged_open_check_in_cookie_is_ignored(client: Client, market: Venue) -> None:
    client.post(url(market), FORM)
    client.cookies["dh_checkin"] = f"{market.pk}:1:1"  # not signed
    client.post(url(market) + "/out")
    stays = list(DbCheckIns().venue_stays(market.pk, 0, 2**40))
    assert stays[0].end - stays[0].start == 3600  # still open (one hour)


def test_a_post_without_the_csrf_token_is_refused(market: Venue) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(market), FORM).status_code == 403
    assert checkins_count() == 0


def test_a_phone_over_the_limit_gets_a_clear_message(
    client: Client, market: Venue, settings: Settings
) -> None:
    settings.CHECKIN_DEVICE_LIMIT = 1
    client.get(url(market))  # the device cookie
    assert client.post(url(market), FORM).status_code == 302
    response = client.post(url(market), {**FORM, "phone": "0912000111"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert checkins_count() == 1


def test_a_yes_answer_is_on_the_health_officers_arrivals_list(
    client: Client, market: Venue, health: User, login: Login
) -> None:
    client.post(url(market), {**FORM, "fever": "yes"})
    officer = login(health)
    page = officer.get(f"/outbreak/care/arrivals/?unit={IA_BLANG}&on=2021-07-14")
    table = page.content.decode().split('data-testid="declarations"')[1]
    assert "Lê Văn Quét" in table and "Chợ Ia Blang" in table
    assert PersonalDataAccess.objects.filter(user=health, action="list").exists()


def test_another_districts_officer_does_not_see_the_declaration(
    client: Client, market: Venue, make_user: MakeUser, login: Login
) -> None:
    from dieuhanh.accounts.models import Role

    client.post(url(market), {**FORM, "fever": "yes"})
    other = make_user(role=Role.HEALTH_OFFICER, capture=(OTHER_DISTRICT,))
    page = login(other).get(f"/outbreak/care/arrivals/?unit={OTHER_DISTRICT}&on=2021-07-14")
    assert "Lê Văn Quét" not in page.content.decode()
    refused = login(other).get(f"/outbreak/care/arrivals/?unit={IA_BLANG}&on=2021-07-14")
    assert refused.status_code == 403


# --- the register and its posters ---------------------------------------------------------------


def test_the_register_lists_the_check_in_link(health: User, login: Login, market: Venue) -> None:
    page = login(health).get(f"/outbreak/venues/?unit={IA_BLANG}")
    assert page.status_code == 200
    assert f"/c/{market.checkin_token}" in page.content.decode()


def test_a_leader_may_not_register_a_venue(leader: User, login: Login) -> None:
    client = login(leader)
    client.post(f"/outbreak/venues/?unit={IA_BLANG}", {"unit": IA_BLANG, "name": "Chợ"})
    assert not Venue.objects.exists()


def test_a_health_officer_registers_a_venue(health: User, login: Login) -> None:
    client = login(health)
    client.post("/outbreak/venues/", {"unit": IA_BLANG, "name": "Quán cà phê Phố Núi"})
    venue = Venue.objects.get()
    assert venue.checkin_token and venue.unit == unit_on(IA_BLANG)


def test_the_poster_is_a_pdf(health: User, login: Login, market: Venue) -> None:
    response = login(health).get(f"/outbreak/venues/{market.pk}/poster.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_every_venue_of_the_unit_is_one_page(health: User, login: Login, market: Venue) -> None:
    from weasyprint import HTML

    venue_create(actor=None, scope=Scope.everything(), unit=unit_on(IA_BLANG), name="Trạm xăng")
    response = login(health).get(f"/outbreak/venues/posters.pdf?unit={IA_BLANG}")
    assert response.content.startswith(b"%PDF")
    venues = list(Venue.objects.order_by("name"))
    assert len(HTML(string=posters_html(venues)).render().pages) == 2


def test_a_poster_outside_the_scope_is_404(health: User, login: Login) -> None:
    far = venue_create(
        actor=None, scope=Scope.everything(), unit=unit_on(OTHER_DISTRICT), name="Chợ khác"
    )
    response = login(health).get(f"/outbreak/venues/{far.pk}/poster.pdf")
    assert response.status_code == 404


def test_the_qr_code_carries_the_check_in_url(market: Venue, settings: Settings) -> None:
    settings.PUBLIC_URL = "https://dieuhanh.example.gov.vn"
    code = qr_code(f"https://dieuhanh.example.gov.vn/c/{market.checkin_token}")
    assert code.error == "Q" and not code.is_micro
    # segno keeps no decoder: the same payload gives the same matrix
    from segno import make_qr

    assert (
        code.matrix
        == make_qr(
            f"https://dieuhanh.example.gov.vn/c/{market.checkin_token}",
            error="q",
            boost_error=False,
        ).matrix
    )


@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="needs zbarimg and pdftoppm",
)
def test_the_printed_poster_decodes_to_the_check_in_url(
    market: Venue, settings: Settings, tmp_path: Path
) -> None:
    settings.PUBLIC_URL = "https://dieuhanh.example.gov.vn"
    (tmp_path / "p.pdf").write_bytes(posters_pdf([market]))
    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", str(tmp_path / "p.pdf"), str(tmp_path / "p")], check=True
    )
    png = next(tmp_path.glob("p*.png"))
    out = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert out.stdout.strip() == f"https://dieuhanh.example.gov.vn/c/{market.checkin_token}"


def test_posts_without_the_device_cookie_count_under_the_address(
    market: Venue, settings: Settings
) -> None:
    settings.CHECKIN_DEVICE_LIMIT = 1
    assert Client().post(url(market), FORM).status_code == 302
    # a fresh client each time (no cookies kept): the same address
    assert Client().post(url(market), {**FORM, "phone": "0912000111"}).status_code == 429


def test_the_page_is_in_english_when_chosen(client: Client, market: Venue) -> None:
    client.cookies["django_language"] = "en"
    text = client.get(url(market)).content.decode()
    assert "Consent to process personal data" in text and "30 days" in text


def _form_key(client: Client, venue: Venue) -> str:
    page = client.get(url(venue)).content.decode()
    return page.split('name="form_key" value="', 1)[1].split('"', 1)[0]


def test_a_double_tap_stores_one_check_in(client: Client, market: Venue) -> None:
    key = _form_key(client, market)
    client.post(url(market), {**FORM, "form_key": key})
    second = client.post(url(market), {**FORM, "form_key": key})
    assert (second.status_code, checkins_count()) == (302, 1)


def test_a_double_tap_gives_the_phone_the_open_check_in(market: Venue) -> None:
    """The browser may drop the first answer: the repeat hands out the same cookie."""
    first, second = Client(), Client()
    key = _form_key(first, market)
    opened = _open_token(first.post(url(market), {**FORM, "form_key": key}))
    assert _open_token(second.post(url(market), {**FORM, "form_key": key})) == opened


def test_a_form_loaded_again_checks_in_again(client: Client, market: Venue) -> None:
    """After checking out, the next visit's form has a new key: stored as a new check-in."""
    client.post(url(market), {**FORM, "form_key": _form_key(client, market)})
    client.post(url(market) + "/out")
    client.post(url(market), {**FORM, "form_key": _form_key(client, market)})
    assert checkins_count() == 2


def test_behind_a_trusted_proxy_the_address_limit_counts_each_client(
    market: Venue, settings: Settings
) -> None:
    settings.CHECKIN_DEVICE_LIMIT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for n, address in enumerate(("198.51.100.1", "198.51.100.2")):
        response = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address).post(
            url(market), {**FORM, "phone": f"091200011{n}"}
        )
        assert response.status_code == 302


def test_a_refused_form_sent_again_is_checked_in(client: Client, market: Venue) -> None:
    key = _form_key(client, market)
    client.post(url(market), {**FORM, "consent": "", "form_key": key})
    response = client.post(url(market), {**FORM, "form_key": key})
    assert (response.status_code, checkins_count()) == (302, 1)


def test_a_key_the_page_could_not_have_rendered_is_no_key() -> None:
    assert checkin_form_claim("not a key!") and checkin_form_claim("not a key!")
