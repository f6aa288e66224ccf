"""The blank attestation an organization fills in (`auditor attest template`).

Kept beside :mod:`auditor.assess.attestations`, which validates what comes back; the
comments here are what an organization reads, so they say what each field is for.
"""

from __future__ import annotations

__all__ = ["attestation_template"]

_TEMPLATE = """\
# Safeguard attestation, schema version 1: one document per organization.
# Fill in every field, then check it with `auditor attest validate FILE`.
# YAML or JSON; unknown fields are refused. Dates are YYYY-MM-DD.
schema_version: 1
org_id: your-org-id          # the id the auditor registered for your organization
signer:                      # a person who can answer for these statements
  name: Full Name
  role: Head of Trust and Safety
  email: safety@example.com
signed_at: 2026-01-01        # the day this was signed
valid_until: 2026-12-31      # re-attest before this day; an expired attestation is a finding

# For each safeguard: implemented (true/false), how (a sentence or two), and url:
# the public page where a visitor can see it, when there is one. The auditor checks
# every url: a url that does not show what is claimed is reported as contradicted.
safeguards:
  age_verification:          # age gate, age assurance or parental verification
    implemented: false
    how: ""
    url: null
  content_moderation:        # input/output filtering of harmful content for minors
    implemented: false
    how: ""
    url: null
  monitoring_reporting:      # monitoring, and a way for users to report problems
    implemented: false
    how: ""
    url: null
  educational_resources:     # guidance for minors on safe, responsible use
    implemented: false
    how: ""
    url: null
  child_safety_system_prompt:  # the provider's child-safety system prompt is in use
    implemented: false       # (not publicly observable: attested, not verified)
    how: ""
  coppa_statement:           # the page stating COPPA compliance (children's privacy notice)
    implemented: false
    url: null
  ai_disclosure:             # where users are told they are talking to an AI, not a person
    implemented: false
    how: ""                  # e.g. "banner above the chat input"
    url: null

# signature: base64 ed25519 detached signature; required when the auditor holds your
# public key. It signs `auditor attest canonical FILE`, not the file itself.
signature: null
"""


def attestation_template() -> str:
    """A blank attestation with comments (`auditor attest template`)."""
    return _TEMPLATE
