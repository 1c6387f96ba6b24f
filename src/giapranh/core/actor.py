"""The acting user as the records layer sees it.

Views and API handlers run behind sign-in, so the records layer types its
actors as the project's `User`, not Django's `AbstractBaseUser | AnonymousUser`;
`actor_of` is the one place the request's user is narrowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:
    from giapranh.accounts.models import User as Actor
else:
    Actor = object


def actor_of(request: HttpRequest) -> Actor:
    """The signed-in user of a request (views and handlers require sign-in before calling this)."""
    return cast("Actor", request.user)
