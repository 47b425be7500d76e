"""Logins. Throttling (django-axes): a username tried from one address is locked out for
LOGIN_COOLOFF_MINUTES after LOGIN_FAILURE_LIMIT wrong passwords, on /dang-nhap/ and on the admin's
login alike, since both authenticate through these backends. Password reset: Django's views."""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses every login of a locked-out username and address, the right password included.

    A login without a request (the test client's `login()`, a management command) comes from no
    address and cannot be throttled; it goes on to the next backend, as before axes."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The address a login came from. Behind the reverse proxy (BEHIND_PROXY) every request comes
    from the proxy itself; the client's address is the one the proxy appended last to
    X-Forwarded-For (earlier entries are whatever the client sent)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets instead of the login form (HTTP 429)."""
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)


class ResetRequestForm(PasswordResetForm):
    """Django's form, its address field drawn as the site's other text inputs (hdnd.css styles
    text and password inputs), with the e-mail keyboard on phones."""

    email = forms.EmailField(
        max_length=254, widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"})
    )
