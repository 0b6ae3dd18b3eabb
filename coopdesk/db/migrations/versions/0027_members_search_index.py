"""A covering index for searching members by a fragment (issue 14, Entregas).

``ix_members_search_key_id`` on ``members (search_key, id)``. A search by a
fragment of a code, DNI or name (``core.members.matching``: ``search_key LIKE
'%…%'``) cannot seek, it reads every member; through this index it reads only
the folded key and the id, a few hundred pages instead of every member's row:
on SQLite's plan «SCAN members USING COVERING INDEX ix_members_search_key_id»
where it said «SCAN members». The Entregas screen does this for each filter
(its count and its page), so about half of the search's time goes. At 50,000
members it takes about 2.5 MB and a fraction of a second to build. Only an
index: no row changes, and the audit triggers are untouched.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 22:45:00
"""

from alembic import op


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

NAME = "ix_members_search_key_id"


def upgrade() -> None:
    op.create_index(NAME, "members", ["search_key", "id"], unique=False)


def downgrade() -> None:
    op.drop_index(NAME, table_name="members")
