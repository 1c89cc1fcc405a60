"""Storage: SQLAlchemy models, sessions, migrations and the operations (one transaction each)."""
