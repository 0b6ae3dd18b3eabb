"""Members (socios): add, edit, find, and page through the padrón."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select, tuple_

from coopdesk.core.dto import Changes, MemberRow
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.db.tables import members as members_table, zones as zones_table
from coopdesk.domain.bank_file import bank_account_problems, plain_account
from coopdesk.domain.rules import MemberInput, check_member
from coopdesk.domain.text import member_search_key, member_sort_key, search_fold
from coopdesk.domain import roles
from coopdesk.domain.member_codes import next_code
from coopdesk.domain.names import list_name

if TYPE_CHECKING:
    from coopdesk.core.book import Book


# a MemberRow's fields, in its order: the tables' columns (db.tables), not ORM objects nor attributes: no
# identity map to fill, and ``coopdesk members list`` imports neither the ORM nor the models
# (benchmarks/bench_startup.py). Writing a member still goes through the ORM's models.
_m, _z = members_table.c, zones_table.c
ROW_COLUMNS = (_m.id, _m.code, _m.dni, _m.first_names, _m.last_names, _m.gender, _z.code, _z.name, _m.status,
               _m.certification, _m.join_date, _m.phone, _m.bank_account)


def _rows_query() -> Select:
    return select(*ROW_COLUMNS).join_from(members_table, zones_table, _m.zone_id == _z.id)


def same_code(code: str):
    """A member's code as typed, in any case: s00001 is S00001."""
    return func.upper(_m.code) == code.strip().upper()


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching(query: Select, text: str) -> Select:
    """Restrict a query over members to those whose code, DNI or names contain
    every word of ``text``, ignoring case and accents ("chavez" finds Chávez)."""
    for word in search_fold(text).split():
        query = query.where(_m.search_key.like(like_pattern(word), escape="\\"))
    return query


class Members:
    def __init__(self, book: "Book"):
        self._book = book

    def add(self, data: MemberInput) -> Changes:
        from coopdesk.db.models import Member

        with self._book.write(roles.EDIT_MEMBERS) as session:
            zone_id = self._check(session, data, member_id=None)
            now = self._book.clock.now()
            member = Member(created_at=now, **self._fields(data, zone_id, now))
            session.add(member)
            session.flush()
            return Changes(members=(member.id,))

    def update(self, member_id: int, data: MemberInput) -> Changes:
        from coopdesk.db.models import Member

        with self._book.write(roles.EDIT_MEMBERS) as session:
            member = session.get(Member, member_id)
            if member is None:
                raise NotFound(N_("No existe el socio %(code)s."), code=data.code)
            zone_id = self._check(session, data, member_id=member_id)
            for key, value in self._fields(data, zone_id, self._book.clock.now()).items():
                setattr(member, key, value)
            return Changes(members=(member_id,))

    @staticmethod
    def _fields(data: MemberInput, zone_id: int, now: datetime) -> dict:
        code, dni = data.code.strip(), data.dni.strip()
        first, last = " ".join(data.first_names.split()), " ".join(data.last_names.split())
        return dict(
            code=code, dni=dni, first_names=first, last_names=last, gender=data.gender, zone_id=zone_id,
            status=data.status, certification=data.certification, join_date=data.join_date,
            phone=data.phone.strip(), bank_account=plain_account(data.bank_account), updated_at=now,
            sort_key=member_sort_key(first, last), search_key=member_search_key(code, dni, first, last),
        )

    def _check(self, session, data: MemberInput, member_id: int | None) -> int:
        from coopdesk.db.models import Member, Zone

        problems = check_member(data, self._book.clock.today())
        zone_id = session.scalar(select(Zone.id).where(Zone.code == data.zone_code.strip()))
        if data.zone_code.strip() and zone_id is None:
            problems.append(Problem("zone_code", N_("No existe la zona %(zone)s."), {"zone": data.zone_code}))
        others = select(Member).where(Member.id != member_id) if member_id else select(Member)
        if data.code.strip():
            other = session.scalars(others.where(Member.code == data.code.strip())).first()
            if other:
                problems.append(
                    Problem("code", N_("El código %(code)s ya es de %(name)s."),
                            {"code": data.code.strip(), "name": list_name(other.first_names, other.last_names)})
                )
        if data.dni.strip():
            other = session.scalars(others.where(Member.dni == data.dni.strip())).first()
            if other:
                problems.append(
                    Problem("dni", N_("El DNI %(dni)s ya está registrado para %(name)s (%(code)s)."),
                            {"dni": data.dni.strip(), "name": list_name(other.first_names, other.last_names), "code": other.code})
                )
        if problems:
            raise InvalidInput(problems)
        return zone_id

    def set_bank_account(self, code: str, account: str) -> Changes:
        """The account a member's batch payments are transferred to ('' : paid in cash)."""
        from coopdesk.db.models import Member

        problems = bank_account_problems(account)
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.EDIT_MEMBERS) as session:
            member = session.scalars(select(Member).where(same_code(code))).first()
            if member is None:
                raise NotFound(N_("No existe el socio %(code)s."), code=code)
            member.bank_account = plain_account(account)
            member.updated_at = self._book.clock.now()
            return Changes(members=(member.id,))

    def get(self, code: str) -> MemberRow:
        with self._book.rows() as conn:
            found = conn.execute(_rows_query().where(same_code(code))).first()
            if found is None:
                raise NotFound(N_("No existe el socio %(code)s."), code=code)
            return MemberRow(*found)

    def by_id(self, member_id: int) -> MemberRow:
        with self._book.rows() as conn:
            return MemberRow(*conn.execute(_rows_query().where(_m.id == member_id)).one())

    def page(self, text: str = "", after: MemberRow | None = None, limit: int = 200) -> list[MemberRow]:
        """Members in Spanish alphabetical order (apellidos, nombres) whose code,
        DNI or names contain every word of ``text``; ``after`` continues from a row."""
        query = matching(_rows_query(), text)
        if after is not None:
            key = member_sort_key(after.first_names, after.last_names)
            query = query.where(tuple_(_m.sort_key, _m.id) > tuple_(key, after.id))
        query = query.order_by(_m.sort_key, _m.id).limit(limit)
        with self._book.rows() as conn:
            return [MemberRow(*row) for row in conn.execute(query)]

    def next_code(self) -> str:
        """The code to suggest for a new member: the next of the padrón's series
        (S00151 after S00150; domain.member_codes)."""
        with self._book.rows() as conn:
            return next_code(conn.scalars(select(_m.code)))

    def count(self, text: str = "") -> int:
        with self._book.rows() as conn:
            return conn.scalar(matching(select(func.count()).select_from(members_table), text))
