"""Helpers shared by the test folders (throwaway PostgreSQL server, worker processes)."""
