from django.contrib import admin

from .models import Groep, GroepMember


class GroepMemberInline(admin.TabularInline):
    model = GroepMember
    fk_name = "groep"
    extra = 0
    raw_id_fields = ["user", "invited_by"]


@admin.register(Groep)
class GroepAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "created_at"]
    list_filter = ["organisation"]
    inlines = [GroepMemberInline]
    raw_id_fields = ["created_by"]
