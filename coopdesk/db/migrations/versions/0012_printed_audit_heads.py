"""The audit trail's head as printed on paper (docs/security.md, «La cabeza del
registro en papel»).

``audit_heads`` keeps each head that coopdesk printed (the board's distribution
summary, the monthly «cierre»): which record of ``audit_log`` was the newest
chained one, how many records the trail had up to it, and its hash, with when
and by whom it was printed. ``coopdesk check --integrity`` recomputes the chain
and compares it with every one. The rows are audited like 0007's tables and
never change or go away (the paper is the proof; the row lets the check find it).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 07:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

KEPT = "coopdesk: una cabeza impresa del registro de cambios no se modifica ni se borra"
CONTEXT = "(SELECT at FROM audit_context LIMIT 1), (SELECT who FROM audit_context LIMIT 1)"
COLUMNS = ("id", "kind", "reference", "printed_on", "printed_at", "printed_by", "record_id", "records", "hash")


def upgrade() -> None:
    op.create_table('audit_heads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('printed_on', sa.Date(), nullable=False),
    sa.Column('printed_at', sa.DateTime(), nullable=False),
    sa.Column('printed_by', sa.String(length=100), nullable=False),
    sa.Column('record_id', sa.BigInteger(), nullable=False),
    sa.Column('records', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('cierre', 'resumen')", name=op.f('ck_audit_heads_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_heads'))
    )
    for statement in (_sqlite() if op.get_bind().dialect.name == "sqlite" else _postgresql()):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("audit_heads_audit_insert", "audit_heads_kept_update", "audit_heads_kept_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_heads_audit ON audit_heads")
        op.execute("DROP TRIGGER IF EXISTS audit_heads_kept ON audit_heads")
        op.execute("DROP TRIGGER IF EXISTS audit_heads_no_truncate ON audit_heads")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_audit_heads_kept()")
    op.drop_table('audit_heads')


def _sqlite() -> list[str]:
    """Recorded when written (as 0007's tables); never changed nor deleted."""
    whole = "json_object(" + ", ".join(f"'{name}', NEW.{name}" for name in COLUMNS) + ")"
    return [
        f"""CREATE TRIGGER audit_heads_audit_insert AFTER INSERT ON audit_heads BEGIN
            INSERT INTO audit_log (at, who, action, table_name, row_id, before, after)
            VALUES ({CONTEXT}, 'alta', 'audit_heads', NEW.id, NULL, {whole}); END""",
        f"""CREATE TRIGGER audit_heads_kept_update BEFORE UPDATE ON audit_heads
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
        f"""CREATE TRIGGER audit_heads_kept_delete BEFORE DELETE ON audit_heads
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
    ]


def _postgresql() -> list[str]:
    return [
        """CREATE TRIGGER audit_heads_audit AFTER INSERT OR UPDATE OR DELETE ON audit_heads
           FOR EACH ROW EXECUTE FUNCTION coopdesk_audit()""",
        f"""CREATE FUNCTION coopdesk_audit_heads_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '{KEPT}';
            END $$""",
        """CREATE TRIGGER audit_heads_kept BEFORE UPDATE OR DELETE ON audit_heads
           FOR EACH ROW EXECUTE FUNCTION coopdesk_audit_heads_kept()""",
        """CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
           FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_audit_heads_kept()""",
    ]
