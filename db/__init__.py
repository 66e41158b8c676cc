"""The local store: SQLAlchemy models, Alembic migrations and the repository the app calls."""
