"""Report rendering speed: warm (templates, stylesheets, fonts reused), the same final HTML
through bare WeasyPrint in the same run, and a cold process with its imports.

Prints one JSON line per example. Targets: warm within 1.15 x bare WeasyPrint on the same HTML
(`ratio`, measured side by side in this run), warm at most 1.5 s, cold at most 4 s.

Then one line per language for the example workshop's team report: a report that overruns its
12 pages is laid out again with a shorter workshop part until it fits (`layouts`); target: the
fitted report within 2 s a layout (one warm layout and write of a 12-page team report takes
about 1.5 s).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from weasyprint import HTML

from assessment.report.assets import TEMPLATES_DIR
from assessment.report.render import Renderer
from assessment.services.scoring import Scorer

ROOT = Path(__file__).resolve().parent.parent
BASE = TEMPLATES_DIR.as_uri() + "/"
EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))
TARGET_RATIO = 1.15
RUNS = 7


def median_seconds(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    scorer = Scorer()
    renderer = Renderer(scorer.pack)
    for name in EXAMPLES:
        example = ROOT / "examples" / f"{name}.yaml"
        assessment = scorer.assess_file(example)
        result = renderer.render(assessment)  # warm up: fonts, chart, templates
        warm = median_seconds(lambda a=assessment: renderer.render(a))
        html = result.html

        def bare(markup: str = html) -> None:
            HTML(string=markup, base_url=BASE).write_pdf(
                stylesheets=renderer.stylesheets["a4"],
                font_config=renderer.font_config,
                pdf_variant="pdf/ua-1",
                pdf_tags=True,
            )

        bare()
        bare_s = median_seconds(bare)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "assessment",
                    "report",
                    str(example),
                    "-o",
                    str(Path(tmp) / "r.pdf"),
                ],
                check=True,
                capture_output=True,
                cwd=ROOT,
            )
            cold = time.perf_counter() - start
        print(
            json.dumps(
                {
                    "bench": "report",
                    "example": name,
                    "pages": result.pages,
                    "warm_median_s": round(warm, 3),
                    "bare_weasyprint_median_s": round(bare_s, 3),
                    "ratio": round(warm / bare_s, 3),
                    "target_ratio": TARGET_RATIO,
                    "within_target": warm / bare_s <= TARGET_RATIO,
                    "cold_s": round(cold, 3),
                }
            )
        )


def team_reports() -> None:
    from assessment.services import workshops
    from assessment.store import Store

    for lang in ("en", "de"):
        scorer = workshops.pack_scorer(lang=lang)
        store = Store("sqlite://")
        workshop, _ = workshops.create_workshop(
            store,
            scorer,
            "Harbour workshop",
            organization="Harbour",
            k=3,
            roles=[],
            own_results=False,
        )
        workshops.import_responses(
            store, scorer, workshop, ROOT / "examples" / "workshop_responses.csv"
        )
        responses = store.responses(workshop.id)
        result = workshops.team(scorer, workshop, workshops.sent(responses))
        assessed, options = workshops.team_report(scorer, workshop, responses, result)
        renderer = Renderer(scorer.pack)
        rendered = renderer.render(assessed, options)  # warm up
        fitted = median_seconds(lambda r=renderer, a=assessed, o=options: r.render(a, o), runs=3)
        print(
            json.dumps(
                {
                    "bench": "team_report",
                    "lang": lang,
                    "pages": rendered.pages,
                    "layouts": rendered.layouts,
                    "fitted_median_s": round(fitted, 3),
                    "per_layout_s": round(fitted / rendered.layouts, 3),
                    "within_target": fitted / rendered.layouts <= 2.0,
                }
            )
        )


if __name__ == "__main__":
    main()
    team_reports()
