"""SQLite adapters: the embedded default store."""


def named(name: str) -> str:
    """A named query parameter in this driver's style."""
    return f":{name}"
