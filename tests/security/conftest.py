# Fixtures of the apps' test packages used here: a meeting and a directive led by ward A
# (meetings), and a plan with an open and a locked month (kpis).
from tests.kpis.conftest import plan_world  # noqa: F401
from tests.meetings.conftest import directive, meeting  # noqa: F401
