"""Settings for the test run: the project's own, with a fast password hasher.

Production hashes with PBKDF2 (over a million iterations, by design slow); the tests create
and log in hundreds of users, so they use MD5, as Django's own test suite and healthchecks do.
Nothing outside the tests reads this module.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-a-secret")  # so `pytest` runs without `make test`

from hdnd.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
