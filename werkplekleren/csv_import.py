"""Bringing people into an organisation from a CSV file: parse, plan (the preview), apply.

The file has the columns *naam, e-mail, team, rollen* (English headers work too; without a
recognised header row the columns are taken in that order). UTF-8 with or without BOM;
comma or semicolon as delimiter (whichever the first line uses most). Roles are separated
by ";" or "," (quote the cell when the same character is the delimiter) and may be written
as ``professional``, ``leidinggevende``, ``lo``, ``admin`` or as the Dutch labels
(``L&O``, ``Organisatiebeheerder``, ``beheerder``…).

What a row does, decided by ``build_plan`` and shown on the preview page:

- a new e-mail address: a new person (without a password: they set one by reset), with the
  roles given, or *professional* when the roles cell is empty;
- a known address of this organisation: the name and team are updated when given and
  different; roles in the file are **added**, never taken away (the import cannot strip
  someone — or the admin doing it — of a role; an empty cell changes nothing);
- a team name that does not exist yet (case-insensitive match): the team is created, with
  the organisation's default conversation cadence; the preview says so;
- rows with an error are skipped and listed with the reason.

Applying the same file twice changes nothing the second time: every row is then
"unchanged". ``apply_plan`` runs in one transaction and one request; it is meant for files
up to ``MAX_ROWS`` rows: new people are inserted in batches of ``CHUNK``
(``services.people_create_bulk``, ≈1 s for 5000 on SQLite), changed people one by one
through the services (a few queries each). Existing people are looked up
``CHUNK`` addresses at a time so the number of queries of the preview does not grow per row.

Between preview and apply the upload is kept model-free: the decoded text and its SHA-256
sit in the admin's session (database-backed), and the preview form carries a signed token
of that hash and the organisation. Apply checks the token against the session, so it
applies exactly the file that was previewed, and plans it again against the database as it
is then (someone may have changed things in between; the result is reported).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from . import services
from .models import Organisation, Role, RoleAssignment, Team, User

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
CHUNK = 500
TOKEN_SALT = "werkplekleren.csv_import"
TOKEN_MAX_AGE = 60 * 60  # seconds a preview stays valid

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"

HEADERS = {
    "name": {"naam", "name", "volledige naam", "full name"},
    "email": {"e-mail", "email", "e-mailadres", "emailadres", "mail", "e-mail address"},
    "team": {"team", "afdeling"},
    "roles": {"rollen", "roles", "rol", "role"},
}
COLUMNS = ["name", "email", "team", "roles"]

ROLE_WORDS = {
    Role.PROFESSIONAL: {"professional", "professionals", "prof"},
    Role.LEIDINGGEVENDE: {"leidinggevende", "leidinggevenden", "manager", "teamleider"},
    Role.LO: {"lo", "l&o", "l & o", "l en o", "leren en ontwikkelen", "leren & ontwikkelen"},
    Role.ADMIN: {"admin", "beheerder", "organisatiebeheerder", "beheer"},
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (the message is for the admin)."""


def _role_lookup() -> dict[str, str]:
    lookup = {word: role for role, words in ROLE_WORDS.items() for word in words}
    for role in Role:
        lookup[str(role.label).lower()] = role.value
    return lookup


def parse_roles(cell: str) -> tuple[list[str], list[str]]:
    """``"Professional; L&O"`` → (["professional", "lo"], []); unknown words come second."""
    lookup = _role_lookup()
    roles: list[str] = []
    unknown: list[str] = []
    for word in re.split(r"[;,]", cell or ""):
        word = " ".join(word.split()).lower()
        if not word:
            continue
        role = lookup.get(word)
        if role is None:
            unknown.append(word)
        elif role not in roles:
            roles.append(role)
    return roles, unknown


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise ImportFileError(
            _("Het bestand is te groot (hoogstens %(mb)s MB).") % {"mb": MAX_BYTES // 2**20}
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("Het bestand is geen UTF-8. Sla het op als ‘CSV UTF-8’ en probeer het opnieuw.")
        ) from exc


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_token(*, organisation: Organisation, text: str) -> str:
    return signing.dumps({"o": organisation.pk, "h": content_hash(text)}, salt=TOKEN_SALT)


def token_matches(token: str, *, organisation: Organisation, text: str) -> bool:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return data == {"o": organisation.pk, "h": content_hash(text)}


@dataclass
class Row:
    line: int
    name: str = ""
    email: str = ""
    team: str = ""
    roles: list[str] = field(default_factory=list)
    status: str = UNCHANGED
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_team: bool = False
    raw_roles: str = ""
    person: User | None = None

    def role_labels(self) -> str:
        return ", ".join(str(Role(r).label) for r in self.roles)


@dataclass
class Plan:
    rows: list[Row]
    new_teams: list[str]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        counts = {s: self.count(s) for s in (NEW, CHANGED, UNCHANGED, ERROR)}
        counts["total"] = len(self.rows)
        counts["teams"] = len(self.new_teams)
        return counts

    @property
    def has_work(self) -> bool:
        return bool(self.count(NEW) or self.count(CHANGED))


def read_rows(text: str) -> list[Row]:
    """The file's rows (after a header, if any) with cells in place; nothing checked yet."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    order = COLUMNS
    start = 0
    unknown: list[str] = []
    if records:
        first_record = records[0]
        names = [" ".join(c.split()).lower() for c in first_record]
        if any(n in HEADERS["email"] for n in names):
            order = [next((k for k, v in HEADERS.items() if n in v), None) for n in names]
            start = 1
            unknown = [c.strip() for c, k in zip(first_record, order, strict=False) if not k]
        elif not any("@" in c for c in first_record) and (
            len(records) == 1 or any("@" in c for r in records[1:] for c in r)
        ):
            unknown = list(first_record)  # a header row, but not ours
    unknown = [c.strip() for c in unknown if c.strip()]
    if unknown:
        # Say which columns are not known, instead of reading every row as a person with a
        # bad e-mail address.
        raise ImportFileError(
            _(
                "Onbekende kolommen: %(columns)s. Gebruik de kolommen naam, e-mail, team en "
                "rollen (Engelse namen mogen ook), of laat de kopregel weg."
            )
            % {"columns": ", ".join(f"‘{c}’" for c in unknown)}
        )
    rows = []
    for index, record in enumerate(records[start:], start=start + 1):
        if not any(cell.strip() for cell in record):
            continue  # blank lines are not rows
        cells = {key: cell.strip() for key, cell in zip(order, record, strict=False) if key}
        rows.append(
            Row(
                line=index,
                name=" ".join(cells.get("name", "").split()),
                email=cells.get("email", "").lower(),
                team=" ".join(cells.get("team", "").split()),
                raw_roles=cells.get("roles", ""),
            )
        )
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("Het bestand heeft %(n)s rijen; importeer hoogstens %(max)s per keer.")
            % {"n": len(rows), "max": MAX_ROWS}
        )
    return rows


def _existing(emails: list[str]) -> dict[str, User]:
    """Everyone already registered with one of these addresses, in chunks of ``CHUNK``."""
    found: dict[str, User] = {}
    for i in range(0, len(emails), CHUNK):
        chunk = emails[i : i + CHUNK]
        for user in User.objects.filter(email__in=chunk).select_related("team"):
            found[user.email] = user
    return found


def _roles_of(users: list[User]) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    ids = [u.pk for u in users]
    for i in range(0, len(ids), CHUNK):
        pairs = RoleAssignment.objects.filter(user_id__in=ids[i : i + CHUNK]).values_list(
            "user_id", "role"
        )
        for user_id, role in pairs:
            roles.setdefault(user_id, set()).add(role)
    return roles


def build_plan(*, organisation: Organisation, text: str) -> Plan:
    """What applying ``text`` would do, row by row (reads only)."""
    rows = read_rows(text)
    teams = {t.name.lower(): t for t in Team.objects.filter(organisation=organisation)}
    name_max = User._meta.get_field("name").max_length
    team_max = Team._meta.get_field("name").max_length
    existing = _existing(sorted({r.email for r in rows if r.email}))
    own = [u for u in existing.values() if u.organisation_id == organisation.pk]
    roles_of = _roles_of(own)
    seen: dict[str, int] = {}
    new_teams: dict[str, str] = {}
    for row in rows:
        row.roles, unknown = parse_roles(row.raw_roles)
        if not row.email:
            row.errors.append(_("Het e-mailadres ontbreekt."))
        else:
            try:
                validate_email(row.email)
            except ValidationError:
                row.errors.append(
                    _("‘%(email)s’ is geen geldig e-mailadres.") % {"email": row.email}
                )
            else:
                if row.email in seen:
                    row.errors.append(
                        _("Dit e-mailadres staat ook op regel %(line)s.")
                        % {"line": seen[row.email]}
                    )
                else:
                    seen[row.email] = row.line
        if unknown:
            row.errors.append(
                _("Onbekende rol: %(roles)s. Gebruik professional, leidinggevende, lo of admin.")
                % {"roles": ", ".join(f"‘{w}’" for w in unknown)}
            )
        if len(row.name) > name_max:
            row.errors.append(_("De naam is te lang (hoogstens %(n)s tekens).") % {"n": name_max})
        if len(row.team) > team_max:
            row.errors.append(
                _("De teamnaam is te lang (hoogstens %(n)s tekens).") % {"n": team_max}
            )
        person = existing.get(row.email)
        if person is not None and person.organisation_id != organisation.pk:
            row.errors.append(_("Dit e-mailadres hoort bij een account buiten deze organisatie."))
        if person is None and not row.name:
            row.errors.append(_("De naam ontbreekt (nodig voor een nieuwe persoon)."))
        if row.errors:
            row.status = ERROR
            continue

        if row.team and row.team.lower() not in teams:
            new_teams.setdefault(row.team.lower(), row.team)
            row.new_team = True
        if person is None:
            row.status = NEW
            row.roles = row.roles or [Role.PROFESSIONAL.value]
            continue
        row.person = person
        current_team = person.team.name if person.team_id else ""
        if row.name and row.name != person.name:
            row.changes.append(_("naam: %(old)s → %(new)s") % {"old": person.name, "new": row.name})
        if row.team and row.team.lower() != current_team.lower():
            row.changes.append(
                _("team: %(old)s → %(new)s") % {"old": current_team or "—", "new": row.team}
            )
        added = [r for r in row.roles if r not in roles_of.get(person.pk, set())]
        if added:
            row.changes.append(
                _("rol erbij: %(roles)s") % {"roles": ", ".join(str(Role(r).label) for r in added)}
            )
        if not person.is_active:
            row.notes.append(_("gedeactiveerd; de import zet niemand weer aan"))
        row.status = CHANGED if row.changes else UNCHANGED
    return Plan(rows=rows, new_teams=list(new_teams.values()))


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    teams_created: int = 0


@transaction.atomic
def apply_plan(*, organisation: Organisation, by: User, text: str) -> Result:
    """Plan ``text`` again against the database as it is now, then carry it out: all of it
    or (on any failure) nothing."""
    services._require_admin(by, organisation)
    plan = build_plan(organisation=organisation, text=text)
    result = Result(skipped=plan.count(ERROR), unchanged=plan.count(UNCHANGED))
    teams = {t.name.lower(): t for t in Team.objects.filter(organisation=organisation)}
    for name in plan.new_teams:
        teams[name.lower()] = services.team_set_up(organisation=organisation, by=by, name=name)
        result.teams_created += 1
    new_people = []
    for row in plan.rows:
        team = teams.get(row.team.lower()) if row.team else None
        if row.status == NEW:
            new_people.append(
                {"email": row.email, "name": row.name, "team": team, "roles": row.roles}
            )
        elif row.status == CHANGED:
            services.person_update(person=row.person, name=row.name or None, team=team)
            for role in row.roles:
                services.role_grant(user=row.person, role=role)
            result.updated += 1
    created = services.people_create_bulk(
        organisation=organisation, people=new_people, batch_size=CHUNK
    )
    # Only new people are invited, so importing the same file again sends nothing.
    services.invitations_create(users=created, by=by)
    result.created = len(new_people)
    return result
