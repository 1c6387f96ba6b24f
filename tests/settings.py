"""Settings for the test suite: the project's settings plus a small record model."""

from giapranh.settings import *  # noqa: F403
from giapranh.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.core.testapp"]
ROOT_URLCONF = "tests.urls"
# Argon2 on purpose costs time; tests use a fast hasher except where hashing is the subject.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None  # tests serve app static files through the finders

# Several test runs may share one PostgreSQL server (a developer's runs, CI):
# give each run its own test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    import os as _os

    DATABASES["default"]["TEST"] = {"NAME": f"test_giapranh_{_os.getpid()}"}  # noqa: F405

# The test run's access-log anchor stays out of the development database's anchor under var/.
import os as _os_  # noqa: E402
import tempfile as _tempfile  # noqa: E402

AUDIT_ANCHOR_FILE = Path(_tempfile.gettempdir()) / f"giapranh-test-anchor-{_os_.getpid()}.log"  # noqa: F405

# Two-step sign-in is required of chiefs and above in any deployment; the suite signs personas in
# with the password alone, and the tests of two-step sign-in turn the requirement on.
MFA_REQUIRED = False

# Attached files of a test run go to a throwaway folder.
import tempfile as _tempfile  # noqa: E402

MEDIA_ROOT = _tempfile.mkdtemp(prefix="giapranh-files-")
