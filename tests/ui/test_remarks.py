"""Questions for the discussion (`assessment.ui.remarks`): participants put them to the room
after sending and vote for others'; the projector shows them most voted first, as plain text,
once k have sent; the facilitator can hide one from everyone."""

from __future__ import annotations

import html

from streamlit.testing.v1 import AppTest

from assessment.store import Store
from assessment.ui import present
from tests.ui.test_app import click, no_exception, opened
from tests.ui.test_dashboard import dashboard, page_dump


def room(k: int = 3) -> tuple[Store, object, str, list[str]]:
    """A workshop with three participants, none of whom has sent yet; its key and their
    tokens."""
    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=k)
    tokens = []
    for _ in range(3):
        person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id)
        for qid, value in (("developers", 4), ("teams", 1), ("regulated", False)):
            store.save_answer(person.token, qid, value)
        tokens.append(person.token)
    return store, workshop, key, tokens


def sent_page(store: Store, token: str) -> AppTest:
    store.mark_finished(token)
    at = opened(token, "survey.py")
    assert at.header[0].value == "Thank you"
    return at


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_a_participant_puts_a_question_to_the_room_and_votes_for_another(data_dir) -> None:
    store, workshop, _, (ann, ben, cat) = room()
    at = sent_page(store, ann)
    at.text_input[0].set_value("Who owns the <b>review</b> rules?")
    click(at, "Put it to the room")
    # before k have sent, a participant sees only their own, and why the rest waits
    assert texts(at) == ["Who owns the <b>review</b> rules?"]  # as typed, never as markup
    assert any("shown once 3 people have sent" in c.value for c in at.caption)
    store.add_remark(workshop.id, ben, "Is CI enough?")
    store.mark_finished(ben)
    store.mark_finished(cat)
    at.run()
    no_exception(at)
    assert sorted(texts(at)) == ["Is CI enough?", "Who owns the <b>review</b> rules?"]
    labels = [b.label for b in at.button]
    assert labels.count("Take back") == 1 and labels.count("Vote") == 1
    click(at, "Vote")
    assert [(r.text, r.votes) for r in store.remarks(workshop.id)][0] == ("Is CI enough?", 1)
    assert "Voted" in [b.label for b in at.button]
    click(at, "Voted")  # pressed again: the vote is taken back
    assert store.remarks(workshop.id)[0].votes == 0
    click(at, "Take back")
    assert [r.text for r in store.remarks(workshop.id)] == ["Is CI enough?"]


def test_an_empty_or_sixth_remark_is_refused_with_why_and_nothing_is_lost(data_dir) -> None:
    store, workshop, _, (ann, *_) = room()
    for n in range(5):
        store.add_remark(workshop.id, ann, f"Question {n}")
    at = sent_page(store, ann)
    click(at, "Put it to the room")
    assert any("write the question or comment first" in e.value for e in at.error)
    at.text_input[0].set_value("A sixth")
    click(at, "Put it to the room")
    assert any("remove one to add another" in e.value for e in at.error)
    assert len(store.remarks(workshop.id)) == 5


def test_the_projector_shows_the_room_s_questions_most_voted_first_as_plain_text(
    data_dir,
) -> None:
    store, workshop, key, (ann, ben, cat) = room()
    store.add_remark(workshop.id, ann, "Early, few votes")
    popular = store.add_remark(workshop.id, ben, "Who signs <script>x</script> off?")
    store.vote_remark(workshop.id, popular.id, ann)
    store.vote_remark(workshop.id, popular.id, cat)
    at = dashboard(workshop.code, key)
    at.session_state[present.VIEW] = present.PRESENTER
    at.run()
    no_exception(at)
    shown = page_dump(at)
    assert "Questions from the room" in [s.value for s in at.subheader]
    assert "2 waiting" in shown and "Who signs" not in shown  # below k sent: held back
    for token in (ann, ben, cat):
        store.mark_finished(token)
    at.run()
    shown = page_dump(at)
    assert html.escape("Who signs <script>x</script> off?") in shown and "<script>x" not in shown
    assert shown.index("2 votes") < shown.index("Early, few votes")
    # during the walk-through they are one click away, under the slide
    at.session_state[present.VIEW] = present.WALK
    at.run()
    no_exception(at)
    assert "Questions from the room" in [e.label for e in at.expander]
    assert html.escape("Who signs <script>x</script> off?") in page_dump(at)


def test_a_remark_the_facilitator_hides_leaves_the_projector_and_the_phones(data_dir) -> None:
    store, workshop, key, tokens = room()
    for token in tokens:
        store.mark_finished(token)
    store.add_remark(workshop.id, tokens[0], "Not for the projector")
    store.add_remark(workshop.id, tokens[1], "A fair question")
    at = dashboard(workshop.code, key)
    assert "Questions from the room" in [s.value for s in at.subheader]
    hide = next(
        b
        for b in at.button
        if b.label == "Hide" and b.key == f"remark_hide_{store.remarks(workshop.id)[0].id}"
    )
    hide.click().run()
    no_exception(at)
    assert [r.text for r in store.remarks(workshop.id) if r.hidden] == ["Not for the projector"]
    assert "Show" in [b.label for b in at.button]  # the facilitator can take it back
    at.session_state[present.VIEW] = present.PRESENTER
    at.run()
    shown = page_dump(at)
    assert "A fair question" in shown and "Not for the projector" not in shown
    phone = opened(tokens[2], "survey.py")
    assert texts(phone) == ["A fair question"]
