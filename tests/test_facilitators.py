"""Who may facilitate when sign-in is on, what identity is kept, and names shown as typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.report.text import WORD_JOINER, markdown_literal
from assessment.services.facilitators import parse_allowlist, signed_in


def test_an_empty_list_admits_every_signed_in_user() -> None:
    for text in (None, "", " , ;"):
        listing = parse_allowlist(text)
        assert listing.open and listing.admits(None) and listing.admits("x@y.z", False)


def test_addresses_and_domains_are_matched_without_case() -> None:
    listing = parse_allowlist(" Ana@Example.org; @Consult.example ,")
    assert listing.admits("ana@example.org") and listing.admits("ANA@EXAMPLE.ORG ")
    assert listing.admits("ben@consult.example", True)
    assert not listing.admits("ben@example.org")
    assert not listing.admits("ana@example.org.evil.example")
    assert not listing.admits("ben@sub.consult.example")  # a domain means that domain only
    assert not listing.admits("consult.example") and not listing.admits(None)


def test_an_address_the_provider_calls_unverified_does_not_count() -> None:
    listing = parse_allowlist("ana@example.org")
    assert listing.admits("ana@example.org", None)  # the provider said nothing
    assert not listing.admits("ana@example.org", False)


def test_the_identity_needs_an_issuer_and_a_subject() -> None:
    claims = {"is_logged_in": True, "iss": "https://id.example.org", "sub": "42"}
    person = signed_in({**claims, "email": "ana@example.org", "email_verified": "yes"})
    assert person is not None and person.label == "ana@example.org" and person.verified is None
    assert signed_in({**claims, "name": "Ana"}).label == "Ana"  # type: ignore[union-attr]
    assert signed_in({**claims, "is_logged_in": False}) is None
    assert signed_in({**claims, "sub": ""}) is None
    assert signed_in({k: v for k, v in claims.items() if k != "iss"}) is None
    assert signed_in({}) is None


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("**Kick-off**", "\\*\\*Kick-off\\*\\*"),
        ("- a list? 1. no", "\\- a list? 1. no"),
        ("2026. A year", "2026\\. A year"),
        ("![x](https://t.example/p.png)", "!\\[x\\]\\(https\u2060\\://t.example/p.png\\)"),
        ("www.t.example a@t.example", "www\u2060.t.example a\u2060\\@t.example"),
        (":red[alert] :material/home:", "\\:red\\[alert\\] \\:material/home\\:"),
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
        ("a\n\n# b", "a \\# b"),
    ],
)
def test_markdown_literal(typed: str, shown: str) -> None:
    assert markdown_literal(typed) == shown


@given(st.text(max_size=60))
def test_markdown_literal_only_adds_backslashes_and_joiners(text: str) -> None:
    escaped = markdown_literal(text)
    shown = escaped.replace("\\", "").replace(WORD_JOINER, "")  # the joiner breaks bare links
    assert shown == " ".join(text.split()).replace("\\", "").replace(WORD_JOINER, "")
