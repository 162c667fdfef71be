"""The demo dataset: national units, accounts of Chư Sê district (2021) and Xã Chư Sê (2025).

Loading is idempotent: what exists is left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.services import user_create
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.orgunits.services import orgunits_load

DEMO_PASSWORD = "ChuSe@2021-demo"
BEFORE_REFORM = datetime.date(2021, 7, 1)
AFTER_REFORM = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    capture: tuple[str, ...]
    view: tuple[str, ...]
    on: datetime.date
    what: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin",
        "Quản trị hệ thống",
        Role.ADMIN,
        (),
        (),
        BEFORE_REFORM,
        "system administrator, every unit",
    ),
    DemoAccount(
        "lanhdao.chuse",
        "Lãnh đạo huyện Chư Sê",
        Role.LEADER,
        ("633",),
        (),
        BEFORE_REFORM,
        "leader, Chư Sê district (2021)",
    ),
    DemoAccount(
        "canbo.iablang",
        "Cán bộ thống kê xã Ia Blang",
        Role.DATA_OFFICER,
        ("23962",),
        (),
        BEFORE_REFORM,
        "data officer, Xã Ia Blang (2021)",
    ),
    DemoAccount(
        "canbo.dun",
        "Cán bộ thống kê xã Dun",
        Role.DATA_OFFICER,
        ("23965",),
        (),
        BEFORE_REFORM,
        "data officer, Xã Dun (2021)",
    ),
    DemoAccount(
        "yte.chuse",
        "Trung tâm Y tế huyện Chư Sê",
        Role.HEALTH_OFFICER,
        ("633",),
        (),
        BEFORE_REFORM,
        "health officer, Chư Sê district",
    ),
    DemoAccount(
        "vanphong.huyenuy",
        "Văn phòng Huyện ủy Chư Sê",
        Role.PARTY_OFFICE,
        ("633",),
        (),
        BEFORE_REFORM,
        "Party committee office, Chư Sê district",
    ),
    DemoAccount(
        "congan.chuse",
        "Công an huyện Chư Sê",
        Role.SECURITY_OFFICER,
        ("633",),
        (),
        BEFORE_REFORM,
        "security officer, Chư Sê district",
    ),
    DemoAccount(
        "xem.gialai",
        "Người xem tỉnh Gia Lai",
        Role.VIEWER,
        (),
        ("64",),
        BEFORE_REFORM,
        "viewer, Gia Lai province (before 2025)",
    ),
    DemoAccount(
        "lanhdao.xachuse",
        "Lãnh đạo xã Chư Sê",
        Role.LEADER,
        ("23941",),
        (),
        AFTER_REFORM,
        "leader, Xã Chư Sê (from 1 July 2025)",
    ),
)


@dataclass(frozen=True)
class DemoResult:
    units_created: int
    accounts_created: int


@transaction.atomic
def demo_load(*, force: bool = False) -> DemoResult:
    """Load the demo. Refuses a database that has real users: the demo accounts share a
    published password."""
    demo_names = {a.username for a in DEMO_ACCOUNTS}
    others = User.objects.exclude(username__in=demo_names).count()
    if others and not force:
        raise ValidationFailed(
            _(
                "This database has %(n)s user(s) besides the demo accounts; the demo is not loaded "
                "into a real database (use --force to do it anyway)."
            ),
            n=others,
        )
    loaded = orgunits_load()
    created = 0
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        user_create(
            username=account.username,
            role=account.role,
            password=DEMO_PASSWORD,
            capture_codes=account.capture,
            view_codes=account.view,
            on=account.on,
            full_name=account.full_name,
        )
        created += 1
    return DemoResult(units_created=loaded.units_created, accounts_created=created)
