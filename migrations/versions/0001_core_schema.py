"""Core schema: org tree, users and roles, teachers, projects, enrollments, ledger, audit.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 23:08:30.524109

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('org_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('path', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['org_unit.id'], name=op.f('fk_org_unit_parent_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_unit')),
    sa.UniqueConstraint('code', name=op.f('uq_org_unit_code'))
    )
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_unit_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_org_unit_path'), ['path'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_audit_event_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index('ix_audit_event_subject', ['subject_type', 'subject_id'], unique=False)

    op.create_table('role_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_role_assignment_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_role_assignment_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignment')),
    sa.UniqueConstraint('user_id', 'role', 'org_unit_id', name=op.f('uq_role_assignment_user_id_role_org_unit_id'))
    )
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_assignment_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_user_id'), ['user_id'], unique=False)

    op.create_table('teacher',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('stages', sa.JSON(), nullable=False),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.Column('title', sa.String(length=40), nullable=True),
    sa.Column('title_date', sa.Date(), nullable=True),
    sa.Column('entered_post', sa.Date(), nullable=True),
    sa.Column('layer', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['org_unit.id'], name=op.f('fk_teacher_school_id_org_unit')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_teacher_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teacher')),
    sa.UniqueConstraint('id_number', name=op.f('uq_teacher_id_number')),
    sa.UniqueConstraint('user_id', name=op.f('uq_teacher_user_id'))
    )
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teacher_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_teacher_school_id'), ['school_id'], unique=False)

    op.create_table('training_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('program', sa.String(length=60), nullable=True),
    sa.Column('approval_required', sa.Boolean(), nullable=False),
    sa.Column('lodging', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('stages', sa.JSON(), nullable=False),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('base_credits', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('taken', sa.Integer(), nullable=False),
    sa.Column('fee', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('region_fields', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR taken <= capacity', name=op.f('ck_training_project_seats')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_training_project_dates')),
    sa.ForeignKeyConstraint(['organiser_id'], ['org_unit.id'], name=op.f('fk_training_project_organiser_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_project'))
    )
    with op.batch_alter_table('training_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_project_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_project_year'), ['year'], unique=False)

    op.create_table('enrollment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attended_hours', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('grade', sa.String(length=20), nullable=True),
    sa.Column('score', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('service_year', sa.Integer(), nullable=True),
    sa.Column('region_fields', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['training_project.id'], name=op.f('fk_enrollment_project_id_training_project')),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_enrollment_teacher_id_teacher')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollment')),
    sa.UniqueConstraint('project_id', 'teacher_id', name=op.f('uq_enrollment_project_id_teacher_id'))
    )
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrollment_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrollment_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('ledger_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=True),
    sa.Column('activity_date', sa.Date(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('rule_version', sa.String(length=40), nullable=False),
    sa.Column('audit_state', sa.String(length=30), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_ledger_entry_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_ledger_entry_enrollment_id_enrollment')),
    sa.ForeignKeyConstraint(['reverses_id'], ['ledger_entry.id'], name=op.f('fk_ledger_entry_reverses_id_ledger_entry')),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_ledger_entry_teacher_id_teacher')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entry')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_ledger_entry_reverses_id'))
    )
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_entry_audit_state'), ['audit_state'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entry_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index('ix_ledger_entry_teacher_date', ['teacher_id', 'activity_date'], unique=False)



def downgrade():
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_entry_teacher_date')
        batch_op.drop_index(batch_op.f('ix_ledger_entry_enrollment_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_entry_audit_state'))

    op.drop_table('ledger_entry')
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrollment_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_enrollment_project_id'))

    op.drop_table('enrollment')
    with op.batch_alter_table('training_project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_project_year'))
        batch_op.drop_index(batch_op.f('ix_training_project_organiser_id'))

    op.drop_table('training_project')
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teacher_school_id'))
        batch_op.drop_index(batch_op.f('ix_teacher_name'))

    op.drop_table('teacher')
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_assignment_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_org_unit_id'))

    op.drop_table('role_assignment')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_subject')
        batch_op.drop_index(batch_op.f('ix_audit_event_org_unit_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
    op.drop_table('user_account')
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_unit_path'))
        batch_op.drop_index(batch_op.f('ix_org_unit_parent_id'))

    op.drop_table('org_unit')
