"""Settings for the test run: the project's own, with a fast password hasher.

Production hashes with PBKDF2 (over a million iterations, by design slow); the tests create
and log in hundreds of users, so they use MD5, as Django's own test suite and healthchecks do.
Nothing outside the tests reads this module.
"""

from hdnd.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
