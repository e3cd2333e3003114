"""The export's order (P1, P2, ...) gives away nobody's join order: not directly, and not
through anything the facilitator knows or can work out (sequential ids, the key, the count
they watched grow). Markers imported before and after the room, which pin down the ids the
room got, must not help either."""

from __future__ import annotations

import csv
import hashlib
import io
import statistics

from assessment.services.workshops import responses_csv_text
from assessment.store import Store

ROOM = 8  # participants who join in the room, between the markers
MARKERS = 3  # imported before, and as many after
WORKSHOPS = 40


def _run(store: Store, scorer) -> tuple[list[int], list[int]]:
    """One workshop: markers, a room joining one by one, markers again. Returns each exported
    row's join position (0 first), in export order, and the respondent ids in join order."""
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    marker = [(None, {"developers": 900 + i}) for i in range(MARKERS)]
    store.add_finished_respondents(workshop.id, "ai-scaling", "1.0.0", marker)
    for position in range(ROOM):
        person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id)
        store.save_answer(person.token, "developers", 100 + position)
        store.mark_finished(person.token)
    after = [(None, {"developers": 950 + i}) for i in range(MARKERS)]
    store.add_finished_respondents(workshop.id, "ai-scaling", "1.0.0", after)
    finished = [r for r in store.responses(workshop.id) if r.finished]
    return _exported(scorer, finished), [r.respondent_id for r in finished]


def _exported(scorer, finished) -> list[int]:
    text = responses_csv_text(scorer, finished, 3)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["respondent"] for r in rows] == [f"P{n}" for n in range(1, len(rows) + 1)]
    return [_position(int(r["developers"])) for r in rows]


def _position(developers: int) -> int:
    """Join position from the marking answer: markers 0..2, the room 3..10, markers 11..13."""
    if developers >= 950:
        return MARKERS + ROOM + developers - 950
    if developers >= 900:
        return developers - 900
    return MARKERS + developers - 100


def _spearman(xs: list[int]) -> float:
    """Rank correlation between export rank and join position (both are permutations)."""
    n = len(xs)
    return 1 - 6 * sum((i - x) ** 2 for i, x in enumerate(xs)) / (n * (n * n - 1))


def test_export_order_does_not_follow_join_order(tmp_path, scorer) -> None:
    with Store(f"sqlite:///{tmp_path / 'order.db'}") as store:
        runs = [_run(store, scorer)[0] for _ in range(WORKSHOPS)]
    correlations = [_spearman(order) for order in runs]
    assert abs(statistics.mean(correlations)) < 0.15, correlations
    # the markers do not all sit together at either end
    ends = [
        set(order[:MARKERS]) == set(range(MARKERS)) or set(order[-MARKERS:]) == set(range(MARKERS))
        for order in runs
    ]
    assert sum(ends) <= 2
    # where the first participant in the room lands is spread over the whole export
    first = [order.index(MARKERS) for order in runs]
    assert len(set(first)) >= 8


def test_export_order_cannot_be_recomputed_from_the_ids_the_markers_reveal(
    tmp_path, scorer
) -> None:
    """Regression: the order was a hash of the sequential respondent ids, so a facilitator who
    knew (from markers) which ids the room got could recompute every participant's place."""
    guessed = total = 0
    with Store(f"sqlite:///{tmp_path / 'order.db'}") as store:
        for _ in range(WORKSHOPS):
            order, ids = _run(store, scorer)
            predicted = sorted(
                range(len(ids)), key=lambda i: hashlib.sha256(f"row:{ids[i]}".encode()).hexdigest()
            )
            guessed += sum(p == o for p, o in zip(predicted, order, strict=True))
            total += len(order)
    assert guessed / total < 0.25  # chance is 1 in 14; the old order was guessed every time


def test_same_history_in_two_databases_exports_in_different_orders(tmp_path, scorer) -> None:
    """Nothing the two databases share (ids, timings, answers) decides the order."""
    orders = []
    for n in range(6):
        with Store(f"sqlite:///{tmp_path / f'db{n}.db'}") as store:
            orders.append(tuple(_run(store, scorer)[0]))
    assert len(set(orders)) == len(orders)


def test_export_order_is_the_same_in_every_export_of_the_same_responses(
    store: Store, scorer
) -> None:
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    store.add_finished_respondents(
        workshop.id, "ai-scaling", "1.0.0", [(None, {"developers": n}) for n in range(1, 8)]
    )
    first = responses_csv_text(scorer, store.responses(workshop.id), 3)
    again = responses_csv_text(scorer, store.responses(workshop.id), 3)
    assert first == again
