"""Temporal workflows. Modules here are imported in the sandbox: no side effects at import."""
