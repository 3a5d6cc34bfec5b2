from django.contrib import admin

from .models import DidactischeVraag


@admin.register(DidactischeVraag)
class DidactischeVraagAdmin(admin.ModelAdmin):
    """Read-only: the frame is method data, changed only by a migration."""

    list_display = ["number", "text", "scope"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
