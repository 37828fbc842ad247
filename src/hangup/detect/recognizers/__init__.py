"""Recognizers: each reads a document (and its indicators) and reports findings."""
