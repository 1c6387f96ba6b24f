from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's sign-in form with messages that exist in our Vietnamese catalog."""

    error_messages = {
        "invalid_login": _(
            "Wrong username or password. Both are case-sensitive; after 5 failed attempts "
            "the account is locked for 15 minutes."
        ),
        "inactive": _("This account has been disabled. Ask your administrator."),
    }


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )
