"""The results page builds its journey picture and readiness chart once per answer set, and
shows exactly what building them on every rerun showed."""

from __future__ import annotations

import base64
import re
from collections import Counter

from streamlit.testing.v1 import AppTest

from assessment.report.render import Renderer
from assessment.store import Store
from assessment.ui import results
from tests.ui.conftest import APP, example_answers

RESULTS_PAGE = "assessment/ui/pages/results.py"


def respondent(answers: dict) -> str:
    store = Store()
    person = store.create_respondent("ai-scaling", "1.0.0")
    for qid, value in answers.items():
        if value is not None:
            store.save_answer(person.token, qid, value)
    return person.token


def results_page(token: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["r"] = token
    if lang is not None:
        at.query_params["lang"] = lang
    at.switch_page(RESULTS_PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def built_every_time(answers: dict) -> None:
    """The two pictures as the page drew them before they were cached."""
    import streamlit as st

    from assessment.report.charts import plan_chart, readiness_chart
    from assessment.ui import resources

    a = resources.assess(resources.scorer().check(answers), {})
    renderer = resources.renderer()
    wide, tall = renderer.journey_svg(a), renderer.journey_svg(a, tall=True)
    from assessment.ui.results import _img

    st.html(f'<div class="pp-journey">{_img(wide)}{_img(tall)}</div>')
    st.altair_chart(readiness_chart(a), width="stretch")
    st.altair_chart(plan_chart(a), width="stretch")


def pictures(at: AppTest) -> tuple[bytes, bytes]:
    """The journey's two drawings (wide and tall) and the charts (readiness, then the plan's
    effort and impact), as the page sends them."""
    [journey] = [h for h in at.get("html") if "pp-journey" in h.proto.body]
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', journey.proto.body)
    svgs = [
        base64.b64decode(i).decode().replace(' xmlns="http://www.w3.org/2000/svg"', "")
        for i in images
    ]
    assert len(svgs) == 2
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    return "".join(svgs).encode(), b"|".join(c.proto.SerializeToString() for c in charts)


def reference(answers: dict) -> tuple[bytes, bytes]:
    at = AppTest.from_function(built_every_time, args=(answers,), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return pictures(at)


def test_the_pictures_are_those_built_on_every_rerun(data_dir) -> None:
    answers = example_answers("several-teams-contract-trouble")["answers"]
    at = results_page(respondent(answers))
    expected = reference({q: v for q, v in answers.items() if v is not None})
    assert pictures(at) == expected
    at.run()  # from the cache now
    assert pictures(at) == expected


def test_a_rerun_with_the_same_answers_builds_neither_again(data_dir, monkeypatch) -> None:
    built: Counter[str] = Counter()
    chart, journey, plan = results.readiness_chart, Renderer.journey_svg, results.plan_chart

    def counted_chart(a, *args, **kwargs):
        built["chart"] += 1
        return chart(a, *args, **kwargs)

    def counted_journey(self, a, *args, **kwargs):
        built["journey"] += 1
        return journey(self, a, *args, **kwargs)

    def counted_plan(a, *args, **kwargs):
        built["plan"] += 1
        return plan(a, *args, **kwargs)

    monkeypatch.setattr(results, "readiness_chart", counted_chart)
    monkeypatch.setattr(results, "plan_chart", counted_plan)
    monkeypatch.setattr(Renderer, "journey_svg", counted_journey)
    results._journey.clear()
    results._chart_spec.clear()
    results._plan_spec.clear()
    answers = {
        q: v
        for q, v in example_answers("small-team-losing-context")["answers"].items()
        if v is not None
    }
    token = respondent(answers)
    at = results_page(token)
    for _ in range(3):
        at.run()
    assert built == {"chart": 1, "journey": 2, "plan": 1}  # once wide, once tall
    results_page(respondent(answers))  # another session with the same answers
    assert built == {"chart": 1, "journey": 2, "plan": 1}  # once wide, once tall
    # other answers: built once more, and drawn from the new answers
    changed = {**answers, "pp1_review_context": "fully", "pp1_prompt_versioning": "fully"}
    for qid in ("pp1_review_context", "pp1_prompt_versioning"):
        Store().save_answer(token, qid, changed[qid])
    at.run()
    at.run()
    assert built == {"chart": 2, "journey": 4, "plan": 2}
    before = reference(answers)
    after = reference(changed)
    assert before[1] != after[1]  # the readiness chart shows the change
    assert pictures(at) == after
