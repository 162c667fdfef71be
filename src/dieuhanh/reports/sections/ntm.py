"""The review's new-rural section, from the ntm app's review selector."""

from __future__ import annotations

import datetime

from dieuhanh.core.scope import Scope
from dieuhanh.ntm.selectors.summary import ntm_review_section
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.reports.pure.wording import day_text, join_items, number_text
from dieuhanh.vn.phrasing import unit_name_mid_sentence

_LEVEL = {
    "standard": "đạt chuẩn nông thôn mới",
    "advanced": "đạt chuẩn nông thôn mới nâng cao",
    "model": "đạt chuẩn nông thôn mới kiểu mẫu",
}


def paragraphs(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    review = ntm_review_section(scope=scope, unit_code=unit.code, start=start, end=end)
    if review is None:
        return None
    first = (
        f"Đến ngày {day_text(review.on)}, đã có {review.recognised}/{review.communes} xã được "
        "công nhận đạt chuẩn nông thôn mới"
    )
    higher = [
        f"{review.recognised_by_level[level]} xã {_LEVEL[level]}"
        for level in ("advanced", "model")
        if review.recognised_by_level.get(level)
    ]
    if higher:
        first += f" (trong đó {join_items(higher)})"
    sentences = [first + "."]
    if review.recognised_in_period:
        items = [
            f"{unit_name_mid_sentence(name)} ({label[:1].lower()}{label[1:]}, "
            f"Quyết định số {number} ngày {day_text(date)})"
            for name, number, date, label in review.recognised_in_period
        ]
        sentences.append(f"Trong kỳ có {len(items)} xã được công nhận: {join_items(items)}.")
    else:
        sentences.append("Trong kỳ chưa có xã được công nhận thêm.")
    if review.criteria_met_average is not None and review.criteria_total:
        basis = (
            f" (Bộ tiêu chí theo Quyết định số {review.criteria_set})"
            if review.criteria_set
            else ""
        )
        sentences.append(
            f"Theo kết quả đánh giá năm {review.year}{basis}, bình quân mỗi xã đạt "
            f"{number_text(review.criteria_met_average, 1)}/{review.criteria_total} tiêu chí."
        )
    if review.closest:
        items = [
            f"{unit_name_mid_sentence(name)} ({met}/{total} tiêu chí)"
            for name, met, total in review.closest
        ]
        sentences.append(f"Các xã gần đạt chuẩn: {join_items(items)}.")
    if review.most_missing:
        items = [f"{name} ({n} xã chưa đạt)" for name, n in review.most_missing]
        sentences.append(f"Các tiêu chí nhiều xã chưa đạt: {join_items(items)}.")
    return [" ".join(sentences)]
