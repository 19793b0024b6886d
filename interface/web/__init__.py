"""The web console (工作台): server-rendered Chinese pages over the same application services as
the HTTP API, so the permission table, scopes, masking and audit apply unchanged."""

# The API first: the service it builds installs the console, whose pages show its collections.
import interface.http  # noqa: F401
