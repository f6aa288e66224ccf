"""A small kids' tutor site served on loopback, whose pages a test can change between audits.

The children's section of the privacy policy and the chat page's AI disclosure are what
the auditor cares about; `HOSTILE` is markup a hostile page shows as text (escaped in
its source), so it reaches evidence snippets and page diffs verbatim.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from tests.auditor.loopback import Site, html

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
CHILDREN = ("We comply with the Children's Online Privacy Protection Act (COPPA). Sparky "
            "Tutor is made for children under 13: we collect a child's first name and the "
            "questions the child types only after a parent gives verifiable parental consent, "
            "and parents can review or delete their child's information at any time by "
            "writing to privacy@sparky.example.")
DISCLOSURE = "You are chatting with Sparky, an AI tutor. Sparky is a computer program, not a human."


def privacy_page(children: bool, extra: str = "") -> str:
    section = (f"<h2>Children's privacy</h2><p>{escape(CHILDREN)}</p>" if children else "")
    return html("Privacy Policy — Sparky Tutor",
                "<main><h1>Privacy Policy</h1><p>This policy explains what Sparky Learning "
                "collects when you use Sparky Tutor and how we use it.</p>"
                f"{section}<h2>Cookies</h2><p>We use one cookie to keep you signed in.</p>"
                f"{extra}</main><footer><a href='/'>Home</a></footer>")


def serve_tutor(site: Site, *, children: bool = True, extra: str = "") -> None:
    """Serve (or change) the tutor site's pages."""
    site.page("/", html("Sparky Tutor", "<main><h1>Sparky Tutor</h1><p>Homework help for "
                        "kids, with a friendly AI tutor.</p></main><footer>"
                        "<a href='/privacy.html'>Privacy Policy</a> · "
                        "<a href='/chat'>Chat with Sparky</a></footer>"))
    site.page("/privacy.html", privacy_page(children, extra))
    site.page("/chat", html("Chat with Sparky — Sparky Tutor",
                            "<main><h1>Ask Sparky</h1><div id='chat'><p class='notice'>"
                            f"{escape(DISCLOSURE)} {escape(HOSTILE)}</p><form><label for='q'>"
                            "Your question</label> <input id='q'> <button>Send</button>"
                            "</form></div></main><footer><a href='/privacy.html'>Privacy "
                            "Policy</a></footer>"))


def register_tutor(cli: object, site: Site, folder: Path) -> None:
    orgs = folder / "orgs.toml"
    orgs.write_text(f'[[orgs]]\nid = "sparky"\nname = "Sparky Tutor"\nurl = "{site.url}/"\n'
                    f'product_urls = ["{site.url}/chat"]\ncontact_email = "t@sparky.example"\n'
                    'audience = "under13"\njurisdictions = ["US"]\n')
    code, _out, err = cli("orgs", "import", str(orgs))  # type: ignore[operator]
    assert code == 0, err
