"""Write the fleet page (``fleet.html``) from the latest stored audits.

Why its own entry point: the demo, the daemon and ``auditor report --fleet`` all
want the same file in the same place, with links to the org reports beside it.
"""

from __future__ import annotations

from pathlib import Path

from auditor.publish.reports import render_fleet_report, write_text
from auditor.publish.stored import fleet_rows
from auditor.settings import Settings
from auditor.store import Store


def write_fleet_report(store: Store, settings: Settings, out_dir: Path) -> Path:
    """Render every registered org into ``out_dir/fleet.html``; return its path."""
    now = settings.clock()
    html = render_fleet_report(fleet_rows(store, out_dir), now, base=out_dir, now=now)
    path = out_dir / "fleet.html"
    write_text(path, html)
    return path
