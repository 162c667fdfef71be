"""Writes and bulk lookups of external identifiers (định danh bên ngoài): the mapping tables
`PersonIdentifier` / `VenueIdentifier` from normalised CCCD, phone, passport, source ids and QR
codes to the dense internal ids the check-in store packs as int32 (docs/design.md §3).

Lookups go in chunks of at most `chunk_size` values per query (SQLite's limit on SQL variables:
999 in old builds), so any number of persons or venues maps. Values reaching the bulk functions are
already normalised (`outbreak.pure.identifiers.normalise`).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from numpy.typing import NDArray

from dieuhanh.core.errors import BilingualInvalid
from dieuhanh.core.services import audit_record
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import Person, PersonIdentifier, Venue, VenueIdentifier
from dieuhanh.outbreak.pure.identifiers import IdentifierError, normalise
from dieuhanh.vn import fold, name_key

CHUNK_SIZE = 900
"""Values per lookup query: under SQLite's oldest limit of 999 variables per statement."""

SCAN_AT = 20_000
"""From this many values of one kind, a lookup reads the whole kind when that is at most four
times as many rows."""

Key = tuple[str, str]
"""(kind, normalised value)."""


def bilingual(exc: IdentifierError) -> BilingualInvalid:
    """The domain error of a refused identifier."""
    return BilingualInvalid(exc.message_vi, exc.message_en)


def normalised(kind: str, raw: str) -> str:
    """`normalise` raising the domain's bilingual ValidationFailed."""
    try:
        return normalise(kind, raw)
    except IdentifierError as exc:
        raise bilingual(exc) from None


def id_number_kind(raw: str) -> str:
    """The kind of an ID number typed in a form: 12 digits CCCD, 9 digits CMND, else passport."""
    digits = "".join(raw.split()).replace(".", "").replace("-", "")
    if digits.isdigit() and len(digits) == 12:
        return "cccd"
    if digits.isdigit() and len(digits) == 9:
        return "cmnd"
    return "passport"


def default_unit() -> OrgUnit:
    """The unit of a person registered without one: the top of the unit tree."""
    unit = OrgUnit.objects.filter(parent=None).order_by("path").first()
    if unit is None:
        raise BilingualInvalid("Chưa có đơn vị hành chính nào.", "No administrative unit exists.")
    return unit


def _chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _query(sql: str, fixed: list[Any], values: Sequence[Any], size: int) -> list[Any]:
    """Rows of `sql` (whose last placeholder list is `{}`) for every chunk of `values`: raw SQL,
    not the ORM, because a file maps hundreds of thousands of values."""
    rows: list[Any] = []
    with connection.cursor() as cursor:
        for chunk in _chunks(values, max(size, 1)):
            cursor.execute(sql.format(", ".join(["%s"] * len(chunk))), [*fixed, *chunk])
            rows.extend(cursor.fetchall())
    return rows


def _lookup(table: str, owner: str, keys: Iterable[Key], chunk_size: int) -> dict[Key, int]:
    by_kind: dict[str, set[str]] = {}
    for kind, value in keys:
        by_kind.setdefault(kind, set()).add(value)
    found: dict[Key, int] = {}
    for kind, values in by_kind.items():
        if len(values) >= SCAN_AT:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE kind = %s", [kind])  # noqa: S608
                stored = int(cursor.fetchone()[0])
                if stored <= 4 * len(values):
                    # most of the kind is wanted: one scan beats thousands of IN lists
                    cursor.execute(
                        f"SELECT value, {owner} FROM {table} WHERE kind = %s",  # noqa: S608
                        [kind],
                    )
                    while batch := cursor.fetchmany(50_000):
                        found.update(
                            ((kind, value), int(pk)) for value, pk in batch if value in values
                        )
                    continue
        rows = _query(
            f"SELECT value, {owner} FROM {table} WHERE kind = %s AND value IN ({{}})",  # noqa: S608
            [kind],
            sorted(values),
            chunk_size,
        )
        found.update(((kind, value), int(pk)) for value, pk in rows)
    return found


def _ids(table: str, owner: str, keys: Sequence[Key], chunk_size: int) -> NDArray[np.int64]:
    """`_lookup` for an import: the owner id of each key, in the keys' order (0 for an unknown
    key), with no tuple or dictionary entry per key (a file maps 200,000 phone numbers)."""
    out = np.zeros(len(keys), dtype=np.int64)
    if not keys:
        return out
    kinds = [k for k, _v in keys]
    values = [v for _k, v in keys]
    if len(set(kinds)) == 1:
        groups = [(kinds[0], np.arange(len(keys)))]
    else:
        kind_array = np.array(kinds)
        groups = [(str(k), np.flatnonzero(kind_array == k)) for k in np.unique(kind_array)]
    for kind, where in groups:
        wanted = values if len(where) == len(values) else [values[i] for i in where.tolist()]
        distinct = set(wanted)
        found: dict[str, int] = {}
        scanned = False
        if len(distinct) >= SCAN_AT:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE kind = %s", [kind])  # noqa: S608
                if int(cursor.fetchone()[0]) <= 4 * len(distinct):
                    # most of the kind is wanted: one scan beats thousands of IN lists; each
                    # batch kept only where wanted (a set intersection, not a loop per row)
                    cursor.execute(
                        f"SELECT value, {owner} FROM {table} WHERE kind = %s",  # noqa: S608
                        [kind],
                    )
                    while batch := cursor.fetchmany(50_000):
                        got = dict(batch)
                        hit = list(got.keys() & distinct)
                        found.update(zip(hit, map(got.__getitem__, hit), strict=True))
                    scanned = True
        if not scanned:
            found.update(
                _query(
                    f"SELECT value, {owner} FROM {table} WHERE kind = %s "  # noqa: S608
                    "AND value IN ({})",
                    [kind],
                    sorted(distinct),
                    chunk_size,
                )
            )
        out[where] = np.fromiter(
            map(found.get, wanted, itertools.repeat(0)), dtype=np.int64, count=len(wanted)
        )
    return out


def persons_ids(keys: Sequence[Key], *, chunk_size: int = CHUNK_SIZE) -> NDArray[np.int64]:
    """The person id of each (kind, value), in order; 0 for an unknown one."""
    return _ids(PersonIdentifier._meta.db_table, "person_id", keys, chunk_size)


def venues_ids(keys: Sequence[Key], *, chunk_size: int = CHUNK_SIZE) -> NDArray[np.int64]:
    """The venue id of each (kind, value), in order; 0 for an unknown one."""
    return _ids(VenueIdentifier._meta.db_table, "venue_id", keys, chunk_size)


def persons_lookup(keys: Iterable[Key], *, chunk_size: int = CHUNK_SIZE) -> dict[Key, int]:
    """The person id of each known (kind, value); unknown keys are left out."""
    return _lookup(PersonIdentifier._meta.db_table, "person_id", keys, chunk_size)


def venues_lookup(keys: Iterable[Key], *, chunk_size: int = CHUNK_SIZE) -> dict[Key, int]:
    """The venue id of each known (kind, value); unknown keys are left out."""
    return _lookup(VenueIdentifier._meta.db_table, "venue_id", keys, chunk_size)


def _by_id(table: str, columns: str, ids: Iterable[int], chunk_size: int) -> list[Any]:
    """Rows (`id`, …) of `table` for these ids: chunked IN lists, or one range read when the ids
    are many and dense (a file's persons: a range beats hundreds of IN lists)."""
    ordered = sorted(set(ids))
    if len(ordered) >= SCAN_AT and ordered[-1] - ordered[0] < 4 * len(ordered):
        wanted = set(ordered)
        rows: list[Any] = []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id{columns} FROM {table} WHERE id BETWEEN %s AND %s",  # noqa: S608
                [ordered[0], ordered[-1]],
            )
            while batch := cursor.fetchmany(50_000):
                rows.extend(row for row in batch if row[0] in wanted)
        return rows
    return _query(
        f"SELECT id{columns} FROM {table} WHERE id IN ({{}})",  # noqa: S608
        [],
        ordered,
        chunk_size,
    )


def persons_paths(ids: Iterable[int], *, chunk_size: int = CHUNK_SIZE) -> dict[int, str]:
    """The unit path of each existing person id."""
    rows = _by_id(Person._meta.db_table, ", unit_path", ids, chunk_size)
    return {int(pk): path for pk, path in rows}


def _unknown(table: str, ids: Iterable[int], chunk_size: int) -> list[int]:
    """The ids among `ids` that no row of `table` has, ascending. Many dense ids (a file's
    200,000 persons) are first counted in their range: ids are the primary key, so a count equal
    to the range's size means every id in it exists and nothing is read back (reading 200,000
    ids into Python was 0.45 s of a 1.2 s import); else the range's ids are read as an array."""
    wanted = np.fromiter(ids, dtype=np.int64)
    if not bool(np.all(wanted[1:] > wanted[:-1])):  # the import's are sorted and distinct
        wanted = np.unique(wanted)
    if not wanted.shape[0]:
        return []
    low, high = int(wanted[0]), int(wanted[-1])
    if wanted.shape[0] >= SCAN_AT and high - low < 4 * wanted.shape[0]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} WHERE id BETWEEN %s AND %s",  # noqa: S608
                [low, high],
            )
            if int(cursor.fetchone()[0]) == high - low + 1:
                return []
            cursor.execute(
                f"SELECT id FROM {table} WHERE id BETWEEN %s AND %s",  # noqa: S608
                [low, high],
            )
            found = np.fromiter(itertools.chain.from_iterable(cursor.fetchall()), dtype=np.int64)
        return [int(i) for i in wanted[~np.isin(wanted, found)]]
    existing = {int(row[0]) for row in _by_id(table, "", wanted.tolist(), chunk_size)}
    return [i for i in wanted.tolist() if i not in existing]


def persons_unknown(ids: Iterable[int], *, chunk_size: int = CHUNK_SIZE) -> list[int]:
    """Which of these person ids no person has, ascending (an import by the system checks
    200,000 internal ids: only whether they exist, not their paths)."""
    return _unknown(Person._meta.db_table, ids, chunk_size)


def venues_unknown(ids: Iterable[int], *, chunk_size: int = CHUNK_SIZE) -> list[int]:
    """Which of these venue ids no venue has, ascending."""
    return _unknown(Venue._meta.db_table, ids, chunk_size)


def persons_register_pseudonymous(
    keys: Sequence[Key], *, unit: OrgUnit, batch_size: int = CHUNK_SIZE
) -> dict[Key, int]:
    """Register one pseudonymous traced person (người được truy vết chưa định danh: no name until
    a health officer identifies them) per (kind, value), with that identifier. Call inside the
    importer's transaction; the keys must be unknown (see `persons_lookup`). Model objects are
    built a batch at a time (a file may name hundreds of thousands of new persons)."""
    mapping: dict[Key, int] = {}
    now = timezone.now()
    step = max(batch_size, 1) * 10
    for start in range(0, len(keys), step):
        part = keys[start : start + step]
        people = [
            Person(
                full_name="",
                unit=unit,
                unit_path=unit.path,
                search_key=" ",
                created_at=now,
                updated_at=now,
            )
            for _key in part
        ]
        created = Person.objects.bulk_create(people, batch_size=batch_size)
        made = {key: int(p.pk) for key, p in zip(part, created, strict=True)}
        PersonIdentifier.objects.bulk_create(
            [PersonIdentifier(kind=k, value=v, person_id=pk) for (k, v), pk in made.items()],
            batch_size=batch_size,
        )
        mapping.update(made)
    return mapping


def venues_register(
    keys: Sequence[Key],
    *,
    unit: OrgUnit | None,
    names: Mapping[Key, str] | None = None,
    batch_size: int = CHUNK_SIZE,
) -> dict[Key, int]:
    """Register one venue per unknown (kind, value) found in a file, named from `names` or by
    its code, with that identifier. Call inside the importer's transaction."""
    names = names or {}
    mapping: dict[Key, int] = {}
    now = timezone.now()
    step = max(batch_size, 1) * 10
    for start in range(0, len(keys), step):
        part = keys[start : start + step]
        venues = [
            Venue(
                code=value[:40] if kind == "code" else "",
                name=(names.get((kind, value)) or value)[:200],
                unit=unit,
                created_at=now,
                updated_at=now,
            )
            for kind, value in part
        ]
        created = Venue.objects.bulk_create(venues, batch_size=batch_size)
        made = {key: int(v.pk) for key, v in zip(part, created, strict=True)}
        VenueIdentifier.objects.bulk_create(
            [VenueIdentifier(kind=k, value=v, venue_id=pk) for (k, v), pk in made.items()],
            batch_size=batch_size,
        )
        mapping.update(made)
    return mapping


def _attach(person_id: int, keys: Iterable[Key]) -> None:
    """Add identifiers to a person, skipping those another person already holds."""
    for kind, value in keys:
        if not PersonIdentifier.objects.filter(kind=kind, value=value).exists():
            PersonIdentifier.objects.create(kind=kind, value=value, person_id=person_id)


def person_for_checkin(
    *, phone: str, full_name: str, id_number: str = "", unit: OrgUnit | None = None
) -> int:
    """The person a self check-in (tự khai báo) names: found by phone or ID number (CCCD, CMND or
    passport), else registered with these identifiers in `unit` (the top unit when None).
    Returns `Person.id`. A found person without a name (registered pseudonymously from a file)
    takes the name given; a named person keeps theirs (a health officer corrects identities).
    Refuses a malformed phone or ID number with a bilingual ValidationFailed."""
    keys: list[Key] = [("phone", normalised("phone", phone))]
    if id_number.strip():
        kind = id_number_kind(id_number)
        keys.append((kind, normalised(kind, id_number)))
    name = " ".join(full_name.split())
    if not name:
        raise BilingualInvalid("Cần nhập họ và tên.", "Full name is required.")
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _person_for_checkin(keys, name, unit)
        except IntegrityError:
            # another check-in registered the same phone or ID number between our lookup and
            # insert: look again (the second round finds it)
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _person_for_checkin(keys: list[Key], name: str, unit: OrgUnit | None) -> int:
    found = persons_lookup(keys)
    # The ID number identifies better than a phone a household shares: a new ID number is a new
    # person even when the phone is known (a child on the mother's phone). What a public,
    # unverified page says is added only to a person still without a name (registered from a
    # file); a named person's identifiers are changed by a health officer, so typing another's
    # CCCD with one's own phone never joins that phone to their record.
    pid = found.get(keys[1]) if len(keys) > 1 else found.get(keys[0])
    if pid is not None:
        person = Person.objects.select_for_update().get(pk=pid)
        if not person.full_name:
            person.full_name = name
            person.name_key = name_key(name)
            person.search_key = " " + fold(f"{name} {person.id_number} {person.phone}")
            person.version += 1
            person.save(
                update_fields=["full_name", "name_key", "search_key", "version", "updated_at"]
            )
            _attach(pid, [k for k in keys if k not in found])
        return pid
    home = unit or default_unit()
    phone_value = keys[0][1]
    id_value = keys[1][1] if len(keys) > 1 else ""
    national = "0" + phone_value[2:]
    person = Person(
        full_name=name,
        unit=home,
        unit_path=home.path,
        phone=national,
        id_number=id_value[:20],
        name_key=name_key(name),
        search_key=" " + fold(f"{name} {id_value} {national}"),
        phone_key=national[-9:],
    )
    person.save()
    PersonIdentifier.objects.bulk_create(
        [
            PersonIdentifier(kind=key[0], value=key[1], person_id=person.pk)
            for key in keys
            if key not in found  # a phone another person holds stays theirs
        ]
    )
    return int(person.pk)


def identifier_miss_log(*, actor: Any, raw: str, kind: str) -> None:
    """Log a lookup by identifier that found no one in the caller's units (an access to personal
    data all the same: probing numbers leaves a trace). The value is kept as a short SHA-256 of
    its trimmed form, never in clear."""
    digest = hashlib.sha256(raw.strip().encode()).hexdigest()[:16]
    audit_record(
        actor=actor,
        action="outbreak.identifier_lookup_miss",
        object_type="outbreak.personidentifier",
        changes={"kind": kind, "value_sha256_16": digest},
    )
