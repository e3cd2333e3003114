"""App rerun cost: answering one question on the survey page (AppTest, warm).

Prints one JSON line. Target: median at most 50 ms, p95 at most 100 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 60


def main() -> None:
    os.environ["PIVOTPOINT_DATA_DIR"] = tempfile.mkdtemp()
    os.environ.pop("PIVOTPOINT_DATABASE_URL", None)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    next(b for b in at.button if b.label == "Start the assessment").click().run()
    widget = at.number_input(key="q:developers")
    for value in range(1, 6):  # warm up: caches, store connection, imports
        widget.set_value(value).run()
    times = []
    for i in range(RUNS):
        start = time.perf_counter()
        at.number_input(key="q:developers").set_value(10 + i).run()
        times.append((time.perf_counter() - start) * 1000)
    assert not at.exception
    assert at.session_state["answers"]["developers"] == 10 + RUNS - 1  # every answer landed
    times.sort()
    print(
        json.dumps(
            {
                "bench": "rerun",
                "runs": RUNS,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(RUNS * 0.95) - 1], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
