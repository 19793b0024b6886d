"""The web console (工作台): server-rendered Chinese pages over the same application services as
the HTTP API, so the permission table, scopes, masking and audit apply unchanged."""
