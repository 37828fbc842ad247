"""The case store: reports of scams from the public, their evidence, the engine's verdicts and the
normalised indicators that link reports into campaigns.

Faces (web app, API, ``hangup report``) use:

- :mod:`hangup.cases.schema`: ``ReportIn``, ``ContactIn``, ``AttachmentIn``, ``InformationIn`` in;
  ``ReportReceipt`` and ``ReportView`` out.
- :class:`hangup.cases.store.CaseStore`: ``open(settings)``, ``add_report``, ``get_for_reporter``,
  ``add_information``, ``delete_personal_data``, ``migrate``.
- :class:`hangup.cases.attachments.AttachmentPolicy`: the evidence limits, to show on a form.

Tables and migrations: :mod:`hangup.cases.models`, ``hangup/cases/migrations``. Nothing is imported
here, so that reading the schema does not load the database layer.
"""
