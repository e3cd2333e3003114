"""The render queue: PDFs rendered in worker processes, one rendering per answer set, a
bounded queue with a plain refusal, and failures in words, never as an exception."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessment.engine.result import Assessment
from assessment.report.context import ReportOptions
from assessment.services import render_queue as rq
from assessment.services.render_queue import RenderQueue
from tests.conftest import MINI, TESTDATA

GATE_TIMEOUT_S = 30


# -- rendering functions for the workers: module-level, so a worker process can import them ----
def gated_render(assessment: Assessment, options: ReportOptions) -> bytes:
    """A stand-in rendering that holds its worker until the file the meta names exists."""
    gate = Path(assessment.meta["gate"])
    deadline = time.monotonic() + GATE_TIMEOUT_S
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return b"%PDF-stand-in " + str(assessment.meta.get("organization")).encode()


def crashing_render(assessment: Assessment, options: ReportOptions) -> bytes:
    if assessment.meta.get("organization") == "Crash":
        os._exit(1)  # the worker process dies, as an out-of-memory kill would
    return gated_render(assessment, options)


# -- helpers -----------------------------------------------------------------------------------
@pytest.fixture()
def gate(tmp_path: Path) -> Path:
    return tmp_path / "open"


def assessed(mini_scorer: Any, gate: Path, organization: str = "Mini Ltd") -> Assessment:
    answers = yaml.safe_load((TESTDATA / "answers_mini.yaml").read_text())["answers"]
    return mini_scorer.assess(answers, {"organization": organization, "gate": str(gate)})


def until(queue: RenderQueue, key: str, state: str) -> rq.JobStatus:
    deadline = time.monotonic() + GATE_TIMEOUT_S
    while (status := queue.status(key)).state != state and time.monotonic() < deadline:
        time.sleep(0.01)
    return status


@pytest.fixture()
def queue():
    made: list[RenderQueue] = []

    def make(**kwargs: Any) -> RenderQueue:
        made.append(RenderQueue(1, pack=str(MINI), warm=False, **kwargs))
        return made[-1]

    yield make
    for q in made:
        q.close()


# -- the tests ---------------------------------------------------------------------------------
def test_two_requests_of_one_answer_set_share_one_rendering(queue, mini_scorer, gate) -> None:
    q = queue(render=gated_render)
    a = assessed(mini_scorer, gate)
    first = q.submit(a, ReportOptions(annex=True))
    # the same answers scored again, asked for by a second session while the first waits
    second = q.submit(assessed(mini_scorer, gate), ReportOptions(annex=True))
    assert second.key == first.key and second.state in (rq.QUEUED, rq.RENDERING)
    gate.touch()
    done = q.wait(first.key, GATE_TIMEOUT_S)
    assert done.state == rq.DONE and done.pdf == b"%PDF-stand-in Mini Ltd"
    assert q.rendered == 1
    # asked for again once done: from the cache, with no new rendering
    again = q.submit(a, ReportOptions(annex=True))
    assert again.state == rq.DONE and again.pdf == done.pdf and q.rendered == 1
    # other options are another report
    other = q.submit(a, ReportOptions(annex=False))
    assert other.key != first.key
    assert q.wait(other.key, GATE_TIMEOUT_S).state == rq.DONE and q.rendered == 2


def test_a_one_worker_pool_says_how_many_reports_are_ahead(queue, mini_scorer, gate) -> None:
    q = queue(render=gated_render)
    keys = [
        q.submit(assessed(mini_scorer, gate, name), ReportOptions()).key
        for name in ("Ana", "Ben", "Cai", "Dee")
    ]
    assert until(q, keys[0], rq.RENDERING).state == rq.RENDERING
    assert [q.status(k).ahead for k in keys[1:]] == [1, 2, 3]
    assert [q.status(k).state for k in keys[1:]] == [rq.QUEUED] * 3
    gate.touch()
    assert [q.wait(k, GATE_TIMEOUT_S).state for k in keys] == [rq.DONE] * 4


def test_beyond_the_bound_a_request_is_refused_in_words(queue, mini_scorer, gate) -> None:
    q = queue(render=gated_render, max_jobs=2)
    taken = [q.submit(assessed(mini_scorer, gate, n), ReportOptions()) for n in ("Ana", "Ben")]
    refused = q.submit(assessed(mini_scorer, gate, "Cai"), ReportOptions())
    assert rq.BUSY not in [s.state for s in taken]
    assert refused.state == rq.BUSY and refused.message == rq.BUSY_MESSAGE
    assert "try again in a minute" in refused.message
    assert q.status(refused.key).state == rq.UNKNOWN  # nothing of it was kept
    # a report already asked for is still shared when the queue is full
    assert q.submit(assessed(mini_scorer, gate, "Ana"), ReportOptions()).state != rq.BUSY
    gate.touch()
    for status in taken:
        q.wait(status.key, GATE_TIMEOUT_S)
    later = q.submit(assessed(mini_scorer, gate, "Cai"), ReportOptions())
    assert q.wait(later.key, GATE_TIMEOUT_S).state == rq.DONE


def test_a_failing_render_is_a_readable_failure(queue, mini_scorer, gate, caplog) -> None:
    q = queue()  # the real renderer, asked for a paper size it does not have
    failed = q.submit(assessed(mini_scorer, gate), ReportOptions(paper="tabloid"))
    status = q.wait(failed.key, 60)
    assert status.state == rq.FAILED and status.message == rq.FAILED_MESSAGE and status.pdf is None
    assert "Traceback" not in status.message and "paper" not in status.message
    assert "paper must be one of" in caplog.text  # the reason goes to the log
    # the real renderer does render a good request
    good = q.submit(assessed(mini_scorer, gate), ReportOptions())
    done = q.wait(good.key, 60)
    assert done.state == rq.DONE and done.pdf is not None and done.pdf.startswith(b"%PDF")


def test_a_worker_that_dies_fails_its_report_and_the_next_one_renders(
    queue, mini_scorer, gate
) -> None:
    q = queue(render=crashing_render)
    gate.touch()
    crashed = q.submit(assessed(mini_scorer, gate, "Crash"), ReportOptions())
    status = q.wait(crashed.key, GATE_TIMEOUT_S)
    assert status.state == rq.FAILED and status.message == rq.FAILED_MESSAGE
    after = q.submit(assessed(mini_scorer, gate, "Ana"), ReportOptions())
    assert q.wait(after.key, GATE_TIMEOUT_S).state == rq.DONE


def test_the_cache_keeps_the_latest_pdfs_only(queue, mini_scorer, gate) -> None:
    q = queue(render=gated_render, cache_size=2)
    gate.touch()
    keys = []
    for name in ("Ana", "Ben", "Cai"):
        keys.append(q.submit(assessed(mini_scorer, gate, name), ReportOptions()).key)
        q.wait(keys[-1], GATE_TIMEOUT_S)
    assert [q.status(k).state for k in keys] == [rq.UNKNOWN, rq.DONE, rq.DONE]
