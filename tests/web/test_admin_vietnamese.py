"""The admin in Vietnamese (issue 20): titled for dieuhanh, every section and model named in
Vietnamese, third-party apps (django-axes) included."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.utils import translation

from dieuhanh.accounts.models import Role
from tests.auth import Login
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def _admin_index(client: Client, make_user: MakeUser, login: Login) -> str:
    login(make_user(role=Role.ADMIN))
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    return client.get("/admin/").content.decode()


def test_admin_is_titled_for_dieuhanh(client: Client, make_user: MakeUser, login: Login) -> None:
    html = _admin_index(client, make_user, login)
    assert "Trang quản trị dieuhanh" in html and "Django" not in html


def test_admin_names_the_once_english_sections_in_vietnamese(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    html = _admin_index(client, make_user, login)
    for english in (
        "Access attempts",
        "Access failures",
        "Access logs",
        "Data value changes",
        "Task alerts",
        "Org unit datasets",
        "Skip to main content",
        "Model name",
    ):
        assert english not in html, english
    for vietnamese in (
        "Bảo vệ đăng nhập",
        "Nhật ký đăng nhập",
        "Lịch sử thay đổi số liệu",
        "Các lần nhắc việc đã gửi",
        "Các bộ dữ liệu đơn vị đã nạp",
        "Hệ thống",
    ):
        assert vietnamese in html, vietnamese


def test_every_admin_section_and_model_has_a_vietnamese_name() -> None:
    """Each registered model's plural name and its app's name read differently in Vietnamese
    than in English: none was left to its English default."""
    from dieuhanh.config import urls  # noqa: F401  # the URLconf discovers the admin modules

    untranslated = []
    for model in admin.site._registry:
        names = [
            model._meta.verbose_name_plural,
            apps.get_app_config(model._meta.app_label).verbose_name,
        ]
        for name in names:
            with translation.override("en"):
                english = str(name)
            with translation.override("vi"):
                vietnamese = str(name)
            if english == vietnamese:
                untranslated.append(english)
    assert sorted(set(untranslated)) == []
