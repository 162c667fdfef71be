"""The review's epidemic section, from the outbreak app's review selectors (counts only)."""

from __future__ import annotations

import datetime

from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.selectors.dashboard import care_review, outbreak_review
from dieuhanh.reports.pure.wording import count_text, join_items, number_text
from dieuhanh.vn.phrasing import unit_name_mid_sentence


def paragraphs(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    cases = outbreak_review(scope=scope, unit_code=unit.code, start=start, end=end)
    care = care_review(scope=scope, unit_code=unit.code, start=start, end=end)
    if cases is None and care is None:
        return None
    out: list[str] = []
    if cases is not None:
        first = (
            f"Trong kỳ, trên địa bàn ghi nhận {count_text(cases.cases_in_period, 'ca bệnh')} "
            f"(F0), lũy kế {count_text(cases.cases_cumulative, 'ca')}"
        )
        places = [
            f"{unit_name_mid_sentence(u.name)}: {u.in_period}" for u in cases.by_unit if u.in_period
        ]
        if places:
            first += f" ({join_items(places)})"
        traced = []
        if cases.contacts_f1:
            traced.append(f"{count_text(cases.contacts_f1, 'trường hợp')} tiếp xúc gần (F1)")
        if cases.contacts_f2:
            traced.append(f"{count_text(cases.contacts_f2, 'trường hợp')} F2")
        sentence = first + "."
        if traced:
            sentence += f" Đã truy vết {join_items(traced)}"
            if cases.chains:
                sentence += (
                    f"; {count_text(cases.chains, 'chuỗi lây nhiễm')}, chuỗi lớn nhất "
                    f"{count_text(cases.largest_chain, 'người')}"
                )
            sentence += "."
        outcomes = []
        if cases.recovered_in_period:
            outcomes.append(f"{count_text(cases.recovered_in_period, 'ca')} khỏi bệnh")
        if cases.deaths_in_period:
            outcomes.append(f"{count_text(cases.deaths_in_period, 'ca')} tử vong")
        if outcomes:
            sentence += f" Trong kỳ có {join_items(outcomes)}."
        out.append(sentence)
    if care is not None:
        done = []
        if care.quarantined or care.released:
            done.append(
                f"cách ly {count_text(care.quarantined, 'người')}, "
                f"{count_text(care.released, 'người')} hoàn thành cách ly"
            )
        if care.tests_done:
            tests = f"lấy {count_text(care.tests_done, 'mẫu')} xét nghiệm"
            tests += f" ({care.tests_positive} dương tính"
            if care.pools:
                tests += f"; {count_text(care.pools, 'mẫu gộp')}, "
                tests += f"{care.pools_positive} mẫu gộp dương tính"
            done.append(tests + ")")
        if care.zones_opened:
            zone = f"khoanh vùng {count_text(care.zones_opened, 'khu vực')}"
            if care.lockdowns_opened:
                zone += f", trong đó phong tỏa {count_text(care.lockdowns_opened, 'khu vực')}"
            done.append(zone)
        if care.arrivals:
            done.append(f"quản lý {count_text(care.arrivals, 'người')} về từ vùng dịch")
        if done:
            out.append("Trong kỳ đã " + join_items(done) + ".")
        if care.readiness_items:
            # The count is of the items listed (as many as named), each gap with its unit.
            units = care.readiness_gap_units_vi
            missing = [
                f"{name}: thiếu {number_text(n)} {units[i] if i < len(units) else ''}".rstrip()
                for i, (name, n) in enumerate(care.readiness_gaps_vi)
                if n
            ]
            if missing:
                text = f"Phương án “4 tại chỗ”: còn thiếu {len(missing)} nội dung so với yêu cầu"
                out.append(f"{text} ({join_items(missing)}).")
            else:
                out.append("Phương án “4 tại chỗ”: các nội dung đã đáp ứng yêu cầu.")
    return out or None
