"""PDF reports rendered away from the request: the one place the app renders a PDF.

A few worker processes on this machine (`PIVOTPOINT_RENDER_WORKERS`, default 2) each load the
pack, templates, stylesheets and fonts once and render one report at a time, at a lower CPU
priority than the app, so that a room of people asking for their reports at once never holds up
the pages other people are answering. In front of them:

- a queue in arrival order, bounded: beyond `max_jobs` reports waiting or being rendered, a new
  one is refused with a plain "busy, try again in a minute";
- one rendering per answer set: a job's key is the pack (id and version), the answers, the meta
  and the report options, so two requests for the same report share one rendering;
- the finished PDFs of the last few answer sets, kept in a small bounded cache;
- `status(key)`: queued (with how many reports are ahead), rendering, done (with the PDF) or
  failed, with a message a person can read; the traceback goes to the log, never to a user.

Nothing here imports streamlit: the app holds one queue per process (`ui/resources.py`), and
tests and benchmarks make their own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import multiprocessing
import os
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from assessment import settings
from assessment.engine.result import Assessment
from assessment.i18n import N_
from assessment.report.context import ReportOptions

LOG = logging.getLogger("pivotpoint.render_queue")

QUEUED = "queued"
RENDERING = "rendering"
DONE = "done"
FAILED = "failed"
BUSY = "busy"  # refused: the queue is full
UNKNOWN = "unknown"  # never asked for, or its PDF has left the cache

# (English, marked for the catalogue: the page shows them translated)
BUSY_MESSAGE = N_(
    "Many reports are being prepared right now, so yours could not be started. "
    "Please try again in a minute."
)
FAILED_MESSAGE = N_(
    "Your report could not be prepared. Your answers are kept: please try again in a minute."
)
MAX_JOBS = 60  # reports waiting or being rendered; beyond this a request is refused
CACHE_SIZE = 32  # finished PDFs kept, the most recently asked for
FAILURES_KEPT = 256  # failed keys remembered, so a status call can say what happened
WORKER_NICENESS = 10  # workers yield the CPU to the app's own pages


@dataclass(frozen=True)
class JobStatus:
    """Where a report stands. `ahead` counts the reports before it (those being rendered and
    those queued in front of it); `message` is for a person; `pdf` is set when done."""

    key: str
    state: str
    ahead: int = 0
    message: str = ""
    pdf: bytes | None = None


@dataclass
class _Job:
    key: str
    assessment: Assessment
    options: ReportOptions
    state: str = QUEUED
    finished: threading.Event = field(default_factory=threading.Event)


def job_key(assessment: Assessment, options: ReportOptions) -> str:
    """The same answer set gives the same key: pack id and version, answers, meta and every
    report option (paper, brand, annex, a team report's workshop part and comments)."""
    text = json.dumps(
        [
            assessment.pack.id,
            assessment.pack.version,
            assessment.pack.language,  # the same answers make another report in each language
            assessment.answers,
            assessment.meta,
            _options_data(options),
        ],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _options_data(options: ReportOptions) -> dict[str, Any]:
    data = {f.name: getattr(options, f.name) for f in dataclasses.fields(options)}
    data["brand"] = options.brand.model_dump()
    if options.progress is not None:
        data["progress"] = options.progress.model_dump(mode="json")
    return data


# -- in the worker processes -------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(pack: str | None) -> None:
    """Load the pack and the renderer once per worker, as `services.batch` does."""
    from assessment.report.render import Renderer
    from assessment.services.scoring import Scorer

    try:  # a rerun of someone's page comes before a report in the queue
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # pragma: no cover - no nice() on this system
        pass
    scorer = Scorer(pack)
    _WORKER.update(pack=pack, scorer=scorer, renderer=Renderer(scorer.pack), renderers={})


def _renderer_for(language: str) -> Any:
    """The worker's renderer of the pack in `language` (the assessment's): made on first use."""
    from assessment.report.render import Renderer
    from assessment.services.scoring import Scorer

    default = _WORKER["renderer"]
    if language == default.pack.language:
        return default
    renderers: dict[str, Any] = _WORKER["renderers"]
    if language not in renderers:
        renderers[language] = Renderer(Scorer(_WORKER["pack"], lang=language).pack)
    return renderers[language]


def _render(assessment: Assessment, options: ReportOptions) -> bytes:
    """The PDF of `assessment`, written in its language."""
    pdf: bytes = _renderer_for(assessment.pack.language).render(assessment, options).pdf
    return pdf


def _warm() -> None:
    """A first, tiny rendering, so that a worker's first report costs no more than later ones."""
    renderer = _WORKER["renderer"]
    renderer.pdf_from_html("<p>Pivotpoint</p>", "a4")


# -- in the app process ------------------------------------------------------------------------
RenderFunction = Callable[[Assessment, ReportOptions], bytes]


class RenderQueue:
    """A pool of `workers` render processes behind a bounded queue; see the module's text.

    `submit` and `status` never raise for a report's own trouble and never block on a
    rendering; `wait` is for scripts and tests. `render` replaces the worker's rendering
    function (a module-level function, for tests)."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        pack: str | None = None,
        max_jobs: int = MAX_JOBS,
        cache_size: int = CACHE_SIZE,
        render: RenderFunction = _render,
        warm: bool = True,
    ) -> None:
        self.workers = max(1, settings.render_workers() if workers is None else workers)
        self.max_jobs = max(1, max_jobs)
        self.cache_size = max(1, cache_size)
        self.rendered = 0  # renderings started: what sharing saves shows here
        self._pack = pack
        self._render_function = render
        self._lock = threading.Condition()
        self._waiting: deque[_Job] = deque()
        self._jobs: dict[str, _Job] = {}  # queued or being rendered
        self._done: OrderedDict[str, bytes] = OrderedDict()
        self._failed: OrderedDict[str, str] = OrderedDict()
        self._closed = False
        self._warm = warm
        self._pool: ProcessPoolExecutor | None = None  # started by the first request
        self._warming: list[Future[None]] = []

    def _start(self) -> ProcessPoolExecutor:
        """Start the workers (and warm them) on first use, so that a page that only asks for
        a status, or a test that never renders, starts no process. Called under the lock."""
        if self._pool is None:
            self._pool = self._new_pool()
            if self._warm:
                self._warming = [self._pool.submit(_warm) for _ in range(self.workers)]
            for n in range(self.workers):
                name = f"render-queue-{n}"
                threading.Thread(target=self._dispatch, name=name, daemon=True).start()
        return self._pool

    def _new_pool(self) -> ProcessPoolExecutor:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        return ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_init_worker, initargs=(self._pack,)
        )

    # -- the calls a page makes ----------------------------------------------------------------
    def submit(self, assessment: Assessment, options: ReportOptions) -> JobStatus:
        """Ask for the report of `assessment` with `options`: done at once when its PDF is
        in the cache, the running job when someone asked for it already, else a new job at
        the end of the queue, or BUSY (with the message) when the queue is full."""
        key = job_key(assessment, options)
        with self._lock:
            if self._closed:
                return JobStatus(key, FAILED, message=FAILED_MESSAGE)
            if key not in self._done and key not in self._jobs:
                if len(self._jobs) >= self.max_jobs:
                    return JobStatus(key, BUSY, message=BUSY_MESSAGE)
                self._failed.pop(key, None)  # asking again after a failure tries again
                self._start()
                job = _Job(key, assessment, options)
                self._jobs[key] = job
                self._waiting.append(job)
                self._lock.notify()
            return self._status(key)

    def status(self, key: str) -> JobStatus:
        with self._lock:
            return self._status(key)

    def _status(self, key: str) -> JobStatus:
        pdf = self._done.get(key)
        if pdf is not None:
            self._done.move_to_end(key)
            return JobStatus(key, DONE, pdf=pdf)
        job = self._jobs.get(key)
        if job is not None:
            rendering = len(self._jobs) - len(self._waiting)
            if job.state == RENDERING:
                return JobStatus(key, RENDERING)
            return JobStatus(key, QUEUED, ahead=rendering + self._waiting.index(job))
        message = self._failed.get(key)
        if message is not None:
            return JobStatus(key, FAILED, message=message)
        return JobStatus(key, UNKNOWN)

    def wait(self, key: str, timeout: float | None = None) -> JobStatus:
        """The job's status once it is done or failed (or after `timeout` seconds)."""
        with self._lock:
            job = self._jobs.get(key)
        if job is not None:
            job.finished.wait(timeout)
        return self.status(key)

    def ready(self, timeout: float | None = None) -> None:
        """Start the workers and wait until each has rendered its first tiny page."""
        with self._lock:
            self._start()
        for future in self._warming:
            future.result(timeout)

    def close(self) -> None:
        """Stop the workers; jobs still queued fail."""
        with self._lock:
            self._closed = True
            for job in self._waiting:
                self._finish(job, None)
            self._waiting.clear()
            self._lock.notify_all()
            pool = self._pool
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    # -- the dispatch threads: one per worker, so that a job is "rendering" only while a
    # worker really has it -----------------------------------------------------------------------
    def _dispatch(self) -> None:
        while True:
            with self._lock:
                while not self._waiting and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                job = self._waiting.popleft()
                job.state = RENDERING
                self.rendered += 1
                pool = self._start()
            pdf: bytes | None = None
            try:
                pdf = pool.submit(self._render_function, job.assessment, job.options).result()
            except BrokenProcessPool:
                LOG.exception("a render worker stopped; starting new ones")
                self._replace_pool(pool)
            except Exception:
                LOG.exception("the report %s could not be rendered", job.key[:12])
            with self._lock:
                self._finish(job, pdf)

    def _finish(self, job: _Job, pdf: bytes | None) -> None:
        self._jobs.pop(job.key, None)
        if pdf is not None:
            self._done[job.key] = pdf
            while len(self._done) > self.cache_size:
                self._done.popitem(last=False)
        else:
            self._failed[job.key] = FAILED_MESSAGE
            while len(self._failed) > FAILURES_KEPT:
                self._failed.popitem(last=False)
        job.state = DONE if pdf is not None else FAILED
        job.finished.set()

    def _replace_pool(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is not broken or self._closed:
                return
            self._pool = self._new_pool()
        broken.shutdown(wait=False, cancel_futures=True)


# -- several app replicas: a Redis job queue (RQ) ---------------------------------------------
REDIS_QUEUE = "pivotpoint-pdf"
REDIS_KEEP_S = 600  # a finished PDF (or a failure) stays in Redis this long: the shared cache
REDIS_JOB_TIMEOUT_S = 300  # a rendering that takes longer is stopped and fails


def render_job(assessment: Assessment, options: ReportOptions) -> bytes:
    """What an `rq worker` runs: the worker loads the pack `PIVOTPOINT_PACK` names and the
    renderer on its first job and keeps them (start it with `--worker-class
    rq.worker.SimpleWorker`, so that jobs run in the worker process itself)."""
    if not _WORKER:
        _init_worker(settings.pack())
    return _render(assessment, options)


class RedisRenderQueue:
    """The same calls as `RenderQueue`, over a Redis job queue that every app replica shares,
    rendered by workers started with `rq worker` (README, "Deployment"). A job's id is its key,
    so replicas share a rendering too; finished PDFs stay in Redis for `REDIS_KEEP_S`."""

    def __init__(self, url: str, *, name: str = REDIS_QUEUE, max_jobs: int = MAX_JOBS) -> None:
        from redis import Redis
        from rq import Queue

        self.max_jobs = max(1, max_jobs)
        self._redis = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._queue = Queue(name, connection=self._redis)

    def submit(self, assessment: Assessment, options: ReportOptions) -> JobStatus:
        from rq.exceptions import DuplicateJobError

        key = job_key(assessment, options)
        try:
            status = self._fetch(key)
            if status.state not in (UNKNOWN, FAILED):
                return status
            if status.state == FAILED:  # asking again after a failure tries again
                self._job(key).delete()
            if len(self._queue) + self._queue.started_job_registry.count >= self.max_jobs:
                return JobStatus(key, BUSY, message=BUSY_MESSAGE)
            try:
                self._queue.enqueue_call(
                    render_job,
                    args=(assessment, options),
                    job_id=key,
                    unique=True,
                    timeout=REDIS_JOB_TIMEOUT_S,
                    result_ttl=REDIS_KEEP_S,
                    failure_ttl=REDIS_KEEP_S,
                )
            except DuplicateJobError:  # another replica asked for it a moment ago
                pass
            return self._fetch(key)
        except Exception:
            LOG.exception("the report %s could not be queued in Redis", key[:12])
            return JobStatus(key, FAILED, message=FAILED_MESSAGE)

    def status(self, key: str) -> JobStatus:
        try:
            return self._fetch(key)
        except Exception:
            LOG.exception("the status of report %s could not be read from Redis", key[:12])
            return JobStatus(key, FAILED, message=FAILED_MESSAGE)

    def wait(self, key: str, timeout: float | None = None) -> JobStatus:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            status = self.status(key)
            if status.state not in (QUEUED, RENDERING):
                return status
            if deadline is not None and time.monotonic() >= deadline:
                return status
            time.sleep(0.1)

    def close(self) -> None:
        self._redis.close()

    def _job(self, key: str) -> Any:
        from rq.job import Job

        return Job.fetch(key, connection=self._redis)

    def _fetch(self, key: str) -> JobStatus:
        from rq.exceptions import NoSuchJobError
        from rq.job import JobStatus as RqStatus

        try:
            job = self._job(key)
        except NoSuchJobError:
            return JobStatus(key, UNKNOWN)
        state = job.get_status(refresh=False)
        if state == RqStatus.FINISHED:
            pdf = job.return_value()
            if isinstance(pdf, bytes):
                return JobStatus(key, DONE, pdf=pdf)
            return JobStatus(key, UNKNOWN)
        if state == RqStatus.STARTED:
            return JobStatus(key, RENDERING)
        if state in (RqStatus.QUEUED, RqStatus.DEFERRED, RqStatus.SCHEDULED):
            position = job.get_position()
            rendering = self._queue.started_job_registry.count
            return JobStatus(key, QUEUED, ahead=rendering + (position or 0))
        if state == RqStatus.FAILED:
            LOG.warning("the report %s failed in its worker: %s", key[:12], job.latest_result())
        return JobStatus(key, FAILED, message=FAILED_MESSAGE)  # failed, stopped or cancelled


PdfQueue = RenderQueue | RedisRenderQueue

_SHARED: PdfQueue | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> PdfQueue:
    """The process's queue: with `PIVOTPOINT_REDIS_URL`, the Redis job queue every replica
    shares; else worker processes of this one, started on first use with
    `PIVOTPOINT_RENDER_WORKERS` workers and the pack `PIVOTPOINT_PACK` names."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            url = settings.redis_url()
            if url:
                _SHARED = RedisRenderQueue(url)
            else:
                _SHARED = RenderQueue(settings.render_workers(), pack=settings.pack())
        return _SHARED
