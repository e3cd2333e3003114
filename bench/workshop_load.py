"""Workshop load: 100 participants answering every question at once, on each backend.

Prints one JSON line per backend (PostgreSQL when TEST_DATABASE_URL or PIVOTPOINT_BENCH_PG is
set, or the local server answers). Targets: every answer stored exactly once; p95 save at most
50 ms.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from assessment.services.scoring import Scorer
from assessment.store import Store

ROOT = Path(__file__).resolve().parent.parent
PARTICIPANTS = 100
THREADS = 16  # the app server's worker threads, roughly
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def answers() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "examples" / "regulated-enterprise.yaml").read_text())
    checked = Scorer().check(data["answers"])
    return {q: v for q, v in checked.items() if v is not None}


def run(url: str, backend: str, given: dict[str, Any]) -> dict[str, Any]:
    store = Store(url)
    workshop, _ = store.create_workshop("Load", "ai-scaling", "1.0.0", k=3)
    people = [
        store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id)
        for _ in range(PARTICIPANTS)
    ]
    times: list[float] = []

    def participant(token: str) -> None:
        for qid, value in given.items():
            start = time.perf_counter()
            store.save_answer(token, qid, value)
            times.append((time.perf_counter() - start) * 1000)

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(participant, [p.token for p in people]))
    responses = store.responses(workshop.id)
    stored = sum(len(r.answers) for r in responses)
    exact = all(r.answers == given for r in responses)
    store.delete_workshop(workshop.id)
    store.close()
    times.sort()
    return {
        "bench": "workshop_load",
        "backend": backend,
        "participants": PARTICIPANTS,
        "answers": PARTICIPANTS * len(given),
        "stored": stored if exact else -1,
        "p95_save_ms": round(times[int(len(times) * 0.95)], 2),
    }


def postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("PIVOTPOINT_BENCH_PG")
    if url:
        return url
    try:
        socket.create_connection(("127.0.0.1", 5432), 1).close()
    except OSError:
        return None
    return PG_DEFAULT


def main() -> None:
    given = answers()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(f"sqlite:///{tmp}/load.db", "sqlite", given)), flush=True)
    base = postgres_url()
    if base is None:
        print(
            json.dumps(
                {
                    "bench": "workshop_load",
                    "backend": "postgresql",
                    "skipped": "no PostgreSQL server answers",
                }
            )
        )
        return
    from sqlalchemy import create_engine

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        sep = "&" if "?" in base else "?"
        print(json.dumps(run(f"{base}{sep}options=-csearch_path%3D{schema}", "postgresql", given)))
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


if __name__ == "__main__":
    main()
