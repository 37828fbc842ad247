"""Evaluation: the labelled development sources and detection metrics per source."""
