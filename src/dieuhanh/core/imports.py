"""What every importer (indicators, new-rural, check-ins and cases) says when it refuses a file:
one problem per wrong cell or row, all of them found before anything is written, one error and
one JSON shape for the whole refusal (docs/design.md §3 "Data exchange")."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import AccessDenied, DomainError, ValidationFailed


@dataclass(frozen=True)
class RowProblem:
    """One reason an import was refused: where (file, sheet, row, field) and why.

    `row` is None for the file as a whole (a missing column, an unreadable file)."""

    file: str
    row: int | None
    field: str
    error: DomainError
    sheet: str = ""

    def where(self, language: str | None = None) -> str:
        params = {"file": self.file, "sheet": self.sheet, "row": self.row, "field": self.field}
        if self.row is None:
            message = _("%(file)s") if not self.field else _("%(file)s, %(field)s")
        elif self.sheet:
            message = (
                _("%(file)s, sheet %(sheet)s, row %(row)s, %(field)s")
                if self.field
                else _("%(file)s, sheet %(sheet)s, row %(row)s")
            )
        else:
            message = (
                _("%(file)s, row %(row)s, %(field)s") if self.field else _("%(file)s, row %(row)s")
            )
        return ValidationFailed(message, **params).render(language)

    def render(self, language: str | None = None) -> str:
        return f"{self.where(language)}: {self.error.render(language)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet or None,
            "row": self.row,
            "field": self.field or None,
            "code": self.error.code,
            "message": self.error.render(),
            "messages": {"vi": self.error.render("vi"), "en": self.error.render("en")},
        }


class ImportRefused(ValidationFailed):
    """Rows of an import file are wrong (every one is listed); nothing was imported.

    403 when any row is for a unit or person outside the caller's scope, else 400. As JSON:
    `code`, `message`, `messages` {vi, en}, `file`, `errors_total`, and `errors`: the first
    1,000 problems, each `RowProblem.as_dict()`.
    """

    code = "import_invalid"
    shown = 5  # problems named in the one-line message; `problems` holds them all
    listed = 1000  # problems listed by `as_dict` (an API answer stays small)

    def __init__(self, file_name: str, problems: list[RowProblem]) -> None:
        self.file_name = file_name
        self.problems = problems
        if any(isinstance(p.error, AccessDenied) for p in problems):
            self.status_code = 403
            self.code = "import_forbidden"
        super().__init__(
            _("%(file)s: %(n)s error(s), nothing was imported: %(detail)s"),
            file=file_name,
            n=len(problems),
            detail="",
        )

    def render(self, language: str | None = None) -> str:
        detail = "; ".join(p.render(language) for p in self.problems[: self.shown])
        self.params["detail"] = detail + ("; …" if len(self.problems) > self.shown else "")
        return super().render(language)

    def as_dict(self) -> dict[str, object]:
        return {
            **super().as_dict(),
            "file": self.file_name,
            "errors_total": len(self.problems),
            "errors": [p.as_dict() for p in self.problems[: self.listed]],
        }


class ImportTooLarge(ValidationFailed):
    """An upload above the size an importer accepts (413)."""

    status_code = 413
    code = "too_large"
