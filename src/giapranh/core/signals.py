"""Sign-in events go to the access log — never the password, never the IP of a person."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from giapranh.accounts.signals import security_event
from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction


@receiver(user_logged_in)
def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    access_log_append(actor=user, action=AccessAction.LOGIN)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        access_log_append(actor=user, action=AccessAction.LOGOUT)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # `credentials` already has the password masked by Django; keep only the username.
    access_log_append(actor=None, actor_username=str(credentials.get("username", "")), action=AccessAction.LOGIN_FAILED)


@receiver(user_locked_out)
def _on_locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    access_log_append(actor=None, actor_username=username or "", action=AccessAction.LOCKED_OUT)


@receiver(security_event)
def _on_security_event(sender: Any, actor: Any, action: str, signal: Any = None, **fields: Any) -> None:
    access_log_append(actor=actor, action=AccessAction(action), **fields)
