"""WeasyPrint's fetcher, locked: `data:` URIs and files inside the bundled assets folders only.

No network, no redirects, no file outside the allowed folders, no attachments. Anything else is
refused before it is opened, and the refusal is recorded so tests (and the renderer) can tell.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_DATA_URI = 2_000_000


class RefusedURL(ValueError):
    """A resource the report may not load."""


class LockedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves `data:` URIs and files under `roots`; refuses everything else."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(timeout=1, allowed_protocols={"data", "file"}, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        try:
            return self._fetch(url)
        except RefusedURL:
            self.refused.append(url[:200])
            del self.refused[:-100]  # a long-running app keeps only the latest
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return self._data(url)
        if scheme != "file":
            raise RefusedURL(f"only data: and bundled files may be loaded, not {scheme}:")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL("remote file URLs are not allowed")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedURL("files outside the report assets are not allowed")
        if not path.is_file():
            raise RefusedURL("no such asset")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime}
        )

    @staticmethod
    def _data(url: str) -> URLFetcherResponse:
        if len(url) > MAX_DATA_URI:
            raise RefusedURL("data: URI too large")
        header, _, payload = url[5:].partition(",")
        mime = header.split(";")[0] or "text/plain"
        try:
            body = (
                base64.b64decode(payload)
                if header.endswith(";base64")
                else unquote(payload).encode("utf-8")
            )
        except ValueError as exc:
            raise RefusedURL(f"malformed data: URI ({exc})") from None
        return URLFetcherResponse(url[:64], body=body, headers={"Content-Type": mime})
