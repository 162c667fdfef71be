"""Domain errors (core/errors.py): rendered in Vietnamese and English, mapped to HTTP statuses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import AccessDenied, NotFound


def test_domain_error_renders_in_vietnamese_and_english() -> None:
    error = NotFound(_("Unknown administrative unit code: %(code)s."), code="99999")
    assert error.as_dict()["messages"] == {
        "vi": "Không có đơn vị hành chính mã 99999.",
        "en": "Unknown administrative unit code: 99999.",
    }


def test_access_denied_maps_to_403() -> None:
    assert AccessDenied("x").status_code == 403
