"""The report's HTML drawn as a PDF by WeasyPrint, with the project's static files.

Only `reports.annual.draw_pdf` imports this module, when a PDF is drawn. WeasyPrint takes about
half a second to import (Pango through cffi, fontTools), which would otherwise be paid by every
process that loads the URLs without drawing a PDF: each manage.py command (their system checks load
the URLs), each gunicorn boot, each test worker. tests/test_deploy.py checks that a request leaves
it unimported.
"""

import mimetypes
from pathlib import Path
from urllib.parse import urlparse

import weasyprint
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint fetches the stylesheet and fonts from this made-up origin; the fetcher below
# serves them from the project's static files and refuses everything else (no network).
ORIGIN = "https://hdnd.invalid/"


def draw(html: str) -> bytes:
    return weasyprint.HTML(string=html, base_url=ORIGIN, url_fetcher=StaticFilesFetcher()).write_pdf()


class StaticFilesFetcher(URLFetcher):
    """Serves the report's stylesheet and fonts from the project's static files, and nothing
    else: no network, no local paths. A missing file stops the rendering (no silent fallback font)."""

    def __init__(self):
        super().__init__(fail_on_errors=True)

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if f"{parsed.scheme}://{parsed.netloc}/" != ORIGIN or not parsed.path.startswith("/static/"):
            raise ValueError(f"The report may only load the project's static files, not {url}")
        name = parsed.path.removeprefix("/static/")
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        path = finders.find(name)  # the source file (development, tests), never a stale collected copy
        if path is not None:
            return URLFetcherResponse(url, body=Path(path).read_bytes(), headers={"Content-Type": mime})
        if staticfiles_storage.exists(name):  # collected, with the hashed names {% static %} gives in production
            with staticfiles_storage.open(name) as handle:
                return URLFetcherResponse(url, body=handle.read(), headers={"Content-Type": mime})
        raise ValueError(f"No static file for {url}")
