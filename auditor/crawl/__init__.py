"""The crawl stage: `Organization` in, `SiteSnapshot` (and a WARC of evidence) out.

    crawl_site   one org's site, within its tier's budget (site.py)
    BrowserPool  one Chromium reused across orgs (browser.py)
    ssrf         the guard every connection passes (ssrf.py)
    archive      the WARC writer and offline reader (archive.py)
"""

from __future__ import annotations

from auditor.crawl.browser import BrowserPool
from auditor.crawl.site import crawl_site

__all__ = ["BrowserPool", "crawl_site"]
