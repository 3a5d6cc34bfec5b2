"""Writes for organisations, people, teams and roles.

Plain keyword-only functions, atomic, validating with ``full_clean()`` before saving.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Organisation, Role, RoleAssignment, Team, User, WorkerHeartbeat


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
        user=user, role=role, defaults={"organisation_id": user.organisation_id}
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


def worker_heartbeat_record(*, hostname: str, at: datetime | None = None) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:255], defaults={"seen_at": at or timezone.now()}
    )
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
