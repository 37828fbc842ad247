"""Batch scanning: many inputs through one engine, locally or (later) on Spark."""
