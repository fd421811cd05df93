from django.contrib import admin

from apps.accounts.admin import CareerStaffPermissions
from apps.interviews.models import InterviewRequest, ProposedTime, Question, SlowPeriod, Transition


@admin.register(Question)
class QuestionAdmin(CareerStaffPermissions, admin.ModelAdmin):
    """The question bank students pick from when they prepare a request."""

    list_display = ["text", "topic", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active", "topic"]
    search_fields = ["text", "topic"]


@admin.register(SlowPeriod)
class SlowPeriodAdmin(CareerStaffPermissions, admin.ModelAdmin):
    """Exams, holidays and breaks: students are warned that replies come slowly then."""

    list_display = ["name", "starts_on", "ends_on"]
    date_hierarchy = "starts_on"


class ReadOnlyInline(CareerStaffPermissions, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ProposedTimeInline(ReadOnlyInline):
    model = ProposedTime
    fields = ["starts_at", "proposed_by", "position"]


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["at", "action", "from_state", "to_state", "actor", "via_link", "note"]


@admin.register(InterviewRequest)
class InterviewRequestAdmin(CareerStaffPermissions, admin.ModelAdmin):
    """Read only: requests change through their services, which keep the timeline and send
    the emails; an edit here would do neither."""

    list_display = ["pk", "student", "profile", "state", "scheduled_start", "created_at"]
    list_filter = ["state", "format"]
    list_select_related = ["student", "profile"]
    search_fields = ["student__email", "student__full_name", "profile__full_name"]
    date_hierarchy = "created_at"
    inlines = [ProposedTimeInline, TransitionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
