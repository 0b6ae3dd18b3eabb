"""The database: SQLAlchemy models, exact column types, engines and Alembic migrations."""
