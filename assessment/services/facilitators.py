"""Who may run workshops when facilitators sign in with OpenID Connect.

`PIVOTPOINT_FACILITATORS` lists the e-mail addresses (``ana@example.org``) and whole domains
(``@example.org``) whose signed-in users may create and run workshops. Empty or unset: anyone
the configured provider signs in. An address counts only when the provider has not said it
is unverified.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessment import settings


@dataclass(frozen=True)
class Allowlist:
    addresses: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @property
    def open(self) -> bool:
        """True when nobody is listed, so that every signed-in user may facilitate."""
        return not self.addresses and not self.domains

    def admits(self, email: object, verified: object = None) -> bool:
        if self.open:
            return True
        if not isinstance(email, str) or "@" not in email or verified is False:
            return False
        address = email.strip().lower()
        return address in self.addresses or address.rsplit("@", 1)[1] in self.domains


def parse_allowlist(text: str | None) -> Allowlist:
    """'ana@example.org, @example.com' -> an allowlist; blanks and spaces are ignored."""
    addresses: set[str] = set()
    domains: set[str] = set()
    for item in (text or "").replace(";", ",").split(","):
        entry = item.strip().lower()
        if not entry:
            continue
        if entry.startswith("@"):
            domains.add(entry[1:])
        else:
            addresses.add(entry)
    return Allowlist(frozenset(addresses), frozenset(domains))


def allowlist() -> Allowlist:
    return parse_allowlist(settings.facilitators())


@dataclass(frozen=True)
class SignedIn:
    """A signed-in user as the provider described them."""

    issuer: str
    subject: str
    email: str | None
    name: str | None
    verified: bool | None

    @property
    def label(self) -> str:
        return self.name or self.email or "your account"


def signed_in(claims: Mapping[str, object]) -> SignedIn | None:
    """The identity in an ID token's claims, or None without an issuer and subject."""
    if claims.get("is_logged_in") is not True:
        return None
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not isinstance(issuer, str) or not isinstance(subject, str) or not issuer or not subject:
        return None
    email, name, verified = claims.get("email"), claims.get("name"), claims.get("email_verified")
    return SignedIn(
        issuer,
        subject,
        email if isinstance(email, str) and email else None,
        name if isinstance(name, str) and name else None,
        verified if isinstance(verified, bool) else None,
    )
