"""The inspection and service visit (涉企检查与走访) case."""

from enum import Enum

# The enums and value objects this case stores in its events, by their stored names
# (the names are part of the stored format: never rename one).
STORED_ENUMS: dict[str, type[Enum]] = {}
STORED_VALUE_OBJECTS: dict[str, type] = {}
