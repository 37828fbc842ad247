"""Sharing the case store's findings with partners, without the victims' personal data.

- :mod:`~hangup.cases.exports.selection`: which reports (a date range, a campaign's report ids)
  and :func:`~hangup.cases.exports.selection.build_export`, which reads them through the privacy rule
  of :mod:`~hangup.cases.exports.privacy` into an :class:`~hangup.cases.exports.model.ExportData`.
- :mod:`~hangup.cases.exports.csv_json`: reports and indicators as CSV and JSON.
- :mod:`~hangup.cases.exports.stix`: a STIX 2.1 bundle (``stix2``), with extension definitions for
  phone numbers, remote-access IDs, bank accounts and crypto wallets (:mod:`.stix_types`).
- :mod:`~hangup.cases.exports.misp`: a MISP event built offline with PyMISP's object templates.
- :mod:`~hangup.cases.exports.feed`: scam phone numbers for call blocking.
- :mod:`~hangup.cases.exports.formats`: one entry point, :func:`~hangup.cases.exports.formats.render_export`.

What may leave and what never does is documented in ``docs/sharing.md``. Nothing is imported here,
so that the CLI does not load stix2 or PyMISP until an export in that format is asked for.
"""
