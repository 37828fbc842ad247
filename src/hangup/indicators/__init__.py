"""Indicator extraction."""
