"""The network edge: the SSRF guard every connection passes and the guarded HTTP client."""
