from django.contrib import admin

from apps.accounts.admin import CareerStaffPermissions
from apps.advising.models import AdvisorAssignment


@admin.register(AdvisorAssignment)
class AdvisorAssignmentAdmin(CareerStaffPermissions, admin.ModelAdmin):
    list_display = ["student", "advisor", "started_at", "ended_at"]
    list_select_related = ["student", "advisor"]
    search_fields = ["student__email", "student__full_name", "advisor__email", "advisor__full_name"]
    readonly_fields = ["student", "advisor", "assigned_by", "started_at", "ended_at"]

    def has_add_permission(self, request) -> bool:
        return False  # Assignments change on the Advisors page, which keeps the history.
