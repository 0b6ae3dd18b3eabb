"""People and roles: the users who work in the book (docs/security.md, «Personas y roles»).

``users`` holds each person's login, name, role and argon2id password hash. It is
audited like the tables of 0007, by triggers, except that a password hash is
recorded only by its length: the trail is kept forever, and old hashes of old
passwords have no business there. So that a hash cannot be swapped unseen, a
new hash must come with a new ``password_changed_at`` (a trigger refuses it
otherwise), and that change is recorded. A user is never deleted (disabled
instead), so what they recorded always names someone.

An upgraded book gets no user: the first person who opens it after the upgrade
becomes its administrator (``coopdesk.core.users``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

HIDDEN = "password_hash"  # recorded in the trail by its length only
KEPT = "coopdesk: un usuario no se borra (se desactiva), y su contraseña se cambia con su fecha"
CONTEXT = "(SELECT at FROM audit_context LIMIT 1), (SELECT who FROM audit_context LIMIT 1)"


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=40), nullable=False),
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('automatic_login', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint("role IN ('tesorero', 'contador', 'acopiador', 'consejo', 'administrador')",
                       name=op.f('ck_users_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('login', name=op.f('uq_users_login'))
    )
    bind = op.get_bind()
    columns = [c["name"] for c in sa.inspect(bind).get_columns("users")]
    for statement in (_sqlite if bind.dialect.name == "sqlite" else _postgresql)(columns):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS users_audit_{name}")
        op.execute("DROP TRIGGER IF EXISTS users_kept_update")
        op.execute("DROP TRIGGER IF EXISTS users_kept_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS users_audit ON users")
        op.execute("DROP TRIGGER IF EXISTS users_kept ON users")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_audit_users()")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_users_kept()")
    op.drop_table('users')


def _value(row: str, name: str) -> str:
    return f"length({row}.{name})" if name == HIDDEN else f"{row}.{name}"


def _sqlite(columns) -> list[str]:
    """As 0007's triggers, the hash by its length; then the guard."""
    def whole(row: str) -> str:
        return "json_object(" + ", ".join(f"'{name}', {_value(row, name)}" for name in columns) + ")"

    changed = " UNION ALL ".join(
        f"SELECT '{name}' AS k, {_value('OLD', name)} AS o, {_value('NEW', name)} AS n "
        f"WHERE OLD.{name} IS NOT NEW.{name}" for name in columns)
    insert = "INSERT INTO audit_log (at, who, action, table_name, row_id, before, after)"
    return [
        f"""CREATE TRIGGER users_audit_insert AFTER INSERT ON users BEGIN
            {insert} VALUES ({CONTEXT}, 'alta', 'users', NEW.id, NULL, {whole('NEW')}); END""",
        f"""CREATE TRIGGER users_audit_update AFTER UPDATE ON users BEGIN
            {insert} SELECT {CONTEXT}, 'cambio', 'users', NEW.id, json_group_object(k, o), json_group_object(k, n)
            FROM ({changed}) HAVING count(*) > 0; END""",
        f"""CREATE TRIGGER users_audit_delete AFTER DELETE ON users BEGIN
            {insert} VALUES ({CONTEXT}, 'baja', 'users', OLD.id, {whole('OLD')}, NULL); END""",
        f"""CREATE TRIGGER users_kept_update BEFORE UPDATE ON users
            WHEN NEW.password_hash IS NOT OLD.password_hash AND NEW.password_changed_at IS OLD.password_changed_at
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
        f"""CREATE TRIGGER users_kept_delete BEFORE DELETE ON users
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
    ]


def _postgresql(columns) -> list[str]:
    return [
        f"""CREATE FUNCTION coopdesk_audit_users() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o jsonb; n jsonb; b jsonb; a jsonb; ctx_at text; ctx_who text;
BEGIN
  SELECT at, who INTO ctx_at, ctx_who FROM audit_context LIMIT 1;
  IF TG_OP <> 'INSERT' THEN o := jsonb_set(to_jsonb(OLD), '{{{HIDDEN}}}', to_jsonb(length(OLD.{HIDDEN}))); END IF;
  IF TG_OP <> 'DELETE' THEN n := jsonb_set(to_jsonb(NEW), '{{{HIDDEN}}}', to_jsonb(length(NEW.{HIDDEN}))); END IF;
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
END $$""",
        """CREATE TRIGGER users_audit AFTER INSERT OR UPDATE OR DELETE ON users
           FOR EACH ROW EXECUTE FUNCTION coopdesk_audit_users()""",
        f"""CREATE FUNCTION coopdesk_users_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
                RAISE EXCEPTION '{KEPT}';
              ELSIF NEW.password_hash IS DISTINCT FROM OLD.password_hash
                    AND NEW.password_changed_at IS NOT DISTINCT FROM OLD.password_changed_at THEN
                RAISE EXCEPTION '{KEPT}';
              END IF;
              RETURN NEW;
            END $$""",
        """CREATE TRIGGER users_kept BEFORE UPDATE OR DELETE ON users
           FOR EACH ROW EXECUTE FUNCTION coopdesk_users_kept()""",
        """CREATE TRIGGER users_no_truncate BEFORE TRUNCATE ON users
           FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_users_kept()""",
    ]
