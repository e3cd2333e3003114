"""The report's length and layout (issue 12): at most 12 pages without the annex, every page but
the last at least a third full, rule ids only in the annex, no sentence said twice."""

from __future__ import annotations

import collections
import dataclasses
import html as html_lib
import re
from pathlib import Path

import pytest
from markupsafe import escape
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.content.pack import iter_rules
from assessment.report.context import ReportOptions
from assessment.report.render import TEMPLATES_DIR, Renderer
from tests.conftest import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
MAX_PAGES = 12


@pytest.fixture(scope="module")
def renderer(scorer) -> Renderer:
    return Renderer(scorer.pack)


@pytest.fixture(scope="module")
def rule_ids(scorer) -> list[str]:
    return sorted({r.id for _, r in iter_rules(scorer.pack)}, key=len, reverse=True)


def _layout(renderer: Renderer, html: str, paper: str):
    from weasyprint import HTML

    return HTML(
        string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=renderer.fetcher
    ).render(font_config=renderer.font_config, stylesheets=renderer.stylesheets[paper])


def page_fill(page) -> float:
    """How far down its content area a page is filled: the bottom of the lowest line, picture or
    table cell on it, against the height of the content area (0 to 1)."""
    from weasyprint.formatting_structure import boxes

    box = page._page_box
    top = box.content_box_y()
    lowest = top
    stack = list(box.children[:1])  # the root element's box; the margin boxes are not content
    while stack:
        b = stack.pop()
        if isinstance(b, boxes.LineBox | boxes.ReplacedBox | boxes.TableCellBox):
            lowest = max(lowest, b.position_y + b.margin_height())
            if not isinstance(b, boxes.TableCellBox):
                continue
        stack.extend(getattr(b, "children", None) or [])
    return (lowest - top) / box.height


def body_sentences(html: str) -> list[str]:
    """The sentences of the report's body text, whitespace normalised: the annex, the contents,
    headings, table headings and pictures left out, and so are fields and labels (text that
    does not end as a sentence ends, such as "Owner: Team lead · Effort: S")."""
    body = html[html.index("<body") :]
    annex = body.find('<section class="part annex"')
    if annex >= 0:
        body = body[:annex]
    # page one stands alone for the reader who stops there: the respondent's words it quotes
    # as evidence are quoted again, whole, under their finding
    start = body.find('id="part-summary"')
    if start >= 0:
        end = body.index("</section>", start)
        page_one = re.sub(
            r'<blockquote class="said">.*?</blockquote>', " ", body[start:end], flags=re.S
        )
        body = body[:start] + page_one + body[end:]
    body = re.sub(
        r"<svg.*?</svg>|<nav.*?</nav>|<h[1-6]\b.*?</h[1-6]>|<th\b.*?</th>", " ", body, flags=re.S
    )
    body = re.sub(r"<(p|li|div|td|dt|dd|tr|blockquote|section|caption)\b[^>]*>", "\n", body)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    sentences = []
    for block in text.split("\n"):
        block = " ".join(block.split())
        sentences += re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", block)
    return [s for s in sentences if re.search(r"[.!?][”\")]?$", s)]


def words(sentence: str) -> int:
    return len(re.findall(r"\w+", sentence))


def body_text(html: str) -> str:
    body = html[html.index("<body") :]
    annex = body.find('<section class="part annex"')
    body = body[:annex] if annex >= 0 else body
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_fits_twelve_pages_none_less_than_a_third_full(
    scorer, renderer, example: Path, paper: str
) -> None:
    a = scorer.assess_file(example)
    document = _layout(renderer, renderer.html(a, ReportOptions(paper=paper)), paper)
    assert len(document.pages) <= MAX_PAGES
    # the cover fills its page; every other page but the last carries at least a third
    fills = [page_fill(p) for p in document.pages]
    thin = [(n, round(f, 2)) for n, f in enumerate(fills[1:-1], 2) if f < 1 / 3]
    assert not thin, f"pages less than a third full: {thin}"


@pytest.fixture(scope="module")
def example_workshops():
    """The example workshop (examples/workshop_responses.csv) imported at k = 3, so that role
    groups are compared, by language: the team's assessment and the team report's options,
    with a renderer of that language."""
    from assessment.services import workshops
    from assessment.store import Store

    made = {}

    def made_in(lang: str):
        if lang not in made:
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
            workshops.import_responses(store, scorer, workshop, EXAMPLES / "workshop_responses.csv")
            responses = store.responses(workshop.id)
            result = workshops.team(scorer, workshop, workshops.sent(responses))
            made[lang] = (
                Renderer(scorer.pack),
                *workshops.team_report(scorer, workshop, responses, result),
            )
        return made[lang]

    return made_in


@pytest.mark.parametrize(
    ("lang", "paper", "branded"),
    [
        ("en", "a4", False),
        ("en", "a4", True),
        ("en", "letter", False),
        ("en", "letter", True),
        # German runs longer: the workshop part gives up charts until the report fits
        ("de", "a4", False),
        ("de", "letter", False),
    ],
)
def test_the_team_report_fits_twelve_pages_too(
    example_workshops, lang: str, paper: str, branded: bool
) -> None:
    import dataclasses

    from assessment.report.brand import Brand, load_brand
    from tests.conftest import TESTDATA
    from tests.english_left import english_left

    renderer, assessed, options = example_workshops(lang)
    brand = load_brand(TESTDATA / "brand" / "brand-dark.yaml") if branded else Brand()
    options = dataclasses.replace(options, paper=paper, brand=brand)
    assert options.workshop and options.workshop["compared"]  # the role groups are drawn
    rendered = renderer.render(assessed, options)
    assert rendered.pages <= MAX_PAGES
    if lang == "en":  # it fits as it is: laid out once
        assert rendered.layouts == 1
    document = _layout(renderer, rendered.html, paper)
    assert len(document.pages) == rendered.pages
    fills = [page_fill(p) for p in document.pages]
    thin = [(n, round(f, 2)) for n, f in enumerate(fills[1:-1], 2) if f < 1 / 3]
    assert not thin, f"pages less than a third full: {thin}"
    if lang != "en":  # the workshop part is written in the report's language
        assert english_left(rendered.html, lang) == []


def test_a_team_report_over_its_pages_gives_up_charts_until_it_fits(example_workshops) -> None:
    from assessment.report.render import MAX_PAGES as LIMIT

    # German runs longer than English: with every chart the example team report overruns
    renderer, assessed, options = example_workshops("de")
    whole = dataclasses.replace(options, workshop_shorter=[])
    full = renderer.render(assessed, whole)
    assert full.pages > LIMIT, "the example no longer overruns: find another that does"
    assert full.html.count('<div class="finding gap">') == 3
    fitted = renderer.render(assessed, options)
    assert fitted.pages <= LIMIT and fitted.layouts >= 2
    for part in options.workshop_shorter:  # the one it took is the first that fits
        html = renderer.html(assessed, dataclasses.replace(whole, workshop=part))
        if html == fitted.html:
            break
        assert len(_layout(renderer, html, options.paper).pages) > LIMIT
    else:
        raise AssertionError("the fitted report is none of the shorter parts")
    # what the report has no room for, it says is on the dashboard
    shortest = options.workshop_shorter[-1]
    assert shortest["gaps_more"] > 0 and shortest["disputed_more"] > 0
    renderer_en, assessed_en, options_en = example_workshops("en")
    one_gap = next(p for p in options_en.workshop_shorter if len(p["gaps"]) == 1)
    html = renderer_en.html(assessed_en, dataclasses.replace(options_en, workshop=one_gap))
    assert "2 more gaps between the role groups are on the facilitator" in html
    none = options_en.workshop_shorter[-1]
    assert none["gaps"] == [] and none["disputed"] == []
    html = renderer_en.html(assessed_en, dataclasses.replace(options_en, workshop=none))
    assert "The role groups answered 3 questions a quarter of their scale or more apart" in html
    assert "questions divided the group; this report has no room to draw them" in html
    assert "answered alike" not in html
    # the app's download carries the annex, which is not counted: its body fits the same way
    from assessment.report.render import body_pages

    annexed = renderer.render(assessed, dataclasses.replace(options, annex=True))
    document = _layout(renderer, annexed.html, options.paper)
    assert body_pages(document) <= LIMIT < annexed.pages
    assert annexed.html.count('<div class="finding gap">') == fitted.html.count(
        '<div class="finding gap">'
    )


def test_a_shorter_workshop_part_draws_fewer_charts_and_counts_what_it_leaves_out(
    example_workshops,
) -> None:
    _, _, options = example_workshops("en")
    parts = [options.workshop, *options.workshop_shorter]
    shown = [(len(p["disputed"]), len(p["gaps"]), len(p["ties"])) for p in parts]
    assert len(parts) > 2 and shown[0][:2] == (3, 3)
    for before, after in zip(shown, shown[1:], strict=False):
        # fewer charts, or as many and fewer ties listed: each step shows less than the last
        assert after != before
        assert after[0] + after[1] < before[0] + before[1] or (
            after[:2] == before[:2] and after[2] < before[2]
        )
    full = parts[0]
    every_tie = len([q for q in full["disputed"] if q["tie_sentence"]]) + len(full["ties"])
    for p in parts:
        # nothing is dropped unsaid: what a part does not show, it counts for the dashboard
        assert p["disputed_more"] + len(p["disputed"]) == full["disputed_more"] + len(
            full["disputed"]
        )
        assert p["gaps_more"] + len(p["gaps"]) == full["gaps_more"] + len(full["gaps"])
        charted_ties = len([q for q in p["disputed"] if q["tie_sentence"]])
        assert charted_ties + len(p["ties"]) + p["ties_more"] == every_tie + full["ties_more"]


def test_page_fill_sees_an_almost_empty_page(renderer) -> None:
    # the measure itself: one line on a page is nowhere near a third full, a long text is
    html = "<html><body><p>One line.</p></body></html>"
    [page] = _layout(renderer, html, "a4").pages
    assert page_fill(page) < 0.05
    long = "<html><body>" + "<p>Line of text.</p>" * 400 + "</body></html>"
    pages = _layout(renderer, long, "a4").pages
    assert len(pages) > 1 and page_fill(pages[0]) > 0.9


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_no_rule_id_in_the_body_and_every_fired_one_in_the_annex(
    scorer, renderer, rule_ids, example: Path
) -> None:
    a = scorer.assess_file(example)
    short = renderer.html(a, ReportOptions())
    text = body_text(short)
    found = [r for r in rule_ids if re.search(rf"(?<![\w-]){re.escape(r)}(?![\w-])", text)]
    assert not found
    assert "The rule trace" not in short and 'id="part-answers"' not in short

    full = renderer.html(a, ReportOptions(annex=True))
    annex = full[full.index('<section class="part annex"') :]
    assert 'id="part-answers"' in annex and 'id="part-trace"' in annex
    for t in a.trace:
        if t.fired:
            assert f'<strong class="rule-id">{t.rule}</strong>' in annex
    # every answer given is listed, by its question
    for qid in a.answers:
        assert str(escape(scorer.pack.questions[qid].text)) in annex


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_no_sentence_of_more_than_six_words_twice_in_the_body(
    scorer, renderer, example: Path
) -> None:
    a = scorer.assess_file(example)
    for annex in (False, True):
        counts = collections.Counter(
            s for s in body_sentences(renderer.html(a, ReportOptions(annex=annex))) if words(s) > 6
        )
        assert [s for s, n in counts.items() if n > 1] == []


def test_body_sentences_finds_a_repeated_sentence() -> None:
    html = (
        "<body><p>Nothing here calls for a more expensive strategy.</p><h1>Title</h1>"
        "<div>Something else. Nothing here   calls for a more expensive strategy.</div>"
        "<p>Owner: Team lead · Effort: S (small)</p></body>"
    )
    counts = collections.Counter(body_sentences(html))
    assert counts["Nothing here calls for a more expensive strategy."] == 2
    assert counts["Something else."] == 1 and len(counts) == 2


def test_parts_flow_only_the_summary_and_the_annex_open_a_page() -> None:
    css = (TEMPLATES_DIR / "report.css").read_text()
    forced = re.findall(r"([^{}]+)\{[^}]*break-before:\s*page", css)
    assert sorted(" ".join(f.split()) for f in forced) == ["#part-summary, .part.annex"]


def test_cli_report_annex(tmp_path: Path) -> None:
    runner = CliRunner()
    answers = str(EXAMPLES / "regulated-enterprise.yaml")
    short, full = tmp_path / "short.html", tmp_path / "full.html"
    for html, extra in ((short, []), (full, ["--annex"])):
        result = runner.invoke(
            app, ["report", answers, "-o", str(tmp_path / "r.pdf"), "--html", str(html), *extra]
        )
        assert result.exit_code == 0, result.output
    assert "The rule trace" in full.read_text() and "The rule trace" not in short.read_text()
    pages = re.search(r"\((\d+) pages\)", result.output)
    assert pages and int(pages.group(1)) > MAX_PAGES  # the annex adds its pages to the twelve


def test_the_app_downloads_the_full_version() -> None:
    """The report page's PDF is the report with its annex (the caption by the button says so;
    tests/ui/test_pdf_download.py sees the queue asked for it); the facilitator's team report
    too."""
    from assessment.ui import facilitate, report

    for module in (report, facilitate):
        source = Path(module.__file__).read_text()
        assert "annex" in source, module.__name__
    assert "ReportOptions(annex=True" in Path(report.__file__).read_text()
    assert "replace(options, annex=True)" in Path(facilitate.__file__).read_text()


def test_a_note_bearing_on_no_finding_is_printed_once_without_the_annex(scorer, renderer) -> None:
    """The bank's closing note (a takeover next spring) bears on no finding: the short report,
    which has no answers list, still prints it once, on its own, and lists it in the contents."""
    a = scorer.assess_file(EXAMPLES / "regulated-enterprise.yaml")
    html = renderer.html(a, ReportOptions())
    assert 'id="part-annex"' not in html
    assert body_text(html).count("building society") == 1
    assert 'href="#part-notes"' in html and 'id="part-notes"' in html
    # without that note, no such part and no such contents line
    answers = {q: v for q, v in a.answers.items() if q != "comment"}
    plain = renderer.html(scorer.assess(scorer.check(answers), dict(a.meta)), ReportOptions())
    assert 'id="part-notes"' not in plain and 'href="#part-notes"' not in plain


def test_symptoms_all_unanswered_are_not_reported_as_rare(scorer, renderer) -> None:
    """Only the required questions answered: a pivot point whose symptoms are all unanswered
    lists them as asked, and never claims that none happens monthly."""
    a = scorer.assess(scorer.check({"developers": 12, "teams": 2, "regulated": False}))
    text = " ".join(body_text(renderer.html(a, ReportOptions())).split())
    assert "happens monthly or more often" not in text
    assert "Symptoms asked about: " in text


def long_actions(count: int = 12) -> list[dict[str, object]]:
    """`count` actions agreed in a workshop, each as long as the form allows (300 characters),
    with an owner and a question, spread over the three windows."""
    horizons = ("30d", "60d", "90d")
    return [
        {
            "text": (f"Action {n}: " + "agree the billing contract with the platform team " * 7)[
                :300
            ],
            "owner": f"Team lead of squad {n}",
            "horizon": horizons[n % 3],
            "about": "pp2_contract_tests",
        }
        for n in range(1, count + 1)
    ]


def test_long_actions_are_all_300_characters() -> None:
    assert {len(str(x["text"])) for x in long_actions()} == {300}


def test_a_team_report_bounds_the_agreed_actions_it_prints_and_says_how_many_more(
    example_workshops,
) -> None:
    """The twelve long actions: the first windows' print in full, up to the bound, and a line
    says how many more the JSON export holds; none is cut."""
    import dataclasses

    from assessment.report.context import bound_actions

    renderer, assessed, options = example_workshops("en")
    actions = long_actions()
    shown, more = bound_actions(actions)
    assert 0 < len(shown) < len(actions) and more == len(actions) - len(shown)
    html = renderer.html(assessed, dataclasses.replace(options, actions=actions))
    plan = html.split('id="part-steps"', 1)[1].split("</section>", 1)[0]
    printed = [x for x in actions if str(escape(x["text"])) in plan]
    assert sorted(printed, key=lambda x: x["text"]) == sorted(shown, key=lambda x: x["text"])
    assert plan.count("The team's own action, agreed in the workshop.") == len(shown)
    assert (
        f"{more} more actions agreed in the workshop are not printed here, to keep the report "
        "short; the team assessment's JSON export lists every one."
    ) in plan
    # a few short ones all print, and nothing is said of more
    few = renderer.html(assessed, dataclasses.replace(options, actions=long_actions()[:2]))
    assert "more action" not in few


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_team_report_with_many_long_actions_fits_twelve_pages(
    example_workshops, paper: str
) -> None:
    renderer, assessed, options = example_workshops("en")
    options = dataclasses.replace(options, paper=paper, actions=long_actions())
    rendered = renderer.render(assessed, options)
    assert rendered.pages <= MAX_PAGES
    document = _layout(renderer, rendered.html, paper)
    fills = [page_fill(p) for p in document.pages]
    thin = [(n, round(f, 2)) for n, f in enumerate(fills[1:-1], 2) if f < 1 / 3]
    assert not thin, f"pages less than a third full: {thin}"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_divided_room_s_team_report_fits_twelve_pages(lang: str) -> None:
    """Six people of one organisation who split evenly on every practice and every symptom:
    each choice of such a question drawn by turns, so that each is a tie, and the two role
    groups apart on many. The most any team report has to say about a room."""
    from assessment.services import workshops
    from assessment.store import Store

    scorer = workshops.pack_scorer(lang=lang)
    pack = scorer.pack
    base = dict(scorer.assess_file(EXAMPLES / "several-teams-contract-trouble.yaml").answers)
    base = {q: v for q, v in base.items() if pack.questions[q].type != "text"}
    profile = {q.id for q in pack.questionnaire.sections[0].questions}
    people = []
    for i in range(6):
        answers = dict(base)
        for qid, q in pack.questions.items():
            if qid in profile or q.type != "single":
                continue
            choices = [c.id for c in pack.choices(q) if not c.unknown]
            answers[qid] = choices[(i // 2 + i % 2 * 2) % len(choices)]
        people.append((("developer", "manager")[i % 2], answers))
    store = Store("sqlite://")
    workshop, _ = workshops.create_workshop(
        store, scorer, "Divided room", organization="Harbour", k=3, roles=[], own_results=False
    )
    store.add_finished_respondents(workshop.id, workshop.pack_id, workshop.pack_version, people)
    responses = store.responses(workshop.id)
    result = workshops.team(scorer, workshop, workshops.sent(responses))
    assert len(result.ties()) >= 10 and len(result.role_gaps) >= 5  # the room is divided
    assessed, options = workshops.team_report(scorer, workshop, responses, result)
    rendered = Renderer(pack).render(assessed, options)
    assert rendered.pages <= MAX_PAGES
