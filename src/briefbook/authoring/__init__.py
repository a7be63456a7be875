"""Tools for the analyst: draft briefings from seeds, registry entries with safe ids, JSON Schemas for editors."""
