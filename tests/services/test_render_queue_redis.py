"""The Redis job queue for several app replicas, against a real Redis (TEST_REDIS_URL; `make
test` sets it when Redis answers at 127.0.0.1:6379) and a real `rq worker`."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from assessment.engine.result import Assessment
from assessment.report.context import ReportOptions
from assessment.services import render_queue as rq
from assessment.services.render_queue import RedisRenderQueue
from tests.conftest import MINI, ROOT, TESTDATA

REDIS_URL = os.environ.get("TEST_REDIS_URL", "").strip()
NOT_TESTED = "THE REDIS RENDER QUEUE IS NOT TESTED in this run: "


def redis_answers(url: str) -> bool:
    from redis import Redis

    try:
        return bool(Redis.from_url(url, socket_connect_timeout=2).ping())
    except Exception:
        return False


@pytest.fixture()
def url() -> str:
    if not REDIS_URL:
        reason = NOT_TESTED + "set TEST_REDIS_URL (make test does when Redis answers)"
    elif not redis_answers(REDIS_URL):
        reason = NOT_TESTED + f"no Redis answers at TEST_REDIS_URL={REDIS_URL}"
    else:
        return REDIS_URL
    warnings.warn(reason, stacklevel=1)
    pytest.skip(reason)


@pytest.fixture()
def queue(url: str) -> Iterator[RedisRenderQueue]:
    name = f"pivotpoint-pdf-test-{RUN}-{uuid.uuid4().hex[:8]}"
    q = RedisRenderQueue(url, name=name, max_jobs=3)
    yield q
    ids = [
        *q._queue.finished_job_registry.get_job_ids(),
        *q._queue.failed_job_registry.get_job_ids(),
    ]
    for job_id in ids:
        q._job(job_id).delete()
        q._redis.delete(f"rq:results:{job_id}")
    q._queue.delete(delete_jobs=True)
    q.close()


def work(url: str, queue: RedisRenderQueue) -> None:
    """An `rq worker` as README starts one, in burst mode: it renders what is queued, then
    stops."""
    env = {**os.environ, "PIVOTPOINT_PACK": str(MINI), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "rq"),
            "worker",
            "--burst",
            "--worker-class",
            "rq.worker.SimpleWorker",
            "--url",
            url,
            queue._queue.name,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


# job ids are the reports' keys, and Redis is shared: this run's reports are its own
RUN = uuid.uuid4().hex[:8]


def assessed(mini_scorer, organization: str) -> Assessment:
    answers = yaml.safe_load((TESTDATA / "answers_mini.yaml").read_text())["answers"]
    return mini_scorer.assess(answers, {"organization": f"{organization} ({RUN})"})


def test_replicas_share_a_rendering_see_their_place_and_are_refused_beyond_the_bound(
    url, queue, mini_scorer
) -> None:
    first = queue.submit(assessed(mini_scorer, "Ana"), ReportOptions())
    # the same answer set from another replica: the same job
    other_replica = RedisRenderQueue(url, name=queue._queue.name, max_jobs=3)
    again = other_replica.submit(assessed(mini_scorer, "Ana"), ReportOptions())
    assert again.key == first.key and again.state == rq.QUEUED
    second = queue.submit(assessed(mini_scorer, "Ben"), ReportOptions())
    third = queue.submit(assessed(mini_scorer, "Cai"), ReportOptions(paper="tabloid"))
    assert [first.ahead, second.ahead, third.ahead] == [0, 1, 2]
    refused = queue.submit(assessed(mini_scorer, "Dee"), ReportOptions())
    assert refused.state == rq.BUSY and refused.message == rq.BUSY_MESSAGE
    work(url, queue)
    done = other_replica.status(first.key)
    assert done.state == rq.DONE and done.pdf is not None and done.pdf.startswith(b"%PDF")
    assert queue.status(second.key).state == rq.DONE
    assert queue._queue.finished_job_registry.count == 2  # Ana's report rendered once
    # a failing rendering is a failure in words; the reason stays in Redis and the log
    failed = queue.status(third.key)
    assert failed.state == rq.FAILED and failed.message == rq.FAILED_MESSAGE
    # asked for again once done: from Redis, no new job
    assert queue.submit(assessed(mini_scorer, "Ana"), ReportOptions()).state == rq.DONE
    other_replica.close()


def test_without_redis_a_request_fails_in_words() -> None:
    q = RedisRenderQueue("redis://127.0.0.1:1/0")  # nothing listens on port 1
    from assessment.services.scoring import Scorer

    status = q.submit(assessed(Scorer(MINI), "Ana"), ReportOptions())
    assert status.state == rq.FAILED and status.message == rq.FAILED_MESSAGE
    assert q.status(status.key).state == rq.FAILED
