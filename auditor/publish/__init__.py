"""The publish stage: reports, letters and summaries, sent through a durable outbox.

Templates only render; the view models in :mod:`auditor.publish.views` decide.
"""

from auditor.publish.reports import FleetRow, render_fleet_report, write_reports

__all__ = ["FleetRow", "render_fleet_report", "write_reports"]
