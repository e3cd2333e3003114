"""A whole survey on a 390 x 844 phone screen: one tap on Next after a multi-choice question
moves on (a multi-select drop-down once stayed open and swallowed it), and no option text is
cut off in any section."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, assert_accessible
from tests.e2e.test_self_service import EXAMPLE, PACK, answer_section, idle
from tests.ui.conftest import example_answers

# every option a person reads: checkbox and radio labels, and each widget's own label
OPTIONS = (
    '[data-testid="stCheckbox"] label, [data-testid="stRadio"] label, '
    '[data-testid="stWidgetLabel"], [data-testid="stMarkdownContainer"] p'
)


def _cut_off(page: Page) -> list[str]:
    """The texts of option elements wider than their box at this screen width."""
    return page.eval_on_selector_all(
        OPTIONS,
        """els => els.filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
                   .map(e => e.innerText.slice(0, 80))""",
    )


def _small_targets(page: Page) -> list[str]:
    """Choices (radio and checkbox labels) less than 24 px high: WCAG 2.5.8's smallest target,
    since stacked choices leave no spacing to make up for it."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
                '[data-testid="stRadio"] label, [data-testid="stCheckbox"] label')]
            .filter(e => e.getBoundingClientRect().height < 24)
            .map(e => e.innerText.slice(0, 60))""",
    )


def test_one_tap_on_next_after_a_multi_choice_and_nothing_cut_off_at_390px(
    browser: Browser, app_url: str
) -> None:
    answers = {k: v for k, v in example_answers(EXAMPLE)["answers"].items() if v is not None}
    multi = [q.id for q in PACK.questions.values() if q.type == "multi" and q.id in answers]
    assert multi, "the example answers a multi-choice question"
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(app_url)
    idle(page)
    page.get_by_role("button", name="Start the assessment").click()
    idle(page)
    seen_multi = 0
    for _ in range(len(PACK.questionnaire.sections) + 1):
        heading = page.get_by_role("heading", level=2).first.inner_text().strip()
        if heading == "Review":
            break
        section = next(s for s in PACK.questionnaire.sections if s.title == heading)
        answer_section(page, heading, answers)
        assert _cut_off(page) == [], heading
        assert _small_targets(page) == [], heading
        if any(q.id in multi for q in section.questions):
            seen_multi += 1
            page.screenshot(path=str(ARTIFACTS / f"phone-{section.id}.png"), full_page=True)
            assert_accessible(page, f"phone-{section.id}.png")
        # one tap, no click elsewhere first: it must move on
        page.get_by_role("button", name="Next").tap()
        idle(page)
        expect(page.get_by_role("heading", level=2).first).not_to_have_text(heading)
    assert seen_multi >= 1
    expect(page.get_by_text("Every question is answered.")).to_be_visible()
    context.close()
