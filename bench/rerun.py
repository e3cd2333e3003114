"""App rerun cost (AppTest, warm): answering one question on the survey page, and a rerun of
the results page with unchanged answers.

Prints one JSON line a page. Target: median at most 50 ms, p95 at most 100 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUNS = 60
RESULTS_EXAMPLE = ROOT / "examples" / "several-teams-contract-trouble.yaml"


def line(page: str, times: list[float]) -> str:
    times = sorted(times)
    return json.dumps(
        {
            "bench": "rerun",
            "page": page,
            "runs": len(times),
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        }
    )


def timed(step: Callable[[int], Any]) -> list[float]:
    times = []
    for i in range(RUNS):
        start = time.perf_counter()
        step(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def survey(app: Any) -> str:
    """Answering one question on the survey page."""
    at = app().run()
    next(b for b in at.button if b.label == "Start the assessment").click().run()
    widget = at.number_input(key="q:developers")
    for value in range(1, 6):  # warm up: caches, store connection, imports
        widget.set_value(value).run()
    times = timed(lambda i: at.number_input(key="q:developers").set_value(10 + i).run())
    assert not at.exception
    assert at.session_state["answers"]["developers"] == 10 + RUNS - 1  # every answer landed
    return line("survey", times)


def results(app: Any) -> str:
    """The results page of an example's answers, rerun with the answers unchanged."""
    import yaml

    from assessment.store import Store

    store = Store()
    person = store.create_respondent("ai-scaling", "1.0.0")
    answers = yaml.safe_load(RESULTS_EXAMPLE.read_text())["answers"]
    for qid, value in answers.items():
        if value is not None:
            store.save_answer(person.token, qid, value)
    at = app()
    at.query_params["r"] = person.token
    at.run()
    at.switch_page("assessment/ui/pages/results.py")
    for _ in range(5):  # warm up
        at.run()
    times = timed(lambda i: at.run())
    assert not at.exception
    assert [m.value for m in at.metric if m.label == "Stage"] == ["Several teams"]
    return line("results", times)


def main() -> None:
    os.environ["PIVOTPOINT_DATA_DIR"] = tempfile.mkdtemp()
    os.environ.pop("PIVOTPOINT_DATABASE_URL", None)
    from streamlit.testing.v1 import AppTest

    def app() -> AppTest:
        return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)

    print(survey(app))
    print(results(app))


if __name__ == "__main__":
    main()
