"""Adapters: databases, settings, calendars, tokens. Imports the application and domain only."""
