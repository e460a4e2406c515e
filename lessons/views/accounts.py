"""Signing up; signing in and out and passwords are django.contrib.auth's views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from lessons.forms import SignUpForm
from lessons.services.accounts import sign_up


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("lessons:home")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = sign_up(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user)
            messages.success(
                request, f"Welcome, {user.get_username()}: you are signed in."
            )
            return redirect(next_url or "lessons:home")
    if form.errors:
        # The error summary takes the focus (tally.js), not the first field.
        for field in form.fields.values():
            field.widget.attrs.pop("autofocus", None)
    return render(request, "registration/signup.html", {"form": form, "next": next_url})
