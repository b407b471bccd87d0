"""The exchange's small world (two agencies here, one on the partner node "ma"), reused."""

from tests.exchange.conftest import _attachments_dir, world  # noqa: F401  (fixtures)
from tests.federation.conftest import remote  # noqa: F401  (fixture)
