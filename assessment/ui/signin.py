"""Facilitator sign-in with OpenID Connect (`st.login`), on when the app's secrets have an
`[auth]` section. A signed-in facilitator opens their own workshops without a key; who may
facilitate is narrowed by `PIVOTPOINT_FACILITATORS` (see `assessment.services.facilitators`)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from assessment.i18n import _
from assessment.report.text import markdown_literal
from assessment.services.facilitators import SignedIn, allowlist, signed_in
from assessment.store import owner_id

# settings of the default provider that are tables themselves, not named providers
_PROVIDER_SETTINGS = {"client_kwargs", "server_metadata"}


def enabled() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def providers() -> list[str | None]:
    """The configured providers: None for the default one, else the names of [auth.NAME]."""
    auth: Mapping[str, object] = st.secrets["auth"]
    named = [
        str(name)
        for name, value in auth.items()
        if isinstance(value, Mapping) and name not in _PROVIDER_SETTINGS
    ]
    default: list[str | None] = [None] if "client_id" in auth or not named else []
    return default + sorted(named)


def user() -> SignedIn | None:
    """Who is signed in, when sign-in is configured and someone is."""
    if not enabled():
        return None
    return signed_in(st.user.to_dict())


def owner() -> str | None:
    """The stored identity of the signed-in facilitator, when they may facilitate."""
    person = user()
    if person is None or not allowlist().admits(person.email, person.verified):
        return None
    return owner_id(person.issuer, person.subject)


def bar() -> SignedIn | None:
    """Say who is signed in (with a way out) or offer to sign in. Returns the signed-in
    facilitator when they may run workshops."""
    person = user()
    if person is None:
        st.info(
            _(
                "Sign in to create workshops and to open yours without a key. A facilitator key "
                "still opens any workshop."
            ),
            icon=":material/login:",
        )
        cols = st.columns(max(len(providers()), 1))
        for col, provider in zip(cols, providers(), strict=False):
            label = (
                _("Sign in")
                if provider is None
                else _("Sign in with {provider}").format(provider=provider.title())
            )
            if col.button(label, type="primary", key=f"login:{provider}"):
                if provider is None:
                    st.login()
                else:
                    st.login(provider)
        return None
    allowed = allowlist().admits(person.email, person.verified)
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(_("Signed in as {name}").format(name=markdown_literal(person.label)))
    if right.button(_("Sign out"), key="logout"):
        st.logout()
    if not allowed:
        st.warning(
            (
                _(
                    "{email} is not on this app's list of facilitators. Ask whoever runs the app "
                    "to add it, or open a workshop with its key."
                ).format(email=markdown_literal(person.email))
                if person.email
                else _(
                    "This account is not on this app's list of facilitators. Ask whoever runs "
                    "the app to add it, or open a workshop with its key."
                )
            ),
            icon=":material/block:",
        )
        return None
    return person
