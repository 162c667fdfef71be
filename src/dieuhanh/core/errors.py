"""Domain errors. Each carries a translatable message and maps once to an HTTP status.

Views and the API never build error responses themselves: they raise these (or let services
raise them) and the handlers in `dieuhanh.config.api` and `dieuhanh.web.views` render them.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import get_language, override


class DomainError(Exception):
    """Base of every error a user is meant to read."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str | Promise, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(self.render("en"))

    def render(self, language: str | None = None) -> str:
        """The message in `language` (the active one when None), with its parameters filled in;
        a parameter that is itself translatable (a field's label) is rendered in that language
        too."""
        with override(language or get_language()):
            text = str(self.message)
            if not self.params:
                return text
            params = {k: str(v) if isinstance(v, Promise) else v for k, v in self.params.items()}
        return text % params

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.render(),
            "messages": {"vi": self.render("vi"), "en": self.render("en")},
        }


class ValidationFailed(DomainError):
    status_code = 400
    code = "invalid"


class Unauthenticated(DomainError):
    """The caller is not known: no credentials, or an API token that is not (or no longer)
    valid. 401, where AccessDenied (403) is a known caller refused."""

    status_code = 401
    code = "unauthenticated"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class AccessDenied(DomainError):
    status_code = 403
    code = "forbidden"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class BilingualInvalid(ValidationFailed):
    """Bad input whose message comes already written in both languages (from `vn`, `periods`)."""

    def __init__(self, message_vi: str, message_en: str, *, code: str = "invalid") -> None:
        self.message_vi = message_vi
        self.message_en = message_en
        self.code = code
        super().__init__(message_en)

    def render(self, language: str | None = None) -> str:
        lang = language or get_language() or "vi"
        return self.message_en if lang.startswith("en") else self.message_vi
