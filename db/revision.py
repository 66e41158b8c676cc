"""The store's schema revision, in a module light enough to read before SQLAlchemy is imported.

Alembic is imported only when a store is behind HEAD_REVISION, which keeps it (about a quarter of
a second) out of every ordinary start; and the first page of the list (db/first_page.py) is read
straight from a store at this revision. tests/unit/db/test_migrations.py keeps it in step with the
migration scripts.
"""

HEAD_REVISION = "0014"  # the newest migration in db/migrations/versions
