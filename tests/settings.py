"""Settings of the test run: the project's own, with a fast password hasher.

PBKDF2 (the production hasher, checked by tests/trust/test_security_settings.py in a process
with the real settings) costs ~0.4 s per user created, and the suite creates hundreds."""

from dieuhanh.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
