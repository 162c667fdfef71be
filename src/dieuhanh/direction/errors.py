"""Bad-input errors whose parameters are themselves translatable (field labels)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import override

from dieuhanh.core.errors import BilingualInvalid


def _render(message: str | Promise, language: str, params: dict[str, object]) -> str:
    with override(language):
        values = {k: str(v) if isinstance(v, Promise) else v for k, v in params.items()}
        return str(message) % values if values else str(message)


def invalid(message: str | Promise, **params: object) -> BilingualInvalid:
    """A ValidationFailed whose message and lazy parameters are rendered in Vietnamese and
    English alike (core.DomainError renders the parameters in the active language only)."""
    return BilingualInvalid(_render(message, "vi", params), _render(message, "en", params))
