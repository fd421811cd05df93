from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from apps.accounts.models import AlumniApplication, Invitation, Role, User


class CareerStaffPermissions:
    """Career center staff manage these records in the admin; nobody else sees them."""

    def _is_career_staff(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.role == Role.STAFF)

    def has_module_permission(self, request) -> bool:
        return self._is_career_staff(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_career_staff(request)

    def has_add_permission(self, request) -> bool:
        return self._is_career_staff(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_career_staff(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._is_career_staff(request)


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(CareerStaffPermissions, DjangoUserAdmin):
    add_form = EmailUserCreationForm
    form = EmailUserChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "pronouns", "time_zone", "role"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "deleted_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "role", "password1", "password2"],
            },
        ),
    ]
    filter_horizontal = ["groups"]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may hand out superuser rights.
        if request.user.is_superuser:
            return ["deleted_at"]
        return ["is_superuser", "groups", "deleted_at"]


@admin.register(Invitation)
class InvitationAdmin(CareerStaffPermissions, admin.ModelAdmin):
    list_display = ["email", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["token_digest", "accepted_at", "accepted_by", "invited_by", "created_at"]
    fields = ["email", "full_name", "role", "expires_at", "revoked_at", *readonly_fields]

    def has_add_permission(self, request) -> bool:
        return False  # Invitations are sent from the Invitations page, which emails the link.


@admin.register(AlumniApplication)
class AlumniApplicationAdmin(CareerStaffPermissions, admin.ModelAdmin):
    list_display = ["full_name", "email", "graduation_year", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["full_name", "email", "employer"]
