"""The venue's QR poster (áp phích mã QR): an A4 page in Vietnamese with the venue's name,
address and unit, the QR code of its check-in URL and how to check in; one PDF for one venue or
for every venue of a commune (a page each). QR codes by segno, the PDF by WeasyPrint."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils import translation

from dieuhanh.outbreak.models import Venue
from dieuhanh.outbreak.selectors.venues import checkin_url


@dataclass(frozen=True)
class PosterPage:
    venue: Venue
    url: str
    qr_svg: str  # a data: URI


def qr_code(url: str) -> segno.QRCode:
    """The QR code a poster carries: the absolute check-in URL, error correction Q (a poster
    may be scratched or partly covered)."""
    return segno.make_qr(url, error="q", boost_error=False)


def poster_pages(venues: Sequence[Venue]) -> list[PosterPage]:
    pages = []
    for venue in venues:
        url = checkin_url(venue)
        pages.append(
            PosterPage(venue, url, qr_code(url).svg_data_uri(scale=10, border=2, nl=False))
        )
    return pages


def posters_html(venues: Sequence[Venue]) -> str:
    """The posters as one HTML document (always in Vietnamese: they hang in public places)."""
    with translation.override("vi"):
        return render_to_string("outbreak/poster.html", {"pages": poster_pages(venues)})


def posters_pdf(venues: Sequence[Venue]) -> bytes:
    """One A4 page per venue, as PDF."""
    from weasyprint import HTML  # imported late: loading Pango costs ~0.3 s

    pdf = HTML(string=posters_html(venues)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
