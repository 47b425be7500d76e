"""Settings for the test run: the project's own, with a fast password hasher.

Production hashes with PBKDF2 (over a million iterations, by design slow); the tests create
and log in hundreds of users, so they use MD5, as Django's own test suite and healthchecks do.
Nothing outside the tests reads this module.
"""

import os

# So that a bare `pytest` runs as `make test` does: a key the weak-key check accepts, plain HTTP.
os.environ.setdefault("SECRET_KEY", "test-and-bench-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("HTTPS", "0")

from hdnd.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A `replica` alias, as DATABASE_REPLICA_URL makes one: in tests a mirror of `default` (Django's way
# of testing primary/replica set-ups), so the test database is not made twice. Nothing routes to it
# unless a test installs the router (tests/test_scale_out.py), also when DATABASE_REPLICA_URL is set.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_ROUTERS = []
MIDDLEWARE = [name for name in MIDDLEWARE if name != "hdnd.routers.ReplicaReadsMiddleware"]  # noqa: F405

# Each worker's own memory (emptied before each test: tests/conftest.py), not var/cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
