"""Persistence for resumable self-service and workshops (SQLAlchemy Core).

    from assessment.store import Store, StoreError, Respondent

SQLite is the embedded default; PostgreSQL is used when given a `postgresql://` URL.
"""

from assessment.store.errors import StoreError, WorkshopClosedError
from assessment.store.milestones import Milestone
from assessment.store.remarks import Remark
from assessment.store.sessions import FacilitatorSession
from assessment.store.store import Respondent, Store
from assessment.store.workshops import Action, Response, Workshop, normalise_code, owner_id

__all__ = [
    "Action",
    "FacilitatorSession",
    "Milestone",
    "Remark",
    "Respondent",
    "Response",
    "Store",
    "StoreError",
    "Workshop",
    "WorkshopClosedError",
    "normalise_code",
    "owner_id",
]
