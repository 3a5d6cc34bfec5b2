"""Writes for organisations, people, teams and roles.

Plain keyword-only functions, atomic, validating with ``full_clean()`` before saving.
"""

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import mail
from .models import (
    Invitation,
    Organisation,
    OutgoingMail,
    Role,
    RoleAssignment,
    SsoProvider,
    Team,
    User,
    WorkerHeartbeat,
)


@transaction.atomic
def organisation_create(*, name: str, slug: str) -> Organisation:
    organisation = Organisation(name=name, slug=slug)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def person_create(
    *,
    organisation: Organisation,
    email: str,
    name: str,
    team: Team | None = None,
    roles: Iterable[str] = (Role.PROFESSIONAL,),
    password: str | None = None,
) -> User:
    """Bring a person into an organisation with one or more roles.

    Without a password the account cannot log in until a password is set (e.g. by reset).
    """
    user = User(organisation=organisation, email=email.strip().lower(), name=name, team=team)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    for role in roles:
        role_grant(user=user, role=role)
    return user


@transaction.atomic
def role_grant(*, user: User, role: str) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        defaults={"organisation_id": user.organisation_id},  # type: ignore[misc]  # full_clean
    )
    assignment.full_clean()
    user.__dict__.pop("roles", None)  # drop the cached role set
    return assignment


@transaction.atomic
def team_create(
    *, organisation: Organisation, name: str, leidinggevende: User | None = None
) -> Team:
    team = Team(organisation=organisation, name=name, leidinggevende=leidinggevende)
    team.full_clean()
    team.save()
    return team


def worker_heartbeat_record(
    *, hostname: str, at: datetime | None = None, llm: dict | None = None
) -> WorkerHeartbeat:
    """A worker's sign of life, with the LLM configuration it drafts with (``llm``)."""
    defaults: dict[str, object] = {"seen_at": at or timezone.now()}
    if llm is not None:
        defaults["llm"] = llm
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:255], defaults=defaults
    )
    if llm is not None:
        from .llm import worker_report_cache_clear

        worker_report_cache_clear()  # screens read the new report at once
    return heartbeat


@transaction.atomic
def organisation_set_ai(
    *, organisation: Organisation, by: User, ai_enabled: bool, llm_model: str
) -> Organisation:
    """AI drafting on or off for the organisation, and which model (empty: the default)."""
    if by.organisation_id != organisation.pk or Role.ADMIN not in by.roles:
        raise PermissionDenied
    organisation.ai_enabled = ai_enabled
    organisation.llm_model = llm_model.strip()
    organisation.full_clean()
    organisation.save(update_fields=["ai_enabled", "llm_model"])
    return organisation


# --- Organisation admins: settings, teams, people (werkplekleren/beheer_views.py) ----------


def _require_admin(by: User, organisation: Organisation | None) -> None:
    """Only an active admin of this very organisation may run it."""
    if (
        organisation is None
        or not by.is_active
        or by.organisation_id != organisation.pk
        or Role.ADMIN not in by.roles
    ):
        raise PermissionDenied


@transaction.atomic
def organisation_update_settings(
    *,
    organisation: Organisation,
    by: User,
    hours_per_week,
    gesprek_interval_weeks: int,
    ai_enabled: bool,
    llm_model: str,
    groups_author_frames: bool = False,
) -> Organisation:
    """Hours made available per week, the default conversation cadence, AI and its model,
    and whether groups may make frames of their own."""
    _require_admin(by, organisation)
    organisation.hours_per_week = hours_per_week
    organisation.gesprek_interval_weeks = gesprek_interval_weeks
    organisation.ai_enabled = ai_enabled
    organisation.llm_model = llm_model.strip()
    organisation.groups_author_frames = bool(groups_author_frames)
    organisation.full_clean()
    organisation.save(
        update_fields=[
            "hours_per_week",
            "gesprek_interval_weeks",
            "ai_enabled",
            "llm_model",
            "groups_author_frames",
        ]
    )
    return organisation


def _make_leidinggevende(person: User | None, organisation: Organisation) -> None:
    if person is None:
        return
    if person.organisation_id != organisation.pk:
        raise ValidationError(
            {"leidinggevende": _("De leidinggevende hoort bij een andere organisatie.")}
        )
    role_grant(user=person, role=Role.LEIDINGGEVENDE)


@transaction.atomic
def team_set_up(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    leidinggevende: User | None = None,
    gesprek_interval_weeks: int | None = None,
    parent: Team | None = None,
) -> Team:
    """An admin creates a team; its leidinggevende gets that role if they lack it, and the
    cadence defaults to the organisation's. ``parent``: the team it falls under."""
    _require_admin(by, organisation)
    _make_leidinggevende(leidinggevende, organisation)
    team = Team(
        organisation=organisation,
        name=name.strip(),
        leidinggevende=leidinggevende,
        gesprek_interval_weeks=gesprek_interval_weeks or organisation.gesprek_interval_weeks,
        parent=parent,
    )
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def team_update(
    *,
    team: Team,
    by: User,
    name: str,
    leidinggevende: User | None,
    gesprek_interval_weeks: int,
    parent: Team | None = None,
) -> Team:
    """Rename a team, (re)assign its leidinggevende (granting the role), set its cadence and
    the team it falls under (accountability upward; never under itself or a team below)."""
    _require_admin(by, team.organisation)
    _make_leidinggevende(leidinggevende, team.organisation)
    team.name = name.strip()
    team.leidinggevende = leidinggevende
    team.gesprek_interval_weeks = gesprek_interval_weeks
    team.parent = parent
    team.full_clean()
    team.save(update_fields=["name", "leidinggevende", "gesprek_interval_weeks", "parent"])
    return team


@transaction.atomic
def person_deactivate(*, person: User, by: User) -> User:
    """The person can no longer log in (open sessions end: the auth backend refuses inactive
    users) and leaves colleague lists. Nothing they took part in is deleted: groups,
    sessions, ideas, proposals and conversations keep their rows."""
    _require_admin(by, person.organisation)
    if person.pk == by.pk:
        raise ValidationError(_("Je kunt jezelf niet deactiveren."))
    if person.is_active:
        person.is_active = False
        person.deactivated_at = timezone.now()  # the retention period counts from here
        person.save(update_fields=["is_active", "deactivated_at"])
    person.__dict__.pop("roles", None)
    return person


@transaction.atomic
def person_reactivate(*, person: User, by: User) -> User:
    _require_admin(by, person.organisation)
    if not person.is_active:
        person.is_active = True
        person.deactivated_at = None
        person.save(update_fields=["is_active", "deactivated_at"])
    person.__dict__.pop("roles", None)
    return person


@transaction.atomic
def person_update(*, person: User, name: str | None = None, team: Team | None = None) -> User:
    """Change a person's name and/or team (``None`` leaves it as it is)."""
    fields = []
    if name is not None and name != person.name:
        person.name = name
        fields.append("name")
    if team is not None and team.pk != person.team_id:
        person.team = team
        fields.append("team")
    if fields:
        person.full_clean()
        person.save(update_fields=fields)
    return person


@transaction.atomic
def people_create_bulk(
    *, organisation: Organisation, people: list[dict], batch_size: int = 500
) -> list[User]:
    """Many new people at once (the CSV import): ``{"email", "name", "team", "roles"}`` each,
    without a password. The caller has validated the rows as ``person_create``'s
    ``full_clean()`` would (address valid and free, name length, team of this organisation);
    the database's unique constraints still guard against a race."""
    users = []
    for data in people:
        user = User(
            organisation=organisation,
            email=data["email"].strip().lower(),
            name=data["name"],
            team=data.get("team"),
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=batch_size)
    if users and users[0].pk is None:  # a backend that returns no primary keys
        by_email = dict(
            User.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk")
        )
        for user in users:
            user.pk = by_email[user.email]
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(organisation=organisation, user=user, role=role)
            for user, data in zip(users, people, strict=True)
            for role in dict.fromkeys(data["roles"])
        ],
        batch_size=batch_size,
    )
    return users


# --- Invitations: a one-time link to set the first password ---------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_find(*, token: str) -> Invitation | None:
    """The open invitation with this token, or None (unknown, already used or replaced)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("user", "organisation")
        .filter(token_hash=_token_hash(token), accepted_at__isnull=True)
        .first()
    )


def _invitation_mail(invitation: Invitation, token: str) -> OutgoingMail:
    user, organisation = invitation.user, invitation.organisation
    link = mail.absolute_url(reverse("invitation_accept", args=[token]))
    sso = getattr(organisation, "sso_provider", None)
    with mail.language_of(user):
        until = formats.date_format(timezone.localtime(invitation.expires_at), "j F Y")
        subject = _("Welkom bij Werkplekleren+ van %(org)s") % {"org": organisation.name}
        text = _(
            "Beste %(name)s,\n\n"
            "Je bent uitgenodigd voor Werkplekleren+ van %(org)s: leren tijdens je werk, "
            "met je eigen groep.\n\n"
            "Kies met de link hieronder je wachtwoord; daarna ben je meteen ingelogd. De link "
            "werkt één keer en is geldig tot en met %(until)s."
        ) % {"name": user.get_short_name(), "org": organisation.name, "until": until}
        if sso is not None and sso.enabled and user.email.rsplit("@", 1)[-1] in sso.domains:
            text += "\n\n" + _(
                "Je kunt ook inloggen met %(provider)s: vul op de inlogpagina je e-mailadres "
                "in en kies 'Inloggen met %(provider)s'."
            ) % {"provider": sso.name}
        label = _("Wachtwoord kiezen")
    return mail.mail_render(
        to=user, kind="invitation", subject=subject, text=text, action_url=link, action_label=label
    )


@transaction.atomic
def invitation_send(*, invitation: Invitation) -> Invitation:
    """(Re)send: a new token (an earlier link stops working), a new validity period."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("Deze uitnodiging is al aangenomen."))
    if not invitation.user.is_active:
        raise ValidationError(_("Deze persoon is gedeactiveerd."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = _token_hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.send_count += 1
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "send_count"])
    mail.mail_queue_many([_invitation_mail(invitation, token)])
    return invitation


@transaction.atomic
def invitations_create(
    *, users: list[User], by: User | None, send: bool = True
) -> list[Invitation]:
    """Open an invitation for each of ``users`` (new people, without a password). Sending
    happens in the worker (``tasks.send_invitations``), after commit, so an import of
    thousands of people does not render thousands of mails inside the request."""
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(organisation_id=u.organisation_id, user=u, invited_by=by)
            for u in users
            if u.organisation_id
        ],
        batch_size=500,
        ignore_conflicts=True,  # someone already invited keeps their invitation
    )
    if send and invitations:
        ids = list(
            Invitation.objects.filter(
                user__in=[u.pk for u in users], sent_at__isnull=True
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: _enqueue_invitations(ids))
    return invitations


def _enqueue_invitations(ids: list[int]) -> None:
    from .tasks import send_invitations

    try:
        send_invitations.delay(ids)
    except Exception:
        # The broker is down: the admin sees them as "not sent yet" and can send them.
        logging.getLogger(__name__).exception("Invitations %s not enqueued", len(ids))


INVITATION_CHUNK = 200


def invitations_send_pending(*, invitation_ids: list[int]) -> int:
    """The worker's half of ``invitations_create``: send each invitation not sent yet."""
    sent = 0
    for start in range(0, len(invitation_ids), INVITATION_CHUNK):
        chunk = invitation_ids[start : start + INVITATION_CHUNK]
        # One transaction per chunk: a commit per mail would cost more than the mail.
        with transaction.atomic():
            for invitation in Invitation.objects.filter(
                pk__in=chunk, sent_at__isnull=True, accepted_at__isnull=True
            ).select_related("user", "organisation", "organisation__sso_provider"):
                try:
                    with transaction.atomic():
                        invitation_send(invitation=invitation)
                except ValidationError:
                    continue
                sent += 1
    return sent


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    _require_admin(by, invitation.organisation)
    return invitation_send(invitation=invitation)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Set the first password and close the invitation (the caller logs the person in).
    ``password`` has passed Django's password validators (``SetPasswordForm``)."""
    locked = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise ValidationError(_("Deze uitnodiging is al gebruikt. Log in met je wachtwoord."))
    if locked.is_expired:
        raise ValidationError(_("Deze uitnodiging is verlopen."))
    if not locked.user.is_active:
        raise ValidationError(_("Dit account is gedeactiveerd."))
    user = locked.user
    user.set_password(password)
    user.save(update_fields=["password"])
    locked.accepted_at = timezone.now()
    locked.token_hash = ""
    locked.save(update_fields=["accepted_at", "token_hash"])
    return user


def invitation_close_on_login(*, user: User) -> None:
    """Whoever logs in (password reset, single sign-on) has arrived: the invitation is done."""
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), token_hash=""
    )


@transaction.atomic
def person_invite(
    *,
    organisation: Organisation,
    by: User,
    email: str,
    name: str,
    team: Team | None = None,
    roles: Iterable[str] = (Role.PROFESSIONAL,),
) -> User:
    """An admin adds one person; they receive an invitation e-mail."""
    _require_admin(by, organisation)
    if User.objects.filter(email__iexact=email.strip()).exists():
        raise ValidationError({"email": _("Er is al een account met dit e-mailadres.")})
    user = person_create(
        organisation=organisation, email=email, name=name.strip(), team=team, roles=roles
    )
    invitations_create(users=[user], by=by)
    return user


@transaction.atomic
def organisation_start(
    *, name: str, slug: str, admin_email: str, admin_name: str, by: User | None = None
) -> tuple[Organisation, User]:
    """A platform operator creates an organisation and its first organisation admin, who
    is sent an invitation (``manage.py organisation_create`` and the superuser page)."""
    if by is not None and not (by.is_active and by.is_superuser):
        raise PermissionDenied
    if User.objects.filter(email__iexact=admin_email.strip()).exists():
        raise ValidationError({"admin_email": _("Er is al een account met dit e-mailadres.")})
    organisation = organisation_create(name=name.strip(), slug=slug.strip())
    admin = person_create(
        organisation=organisation,
        email=admin_email,
        name=admin_name.strip(),
        roles=[Role.ADMIN],
    )
    invitations_create(users=[admin], by=None)
    return organisation, admin


@transaction.atomic
def person_unlock(*, person: User, by: User) -> int:
    """Lift a lock-out after too many failed logins (django-axes) for this account."""
    from axes.utils import reset

    _require_admin(by, person.organisation)
    return reset(username=person.email)


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    """The language switch also sets the language of the person's e-mails."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# --- Single sign-on (werkplekleren/sso.py) --------------------------------------------------


@transaction.atomic
def sso_provider_save(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    allowed_domains: str,
    enabled: bool,
) -> SsoProvider:
    """An admin sets up (or changes) their organisation's OpenID Connect provider. The
    issuer's discovery document is fetched now, so a typo shows at once. An empty
    ``client_secret`` keeps the stored one."""
    from . import sso

    _require_admin(by, organisation)
    provider = SsoProvider.objects.filter(organisation=organisation).first() or SsoProvider(
        organisation=organisation
    )
    provider.name = name.strip()
    provider.issuer = issuer.strip().rstrip("/")
    provider.client_id = client_id.strip()
    provider.allowed_domains = ", ".join(
        dict.fromkeys(
            d.strip().lower().lstrip("@") for d in allowed_domains.split(",") if d.strip()
        )
    )
    provider.enabled = enabled
    if client_secret:
        provider.client_secret_encrypted = sso.encrypt(client_secret.strip())
    if not provider.domains:
        raise ValidationError({"allowed_domains": _("Noem minstens één e-maildomein.")})
    for domain in provider.domains:
        if domain.count(".") < 1 or " " in domain:
            raise ValidationError(
                {"allowed_domains": _("%(domain)s is geen e-maildomein.") % {"domain": domain}}
            )
        other = sso.provider_for_email(f"x@{domain}")
        if other is not None and other.organisation_id != organisation.pk:
            raise ValidationError(
                {
                    "allowed_domains": _(
                        "Het domein %(domain)s gebruikt al een andere organisatie."
                    )
                    % {"domain": domain}
                }
            )
    provider.full_clean()
    config = sso.discover(provider.issuer)
    provider.authorization_endpoint = config["authorization_endpoint"]
    provider.token_endpoint = config["token_endpoint"]
    provider.userinfo_endpoint = config.get("userinfo_endpoint") or ""
    provider.jwks_uri = config["jwks_uri"]
    provider.full_clean()
    provider.save()
    return provider
