"""Drivers of the pipeline: one audit, fleets, the work-unit ledger, schedules, the daemon."""
