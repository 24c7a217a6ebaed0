"""Alembic environment: runs on the connection Field Visit hands over (never builds its own)."""

from alembic import context
from sqlmodel import SQLModel

from fieldvisit.store import models  # noqa: F401  (registers the tables)
from fieldvisit.store.schema import include_name

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Field Visit migrations run only on a connection passed in by the app")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
        transactional_ddl=True,
    )
    context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported")
run_migrations_online()
