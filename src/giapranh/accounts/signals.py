"""Security events of accounts (tokens, two-step sign-in, role and agency changes).

Accounts sits below the records layer and does not import it: it announces the
event, and the records layer's receiver (`core.signals`) writes it to the access
log in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

security_event = Signal()


def security_event_log(*, actor: Any, action: str, **fields: Any) -> None:
    """Announce one security event (`action` is an access-log action, e.g. "token_created")."""
    security_event.send(sender=None, actor=actor, action=action, **fields)
