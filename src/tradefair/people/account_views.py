"""Choosing a password: the link of the confirmation e-mail, of a staff invitation and of
"forgot password" all open Django's set-password page, in the visitor's language, and
every link in those e-mails starts with the site's address (settings.SITE_URL)."""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy

from tradefair.common.languages import LANGUAGE_CODES
from tradefair.common.rate_limits import RateLimited, check_rate


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, except that an account which never had a password (a registrant,
    gate staff) may also ask for the link: choosing the first password is the same act
    as choosing a new one. Erased accounts are inactive and have no address."""

    def get_users(self, email):
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True).exclude(email="")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "people/password_reset_form.html"
    email_template_name = "people/email/password_reset.txt"
    subject_template_name = "people/email/password_reset_subject.txt"
    success_url = reverse_lazy("people:password_reset_done")

    def post(self, request, *args, **kwargs):
        try:
            check_rate(request, "registration")
        except RateLimited as error:
            return render(request, "common/rate_limited.html", {"message": error.message}, status=429)
        return super().post(request, *args, **kwargs)

    def get_extra_email_context(self):
        return {"site_url": settings.SITE_URL.rstrip("/")}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "people/password_reset_done.html"


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "people/password_set.html"
    success_url = reverse_lazy("people:password_reset_complete")

    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        # Django moves the token out of the address with a redirect; the language the
        # e-mail's link asked for goes along.
        language = self.request.GET.get("lang", "")
        if isinstance(response, HttpResponseRedirect) and language in LANGUAGE_CODES:
            response["Location"] += f"?lang={language}"
        return response


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "people/password_set_done.html"
