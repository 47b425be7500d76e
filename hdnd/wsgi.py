import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
application = get_wsgi_application()
# The views and what they import (WeasyPrint: about 2 s) are loaded here, not by a worker's first
# request; `make serve` loads this once in gunicorn's master (--preload), and every worker it forks,
# also those replacing one after --max-requests, starts with them.
get_resolver().url_patterns  # noqa: B018
