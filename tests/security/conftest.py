# The meetings fixtures (a meeting and a directive led by ward A) for the upload tests.
from tests.meetings.conftest import directive, meeting  # noqa: F401
