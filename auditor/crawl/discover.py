"""Which links the crawl follows, and in what order: pure decisions, no I/O.

Same-site means the same registrable domain, read from the public-suffix list
bundled with tldextract (never fetched). An org hosted under a path of a shared
host (``https://host/org/7/``) is scoped to that path. Links are ranked by how
likely they lead to what the checks read (privacy, children, safety, AI, terms,
help, reporting), in several languages, from both the URL and the link text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

import tldextract
from lxml import etree

from auditor.net.ssrf import literal_address

# private suffixes too: acme.github.io and other.github.io are different sites
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                 include_psl_private_domains=True)

# weight, pattern: matched against the lower-cased URL path and link text
_RELEVANCE: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (w, re.compile(p)) for w, p in (
        (10, r"coppa|child(?:ren)?['’]?s?[-_ ]?privacy|kids[-_ ]?privacy|parental[-_ ]consent"),
        (8, r"privacy|privac|datenschutz|confidentialit|privacidad|privacit|privacidade"
            r"|prywatno|gizlilik|プライバシー|隐私|개인정보"),
        (8, r"child|kid|parent|famil|teen|minor|youth|kinder|eltern|jugend|enfant|parents?"
            r"|niñ|menor|padres|bambin|genitor|criança|crianc|responsáve|子ども|儿童|家长"),
        (7, r"safety|trust|sicherheit|sécurité|securite|seguridad|sicurezza|segurança|安全"),
        (7, r"\bai\b|artificial[-_ ]intelligence|chatbot|assistant|\bki\b|\bia\b"
            r"|intelligence[-_ ]artificielle|inteligencia|intelligenza|人工知能|人工智能"),
        (6, r"terms|tos|conditions|nutzungsbedingungen|agb|conditions[-_ ]générales"
            r"|términos|termini|termos|利用規約|条款"),
        (6, r"guideline|community|standards|richtlinien|règles|normas|linee[-_ ]guida"),
        (5, r"report|abuse|melden|signaler|denunciar|segnala|denúncia"),
        (4, r"faq|help|support|hilfe|aide|ayuda|aiuto|ajuda|よくある|帮助"),
        (4, r"moderation|content[-_ ]policy|acceptable[-_ ]use|usage[-_ ]polic"),
        (3, r"age|verification|altersverifikation|âge|edad|età|idade"),
        (2, r"about|legal|impressum|mentions[-_ ]légales|aviso[-_ ]legal|cookies?"),
        (-4, r"blog|news|press|careers|jobs|shop|store|cart|login|signin|sign-in|register"),
        (-8, r"\.(?:pdf|zip|png|jpe?g|gif|svg|mp4|mp3|webm|woff2?|css|js|ico|exe|dmg)$"),
    )
)


def relevance(url: str, text: str = "") -> int:
    """Higher is more worth fetching: keyword weights over the path and link text."""
    parts = urlsplit(url)
    hay = f"{parts.path} {parts.query} {text}".lower()
    return sum(weight for weight, pattern in _RELEVANCE if pattern.search(hay))


def normalize(url: str) -> str:
    """Canonical form used for de-duplication: lower-case scheme/host, no fragment."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc.lower()
    if (parts.scheme == "http" and netloc.endswith(":80")) or \
            (parts.scheme == "https" and netloc.endswith(":443")):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


@lru_cache(maxsize=4096)
def site_of(host: str) -> str:
    """Registrable domain of `host`; an address or single label stands for itself."""
    host = host.lower().strip("[]").rstrip(".")
    if literal_address(host) is not None or "." not in host:
        return host
    ext = _EXTRACT(host)
    return ext.top_domain_under_public_suffix or host


@dataclass(frozen=True)
class Scope:
    """The part of the web that belongs to one org's site."""

    site: str
    netloc: str
    path_prefix: str

    @classmethod
    def of(cls, base_url: str) -> Scope:
        parts = urlsplit(normalize(base_url))
        path = parts.path
        prefix = path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
        return cls(site=site_of(parts.hostname or ""), netloc=parts.netloc,
                   path_prefix=prefix)

    def contains(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        if self.path_prefix != "/":
            # an org at a path of a shared host: only that host, only under that path
            return parts.netloc.lower() == self.netloc and \
                (parts.path or "/").startswith(self.path_prefix)
        if literal_address(parts.hostname) is not None or "." not in parts.hostname:
            return parts.netloc.lower() == self.netloc
        return site_of(parts.hostname) == self.site


def sitemap_locations(body: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, child sitemap URLs) named by a sitemap or sitemap index."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                             huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    pages: list[str] = []
    children: list[str] = []
    for el in root.iter("{*}loc"):
        loc = (el.text or "").strip()
        if not loc:
            continue
        parent = el.getparent()
        tag = etree.QName(parent).localname if parent is not None else ""
        (children if tag == "sitemap" else pages).append(loc)
    return pages, children


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
