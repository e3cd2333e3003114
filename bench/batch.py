"""Batch speed: 100 reports from one CSV through `assessment batch`, a process per core.

Prints one JSON line. Target: 100 reports in at most 90 s on 2 cores.
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
                "processes": min(os.cpu_count() or 1, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
