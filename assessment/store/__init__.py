"""Persistence for resumable self-service and workshops (SQLAlchemy Core).

    from assessment.store import Store, StoreError, Respondent

SQLite is the embedded default; PostgreSQL is used when given a `postgresql://` URL.
"""

from assessment.store.errors import StoreError
from assessment.store.store import Respondent, Store

__all__ = ["Respondent", "Store", "StoreError"]
