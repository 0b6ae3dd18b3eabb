"""The withholding taken when a ticket is paid (Ley 31335; docs/criteria.md, «The retención»).

``deliveries`` gains ``withheld_cents``: the income-tax withholding taken out of
the ticket's payment (the member is paid ``amount_cents − withheld_cents``; the
ticket's entry credits it to 4017). 0 on every ticket before this revision, and
never more than the ticket's amount (a CHECK). It is one of the ticket's sealed
figures: the audit triggers and the seal of 0007 are rebuilt with it, as 0011
did (on SQLite the table is rebuilt to add its CHECK, and its triggers with it).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 12:00:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db import audit_triggers


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

REBUILT = ("deliveries_audit_insert", "deliveries_audit_update", "deliveries_audit_delete",
           "deliveries_sealed_update")
CHECK = "withheld_within_amount"


def upgrade() -> None:
    _withheld(add=True)


def downgrade() -> None:
    _withheld(add=False)


def _withheld(add: bool) -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    kept = []
    if sqlite:  # the table is rebuilt: its triggers go with it, and come back after
        kept = bind.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = 'deliveries'")).all()
        for name, _sql in kept:
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS deliveries_sealed ON deliveries")
        op.execute("DROP TRIGGER IF EXISTS deliveries_no_truncate ON deliveries")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_delivery_sealed()")
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        if add:
            batch_op.add_column(sa.Column('withheld_cents', sa.BigInteger(), server_default='0', nullable=False))
            batch_op.create_check_constraint(
                batch_op.f(f'ck_deliveries_{CHECK}'), "withheld_cents >= 0 AND withheld_cents <= amount_cents")
        else:
            batch_op.drop_constraint(batch_op.f(f'ck_deliveries_{CHECK}'), type_='check')
            batch_op.drop_column('withheld_cents')
    trail = audit_triggers.trail()
    columns = audit_triggers.columns(bind, "deliveries")
    figures = [name for name, _blob in columns if name not in trail.DELIVERY_LATER]
    if sqlite:
        for name, sql in kept:
            if name not in REBUILT:
                op.execute(sql)
        for statement in trail._sqlite_audit("deliveries", columns) + trail.SEALS["sqlite"](figures)[:1]:
            op.execute(statement)
    else:
        for statement in trail.SEALS["postgresql"](figures)[:3]:  # the function, the row and TRUNCATE triggers
            op.execute(statement)
