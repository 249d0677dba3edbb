"""Operations-room actions behind the routes: users, login, incidents, register, audit.

One module per topic: ``common`` (rows, audit, write lock), ``regions``, ``users``,
``incidents``, ``register`` (stakeholders and engagements) and ``dashboard`` (alerts, dashboard).
"""

from __future__ import annotations

from petarawan.web.services.common import (
    INCIDENT_FIELDS,
    MAX_DUPLICATES,
    audit,
    row_dict,
    serialised,
)
from petarawan.web.services.dashboard import (
    DASHBOARD_MAX_AGE,
    DASHBOARD_TTL,
    dashboard_data,
    list_alerts,
)
from petarawan.web.services.incidents import (
    UPLOAD_LIMITS_ROWS,
    UPLOAD_LIMITS_UNPACKED,
    change_status,
    create_incident,
    duplicates_of,
    get_incident,
    import_incidents,
    incident_events,
    incident_public,
    list_incidents,
)
from petarawan.web.services.regions import LiveRegions, RegionLookup
from petarawan.web.services.register import (
    create_engagement,
    create_stakeholder,
    list_engagements,
    list_stakeholders,
)
from petarawan.web.services.users import ATTEMPTS_KEPT, LOGIN_FAILED, add_user, login, logout

__all__ = [
    "ATTEMPTS_KEPT",
    "DASHBOARD_MAX_AGE",
    "DASHBOARD_TTL",
    "INCIDENT_FIELDS",
    "LOGIN_FAILED",
    "MAX_DUPLICATES",
    "UPLOAD_LIMITS_ROWS",
    "UPLOAD_LIMITS_UNPACKED",
    "LiveRegions",
    "RegionLookup",
    "add_user",
    "audit",
    "change_status",
    "create_engagement",
    "create_incident",
    "create_stakeholder",
    "dashboard_data",
    "duplicates_of",
    "get_incident",
    "import_incidents",
    "incident_events",
    "incident_public",
    "list_alerts",
    "list_engagements",
    "list_incidents",
    "list_stakeholders",
    "login",
    "logout",
    "row_dict",
    "serialised",
]
