"""URL normalization: one canonical form per resource, for deduplication and the sources table."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src"}
)
TRACKING_PREFIXES = ("utm_",)
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """Return the canonical form of an http(s) URL.

    Lower-cases scheme and host, drops the default port, the fragment and tracking parameters
    (utm_*, fbclid, gclid, ...), percent-encodes spaces and other unsafe characters, and gives an
    empty path as ``/``. Other URLs are returned stripped but otherwise unchanged.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    path = quote(parts.path, safe=_SAFE_PATH) or "/"
    query_pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query = urlencode(query_pairs, doseq=True) if query_pairs else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """The lower-cased host of a URL, or an empty string."""
    return (urlsplit(url).hostname or "").lower()
