"""Getting in: the invitation link, the first-run page, password reset and change, and the
language switch (which also sets the language of the person's e-mails).

Password reset never tells whether an address exists: the "done" page reads the same for
every address, and the mail goes out through the mail task, so even the response time does
not depend on it.
"""

from django import forms
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from . import mail, services
from .errors import messages_of
from .models import Role, User


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_find(token=token)
    if invitation is None:
        return render(request, "registration/invitation_invalid.html", {"reason": "unknown"})
    if invitation.is_expired or not invitation.user.is_active:
        return render(
            request,
            "registration/invitation_invalid.html",
            {"reason": "expired", "organisation": invitation.organisation},
            status=410,
        )
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            for message in messages_of(exc):
                form.add_error(None, message)
        else:
            login(request, user, backend="werkplekleren.auth.EmailBackend")
            return redirect("welcome")
    return render(
        request, "registration/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@login_required
def welcome(request: HttpRequest) -> HttpResponse:
    """The first-run page: a few first steps for each role the person holds."""
    roles = request.user.roles
    return render(
        request,
        "registration/welcome.html",
        {
            "is_professional": Role.PROFESSIONAL in roles,
            "is_leidinggevende": Role.LEIDINGGEVENDE in roles,
            "is_lo": Role.LO in roles,
            "is_admin": Role.ADMIN in roles,
        },
    )


class ResetForm(PasswordResetForm):
    """Django's reset form; the mail goes out through our mail task in the person's
    language. People who never set a password (invited, link lost) may also reset."""

    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": gettext_lazy("Vul een geldig e-mailadres in."),
            "required": gettext_lazy("Vul je e-mailadres in."),
        },
    )

    def get_users(self, email):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def save(self, *args, token_generator=None, **kwargs):
        from django.contrib.auth.tokens import default_token_generator

        token_generator = token_generator or default_token_generator
        for user in self.get_users(self.cleaned_data["email"]):
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            link = mail.absolute_url(
                reverse(
                    "password_reset_confirm",
                    kwargs={"uidb64": uid, "token": token_generator.make_token(user)},
                )
            )
            with mail.language_of(user):
                subject = _("Een nieuw wachtwoord voor Werkplekleren+")
                text = _(
                    "Beste %(name)s,\n\n"
                    "Iemand (hopelijk jij) vroeg een nieuw wachtwoord aan voor je account. "
                    "Kies het met de link hieronder; hij werkt één keer.\n\n"
                    "Heb je niets aangevraagd? Dan kun je deze e-mail negeren: je wachtwoord "
                    "blijft zoals het is."
                ) % {"name": user.get_short_name()}
                label = _("Nieuw wachtwoord kiezen")
            mail.mail_queue(
                to=user,
                kind="password_reset",
                subject=subject,
                text=text,
                action_url=link,
                action_label=label,
            )


password_reset = auth_views.PasswordResetView.as_view(
    form_class=ResetForm, success_url=reverse_lazy("password_reset_done")
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    post_reset_login=True,
    post_reset_login_backend="werkplekleren.auth.EmailBackend",
    success_url=reverse_lazy("password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    success_url=reverse_lazy("password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view()


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and for someone logged in the language of their mails."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response
