"""The audit trail, and deliveries sealed once recorded.

``audit_log`` is written by database triggers on every audited table, so a
change made with a SQL tool is recorded too: who and when come from the row
coopdesk puts in ``audit_context`` for the length of its own transaction (a
change made outside coopdesk finds none, and is recorded with ``who`` NULL).
The SHA-256 chain (``prev_hash``, ``hash``) is filled by coopdesk before it
commits (``coopdesk.core.audit``); a row left without it was written behind
coopdesk's back. The trail itself is append-only: its rows are never deleted,
and the only change admitted is filling a row's hashes once.

A delivery (intake ticket) is sealed once recorded: its figures, member,
product and date never change and it is never deleted; it may be linked once to
its entry (0006) and voided once (its void columns set together, once).

Every table that exists with rows when the trail begins gets one ``inicio``
record (its highest id and how many rows): rows up to that id were recorded
before the trail and have no ``alta`` of their own.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


# every table whose rows are history: documents, the books, the runs, settings and prices
AUDITED = ("deliveries", "account_movements", "input_items", "loans", "loan_installments", "journal_entries",
           "journal_lines", "ledger_periods", "ledger_accounts", "distribution_criteria", "distribution_runs",
           "distribution_lines", "distribution_payments", "settings", "price_entries", "quality_standards",
           "sales", "expenses", "members", "collection_points")
DELIVERY_VOID = ("voided_at", "void_reason", "voided_by")
DELIVERY_LATER = DELIVERY_VOID + ("entry_id",)  # entry_id: linked once, guarded since 0006
DELIVERY = "coopdesk: una entrega registrada no se modifica ni se borra; se anula"
TRAIL = "coopdesk: el registro de cambios no se modifica ni se borra"
FIELDS = ("id", "at", "who", "action", "table_name", "row_id", "before", "after")


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=True),
    sa.Column('who', sa.String(length=100), nullable=True),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.BigInteger(), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_table_name_row_id_id'), ['table_name', 'row_id', 'id'],
                              unique=False)
    op.create_table('audit_context',
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('who', sa.String(length=100), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_audit_context'))
    )
    bind = op.get_bind()
    dialect = bind.dialect.name
    inspector = sa.inspect(bind)
    for table in AUDITED:
        columns = [(c["name"], isinstance(c["type"], sa.LargeBinary)) for c in inspector.get_columns(table)]
        count, highest = bind.execute(sa.text(f"SELECT count(*), max(id) FROM {table}")).one()
        if count:
            op.execute(sa.text("INSERT INTO audit_log (who, action, table_name, row_id, after) "
                               "VALUES ('coopdesk', 'inicio', :table, :highest, :after)")
                       .bindparams(table=table, highest=highest, after=f'{{"filas":{count}}}'))
        for statement in (_sqlite_audit if dialect == "sqlite" else _postgresql_audit)(table, columns):
            op.execute(statement)
        if table == "deliveries":
            figures = [name for name, _blob in columns if name not in DELIVERY_LATER]
            for statement in SEALS[dialect](figures):
                op.execute(statement)
    for statement in TRAIL_KEPT[dialect]:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in UNSEALS[dialect]:
        op.execute(statement)
    for table in AUDITED:
        if dialect == "sqlite":
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_audit_{action}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_audit ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS coopdesk_audit()")
    op.drop_table('audit_context')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_table_name_row_id_id'))
    op.drop_table('audit_log')


# -- the triggers that write the trail -----------------------------------------

CONTEXT = "(SELECT at FROM audit_context LIMIT 1), (SELECT who FROM audit_context LIMIT 1)"


def _value(row: str, name: str, blob: bool) -> str:
    """A column's value in the trail; a binary column (a run's compressed inputs
    and results, sealed by their own fingerprint) as its length in bytes."""
    return f"length({row}.{name})" if blob else f"{row}.{name}"


def _sqlite_object(row: str, columns) -> str:
    return "json_object(" + ", ".join(f"'{name}', {_value(row, name, blob)}" for name, blob in columns) + ")"


def _sqlite_audit(table: str, columns) -> list[str]:
    """After each insert the new row, after each delete the old one, after each
    update the columns that changed (before and after), as JSON."""
    changed = " UNION ALL ".join(
        f"SELECT '{name}' AS k, {_value('OLD', name, blob)} AS o, {_value('NEW', name, blob)} AS n "
        f"WHERE OLD.{name} IS NOT NEW.{name}" for name, blob in columns)
    insert = "INSERT INTO audit_log (at, who, action, table_name, row_id, before, after)"
    return [
        f"""CREATE TRIGGER {table}_audit_insert AFTER INSERT ON {table} BEGIN
            {insert} VALUES ({CONTEXT}, 'alta', '{table}', NEW.id, NULL, {_sqlite_object('NEW', columns)}); END""",
        f"""CREATE TRIGGER {table}_audit_update AFTER UPDATE ON {table} BEGIN
            {insert} SELECT {CONTEXT}, 'cambio', '{table}', NEW.id, json_group_object(k, o), json_group_object(k, n)
            FROM ({changed}) HAVING count(*) > 0; END""",
        f"""CREATE TRIGGER {table}_audit_delete AFTER DELETE ON {table} BEGIN
            {insert} VALUES ({CONTEXT}, 'baja', '{table}', OLD.id, {_sqlite_object('OLD', columns)}, NULL); END""",
    ]


def _postgresql_audit(table: str, columns) -> list[str]:
    blobs = ", ".join(f"'{name}'" for name, blob in columns if blob)
    statements = []
    if table == AUDITED[0]:
        statements.append(AUDIT_FUNCTION)
    statements.append(f"""CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table}
                          FOR EACH ROW EXECUTE FUNCTION coopdesk_audit({blobs})""")
    return statements


# one function for every table; the trigger's arguments name its binary columns
AUDIT_FUNCTION = """CREATE FUNCTION coopdesk_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o jsonb; n jsonb; b jsonb; a jsonb; i int; ctx_at text; ctx_who text;
BEGIN
  SELECT at, who INTO ctx_at, ctx_who FROM audit_context LIMIT 1;
  IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW); END IF;
  FOR i IN 0 .. TG_NARGS - 1 LOOP  -- bytea arrives as '\\x' and two hex digits a byte
    IF o IS NOT NULL THEN o := jsonb_set(o, ARRAY[TG_ARGV[i]], to_jsonb((length(o->>TG_ARGV[i]) - 2) / 2)); END IF;
    IF n IS NOT NULL THEN n := jsonb_set(n, ARRAY[TG_ARGV[i]], to_jsonb((length(n->>TG_ARGV[i]) - 2) / 2)); END IF;
  END LOOP;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO audit_log (at, who, action, table_name, row_id, before, after)
    VALUES (ctx_at, ctx_who, 'alta', TG_TABLE_NAME, (n->>'id')::bigint, NULL, n::text);
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO audit_log (at, who, action, table_name, row_id, before, after)
    VALUES (ctx_at, ctx_who, 'baja', TG_TABLE_NAME, (o->>'id')::bigint, o::text, NULL);
    RETURN OLD;
  END IF;
  SELECT jsonb_object_agg(x.key, x.value), jsonb_object_agg(x.key, n->x.key) INTO b, a
    FROM jsonb_each(o) x WHERE x.value IS DISTINCT FROM n->x.key;
  IF b IS NOT NULL THEN
    INSERT INTO audit_log (at, who, action, table_name, row_id, before, after)
    VALUES (ctx_at, ctx_who, 'cambio', TG_TABLE_NAME, (n->>'id')::bigint, b::text, a::text);
  END IF;
  RETURN NEW;
END $$"""


# -- deliveries sealed ---------------------------------------------------------

def _delivery_rule(figures, differ: str) -> str:
    """Refused: a figure changed; a void changed once set; void columns set without voided_at."""
    return (" OR ".join(f"NEW.{c} {differ} OLD.{c}" for c in figures)
            + " OR (OLD.voided_at IS NOT NULL AND ("
            + " OR ".join(f"NEW.{c} {differ} OLD.{c}" for c in DELIVERY_VOID) + "))"
            + " OR (OLD.voided_at IS NULL AND NEW.voided_at IS NULL AND ("
            + " OR ".join(f"NEW.{c} {differ} OLD.{c}" for c in DELIVERY_VOID[1:]) + "))")


SEALS = {
    "sqlite": lambda figures: [
        f"""CREATE TRIGGER deliveries_sealed_update BEFORE UPDATE ON deliveries
            WHEN {_delivery_rule(figures, "IS NOT")}
            BEGIN SELECT RAISE(ABORT, '{DELIVERY}'); END""",
        f"""CREATE TRIGGER deliveries_sealed_delete BEFORE DELETE ON deliveries
            BEGIN SELECT RAISE(ABORT, '{DELIVERY}'); END""",
    ],
    "postgresql": lambda figures: [
        f"""CREATE FUNCTION coopdesk_delivery_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
                RAISE EXCEPTION '{DELIVERY}';
              ELSIF {_delivery_rule(figures, "IS DISTINCT FROM")} THEN
                RAISE EXCEPTION '{DELIVERY}';
              END IF;
              RETURN NEW;
            END $$""",
        """CREATE TRIGGER deliveries_sealed BEFORE UPDATE OR DELETE ON deliveries
           FOR EACH ROW EXECUTE FUNCTION coopdesk_delivery_sealed()""",
        """CREATE TRIGGER deliveries_no_truncate BEFORE TRUNCATE ON deliveries
           FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_delivery_sealed()""",
        """CREATE TRIGGER account_movements_no_truncate BEFORE TRUNCATE ON account_movements
           FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_seal_movements()""",
        """CREATE TRIGGER input_items_no_truncate BEFORE TRUNCATE ON input_items
           FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_seal_movements()""",
    ],
}

# the trail: rows are appended; a row's hashes are filled once, nothing else changes
_CONTENT_SAME = " AND ".join(f"NEW.{c} {{same}} OLD.{c}" for c in FIELDS)
TRAIL_KEPT = {
    "sqlite": [
        f"""CREATE TRIGGER audit_log_kept_update BEFORE UPDATE ON audit_log
            WHEN OLD.hash IS NOT NULL OR OLD.prev_hash IS NOT NULL OR NOT ({_CONTENT_SAME.format(same="IS")})
            BEGIN SELECT RAISE(ABORT, '{TRAIL}'); END""",
        f"""CREATE TRIGGER audit_log_kept_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, '{TRAIL}'); END""",
    ],
    "postgresql": [
        f"""CREATE FUNCTION coopdesk_audit_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
                RAISE EXCEPTION '{TRAIL}';
              ELSIF OLD.hash IS NOT NULL OR OLD.prev_hash IS NOT NULL
                 OR NOT ({_CONTENT_SAME.format(same="IS NOT DISTINCT FROM")}) THEN
                RAISE EXCEPTION '{TRAIL}';
              END IF;
              RETURN NEW;
            END $$""",
        """CREATE TRIGGER audit_log_kept BEFORE UPDATE OR DELETE ON audit_log
           FOR EACH ROW EXECUTE FUNCTION coopdesk_audit_kept()""",
        """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
           FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_audit_kept()""",
    ],
}
UNSEALS = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in (
        "deliveries_sealed_update", "deliveries_sealed_delete", "audit_log_kept_update", "audit_log_kept_delete")],
    "postgresql": [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in (
        ("deliveries_sealed", "deliveries"), ("deliveries_no_truncate", "deliveries"),
        ("account_movements_no_truncate", "account_movements"), ("input_items_no_truncate", "input_items"),
        ("audit_log_kept", "audit_log"), ("audit_log_no_truncate", "audit_log"))]
    + [f"DROP FUNCTION IF EXISTS {f}()" for f in ("coopdesk_delivery_sealed", "coopdesk_audit_kept")],
}
