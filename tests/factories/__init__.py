"""factory_boy factories shared by every test package, one module per app.

Everything is re-exported here: ``from tests.factories import AgencyFactory, MessageFactory``.
A factory makes rows directly: it skips an app's actions (their rules, audit entries and
envelopes), so a test of an action calls the action and uses factories only for the data
around it.
"""

from __future__ import annotations

from tests.factories.accounts import (
    PASSWORD,
    TOTPDeviceFactory,
    UserFactory,
    UserSessionFactory,
    password_hash,
)
from tests.factories.agencies import AgencyFactory, CountryFactory, UnitFactory
from tests.factories.checks import (
    CandidateFactory,
    CheckAnswerFactory,
    CheckFactory,
    CheckOpeningFactory,
    IncomingCheckFactory,
)
from tests.factories.decisions import MatchDecisionFactory
from tests.factories.entities import (
    ExportRequestFactory,
    ImportBatchFactory,
    PersonFactory,
    PersonNameFactory,
    PhoneFactory,
    VehicleFactory,
    VesselFactory,
)
from tests.factories.exchange import (
    ChannelFactory,
    ConsentFactory,
    MessageFactory,
    RecipientFactory,
)
from tests.factories.federation import NoticeFactory, PeerFactory, PeerKeyFactory
from tests.factories.governance import (
    ActionItemFactory,
    CourseFactory,
    EvidenceFactory,
    MeetingFactory,
    RecommendationFactory,
    make_body,
)
from tests.factories.transit import DailyFigureFactory, make_operation

__all__ = [
    "PASSWORD",
    "ActionItemFactory",
    "AgencyFactory",
    "CandidateFactory",
    "ChannelFactory",
    "CheckAnswerFactory",
    "CheckFactory",
    "CheckOpeningFactory",
    "ConsentFactory",
    "CountryFactory",
    "CourseFactory",
    "DailyFigureFactory",
    "EvidenceFactory",
    "ExportRequestFactory",
    "ImportBatchFactory",
    "IncomingCheckFactory",
    "MatchDecisionFactory",
    "MeetingFactory",
    "MessageFactory",
    "NoticeFactory",
    "PeerFactory",
    "PeerKeyFactory",
    "PersonFactory",
    "PersonNameFactory",
    "PhoneFactory",
    "RecipientFactory",
    "RecommendationFactory",
    "TOTPDeviceFactory",
    "UnitFactory",
    "UserFactory",
    "UserSessionFactory",
    "VehicleFactory",
    "VesselFactory",
    "make_body",
    "make_operation",
    "password_hash",
]
