"""PostgreSQL adapters (psycopg 3): the production store."""


def named(name: str) -> str:
    """A named query parameter in this driver's style."""
    return f"%({name})s"
