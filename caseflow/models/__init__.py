from .audit import AppendOnlyError, BeatHeartbeat, ChildAccessLog
from .children import Child, ChildRecordVersion, LegalStatusPeriod, NetworkPerson, PlacementPeriod, age_on
from .deadlines import Deadline, DeadlinePeriod, DeadlineStatus, Notification
from .organisation import RoleSetting, ServiceArea, Team, User

__all__ = [
    "AppendOnlyError",
    "BeatHeartbeat",
    "Child",
    "ChildAccessLog",
    "ChildRecordVersion",
    "Deadline",
    "DeadlinePeriod",
    "DeadlineStatus",
    "Notification",
    "LegalStatusPeriod",
    "NetworkPerson",
    "PlacementPeriod",
    "RoleSetting",
    "ServiceArea",
    "Team",
    "User",
    "age_on",
]
