"""Persistence: one SQL database (SQLite file by default, PostgreSQL by URL) behind a Workspace."""

from petarawan.store.workspace import Workspace

__all__ = ["Workspace"]
