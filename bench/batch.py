"""Batch speed: 100 reports from one CSV through `assessment batch`, a process per core.

Prints one JSON line. Target: the batch within 1.1 x (100 x one warm report / processes), one
warm report being the mean over the batch's mix of examples of the median in-process render
(scoring included), measured in the same run.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPORTS = 100
RUNS = 5
TARGET = 1.1


def warm_report_seconds() -> float:
    """One report as the batch makes it, warm: score and render, in this process."""
    import statistics

    from assessment.report.render import Renderer
    from assessment.services.scoring import Scorer

    scorer = Scorer()
    renderer = Renderer(scorer.pack)
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    means = []
    for example in examples:
        renderer.render(scorer.assess_file(example))  # fonts, chart, templates
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            renderer.render(scorer.assess_file(example))
            times.append(time.perf_counter() - start)
        means.append(statistics.median(times))
    # the batch cycles through the examples: weigh each by how many rows it gives
    counts = [len(range(i, REPORTS, len(examples))) for i in range(len(examples))]
    return sum(m * c for m, c in zip(means, counts, strict=True)) / REPORTS


def write_csv(path: Path) -> None:
    rows, columns = [], ["organization", "respondent"]
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for i in range(REPORTS):
        data = yaml.safe_load(examples[i % len(examples)].read_text())
        row = {"organization": data["meta"]["organization"], "respondent": f"Respondent {i + 1}"}
        for qid, value in data["answers"].items():
            if value is None:
                continue
            if qid not in columns:
                columns.append(qid)
            row[qid] = ";".join(value) if isinstance(value, list) else str(value)
        rows.append(row)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    warm = warm_report_seconds()
    processes = min(os.cpu_count() or 1, 4)
    target = TARGET * REPORTS * warm / processes
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "responses.csv"
        write_csv(source)
        start = time.perf_counter()
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "assessment",
                "batch",
                str(source),
                "-o",
                str(Path(tmp) / "out"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - start
        if run.returncode != 0:
            sys.exit(f"batch failed ({run.returncode}): {run.stderr.strip()[-500:]}")
        made = len(list((Path(tmp) / "out").glob("*.pdf")))
    print(
        json.dumps(
            {
                "bench": "batch",
                "reports": made,
                "seconds": round(seconds, 1),
                "processes": processes,
                "warm_report_s": round(warm, 3),
                "target_s": round(target, 1),
                "ratio_to_ideal": round(seconds / (REPORTS * warm / processes), 3),
                "within_target": seconds <= target,
            }
        )
    )


if __name__ == "__main__":
    main()
