"""Django set up for the scale benchmark (`python -m bench.generate`, `python -m bench.scale`), run from
the repository root: DEBUG off, as in production; the test client's host allowed; a key for
benchmarks only unless SECRET_KEY is set (the Makefile's TEST_SECRET_KEY); DATABASE_URL as given."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
os.environ.setdefault("SECRET_KEY", "test-and-bench-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # pages are requested through Django's test client
os.environ.setdefault("HTTPS", "0")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()
