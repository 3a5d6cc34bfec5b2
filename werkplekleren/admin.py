from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Organisation, OutgoingMail, RoleAssignment, SsoProvider, Team, User

# The Django admin is a platform tool for superusers; organisations are run in the app.
admin.site.has_permission = lambda request: bool(
    request.user.is_active and request.user.is_superuser
)
admin.site.site_header = _("Werkplekleren+ platformbeheer")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    prepopulated_fields = {"slug": ["name"]}


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["name"]
    list_display = ["email", "name", "organisation", "team", "is_active"]
    list_filter = ["organisation", "is_active", "is_superuser"]
    search_fields = ["email", "name"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        (_("Organisatie"), {"fields": ["organisation", "team"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "name", "organisation", "password1", "password2"]}),
    ]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "leidinggevende"]
    list_filter = ["organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "sent_at", "expires_at", "accepted_at", "send_count"]
    list_filter = ["organisation"]
    search_fields = ["user__email", "user__name"]
    readonly_fields = ["token_hash"]
    raw_id_fields = ["user", "invited_by"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """What the mail task did: who, what, when, how often tried, the last error."""

    list_display = ["kind", "to", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["to"]
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SsoProvider)
class SsoProviderAdmin(admin.ModelAdmin):
    list_display = ["organisation", "name", "issuer", "allowed_domains", "enabled"]
    exclude = ["client_secret_encrypted"]  # set on the organisation's own page (encrypted)
