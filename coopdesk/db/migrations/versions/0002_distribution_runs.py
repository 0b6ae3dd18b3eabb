"""Distribution criteria (versioned), runs, their lines and payments.

A published run is sealed in the database itself, beside the checks in
coopdesk.core: triggers refuse any change to a published or superseded run, its
lines, or the text of any criteria version; the only change a published run
admits is becoming superseded (status 'publicada' -> 'reemplazada').

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 22:08:07.276551
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('distribution_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('acta_number', sa.String(length=60), nullable=True),
    sa.Column('acta_date', sa.Date(), nullable=True),
    sa.Column('approved_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('borrador', 'aprobado', 'reemplazado')", name=op.f('ck_distribution_criteria_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distribution_criteria')),
    sa.UniqueConstraint('name', 'version', name=op.f('uq_distribution_criteria_name_version'))
    )
    with op.batch_alter_table('distribution_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distribution_criteria_sha256'), ['sha256'], unique=False)

    op.create_table('distribution_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('criteria_id', sa.Integer(), nullable=False),
    sa.Column('tax_year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('inputs', sa.LargeBinary(), nullable=False),
    sa.Column('results', sa.LargeBinary(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('to_members_cents', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('acta_number', sa.String(length=60), nullable=True),
    sa.Column('acta_date', sa.Date(), nullable=True),
    sa.Column('approved_by', sa.String(length=100), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('borrador', 'aprobada') OR fingerprint IS NOT NULL", name=op.f('ck_distribution_runs_published_sealed')),
    sa.CheckConstraint("status IN ('borrador', 'aprobada', 'publicada', 'reemplazada')", name=op.f('ck_distribution_runs_status')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_distribution_runs_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['corrects_id'], ['distribution_runs.id'], name=op.f('fk_distribution_runs_corrects_id_distribution_runs')),
    sa.ForeignKeyConstraint(['criteria_id'], ['distribution_criteria.id'], name=op.f('fk_distribution_runs_criteria_id_distribution_criteria')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distribution_runs')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_distribution_runs_fingerprint')),
    sa.UniqueConstraint('number', name=op.f('uq_distribution_runs_number'))
    )
    op.create_table('distribution_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('gross_cents', sa.BigInteger(), nullable=False),
    sa.Column('capitalised_cents', sa.BigInteger(), nullable=False),
    sa.Column('taxable_cents', sa.BigInteger(), nullable=False),
    sa.Column('withheld_cents', sa.BigInteger(), nullable=False),
    sa.Column('retained_cents', sa.BigInteger(), nullable=False),
    sa.Column('deducted_cents', sa.BigInteger(), nullable=False),
    sa.Column('net_cents', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('net_cents >= 0', name=op.f('ck_distribution_lines_net_not_negative')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_distribution_lines_member_id_members')),
    sa.ForeignKeyConstraint(['run_id'], ['distribution_runs.id'], name=op.f('fk_distribution_lines_run_id_distribution_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distribution_lines')),
    sa.UniqueConstraint('run_id', 'member_id', name=op.f('uq_distribution_lines_run_id_member_id'))
    )
    with op.batch_alter_table('distribution_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distribution_lines_run_id_net_cents'), ['run_id', 'net_cents'], unique=False)

    op.create_table('distribution_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_distribution_payments_member_id_members')),
    sa.ForeignKeyConstraint(['run_id'], ['distribution_runs.id'], name=op.f('fk_distribution_payments_run_id_distribution_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distribution_payments')),
    sa.UniqueConstraint('run_id', 'member_id', name=op.f('uq_distribution_payments_run_id_member_id'))
    )
    for statement in SEALS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNSEALS[op.get_bind().dialect.name]:
        op.execute(statement)
    op.drop_table('distribution_payments')
    with op.batch_alter_table('distribution_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distribution_lines_run_id_net_cents'))

    op.drop_table('distribution_lines')
    op.drop_table('distribution_runs')
    with op.batch_alter_table('distribution_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distribution_criteria_sha256'))

    op.drop_table('distribution_criteria')


SEALED = "('publicada', 'reemplazada')"
RUN_COLUMNS = ("number", "campaign_id", "criteria_id", "tax_year", "inputs", "results", "amount_cents",
               "to_members_cents", "created_at", "created_by", "approved_at", "acta_number", "acta_date",
               "approved_by", "published_at", "fingerprint", "corrects_id", "reason")
MESSAGE = "coopdesk: una distribucion publicada no se modifica"

SEALS = {
    "sqlite": [
        f"""CREATE TRIGGER distribution_runs_sealed_update BEFORE UPDATE ON distribution_runs
        WHEN OLD.status IN {SEALED} AND NOT (OLD.status = 'publicada' AND NEW.status = 'reemplazada'
            AND {" AND ".join(f"NEW.{c} IS OLD.{c}" for c in RUN_COLUMNS)})
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER distribution_runs_sealed_delete BEFORE DELETE ON distribution_runs
        WHEN OLD.status IN {SEALED} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER distribution_lines_sealed_insert BEFORE INSERT ON distribution_lines
        WHEN (SELECT status FROM distribution_runs WHERE id = NEW.run_id) IN {SEALED}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER distribution_lines_sealed_update BEFORE UPDATE ON distribution_lines
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER distribution_lines_sealed_delete BEFORE DELETE ON distribution_lines
        WHEN (SELECT status FROM distribution_runs WHERE id = OLD.run_id) IN {SEALED}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER distribution_criteria_text_sealed BEFORE UPDATE ON distribution_criteria
        WHEN NEW.text IS NOT OLD.text OR NEW.sha256 IS NOT OLD.sha256 OR NEW.name IS NOT OLD.name
            OR NEW.version IS NOT OLD.version
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ],
    "postgresql": [
        f"""CREATE FUNCTION coopdesk_seal_runs() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.status IN {SEALED} THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
                RETURN OLD;
            END IF;
            IF OLD.status IN {SEALED} AND NOT (OLD.status = 'publicada' AND NEW.status = 'reemplazada'
                    AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status')) THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            RETURN NEW;
        END $$""",
        """CREATE TRIGGER distribution_runs_sealed BEFORE UPDATE OR DELETE ON distribution_runs
        FOR EACH ROW EXECUTE FUNCTION coopdesk_seal_runs()""",
        f"""CREATE FUNCTION coopdesk_seal_lines() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
            IF TG_OP = 'INSERT' THEN
                IF (SELECT status FROM distribution_runs WHERE id = NEW.run_id) IN {SEALED} THEN
                    RAISE EXCEPTION '{MESSAGE}';
                END IF;
                RETURN NEW;
            END IF;
            IF (SELECT status FROM distribution_runs WHERE id = OLD.run_id) IN {SEALED} THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            RETURN OLD;
        END $$""",
        """CREATE TRIGGER distribution_lines_sealed BEFORE INSERT OR UPDATE OR DELETE ON distribution_lines
        FOR EACH ROW EXECUTE FUNCTION coopdesk_seal_lines()""",
        f"""CREATE FUNCTION coopdesk_seal_criteria() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (NEW.text, NEW.sha256, NEW.name, NEW.version) IS DISTINCT FROM
               (OLD.text, OLD.sha256, OLD.name, OLD.version) THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            RETURN NEW;
        END $$""",
        """CREATE TRIGGER distribution_criteria_text_sealed BEFORE UPDATE ON distribution_criteria
        FOR EACH ROW EXECUTE FUNCTION coopdesk_seal_criteria()""",
    ],
}

UNSEALS = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in (
        "distribution_runs_sealed_update", "distribution_runs_sealed_delete", "distribution_lines_sealed_insert",
        "distribution_lines_sealed_update", "distribution_lines_sealed_delete", "distribution_criteria_text_sealed")],
    "postgresql": [
        "DROP TRIGGER IF EXISTS distribution_runs_sealed ON distribution_runs",
        "DROP TRIGGER IF EXISTS distribution_lines_sealed ON distribution_lines",
        "DROP TRIGGER IF EXISTS distribution_criteria_text_sealed ON distribution_criteria",
        "DROP FUNCTION IF EXISTS coopdesk_seal_runs()",
        "DROP FUNCTION IF EXISTS coopdesk_seal_lines()",
        "DROP FUNCTION IF EXISTS coopdesk_seal_criteria()",
    ],
}
