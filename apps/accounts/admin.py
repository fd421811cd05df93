from django import forms
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


# Who may change whom in the admin:
# - a superuser may change and delete anyone, and grant staff and superuser rights;
# - other career center staff manage students, alumni and advisors; the accounts of staff and
#   superusers (their own included, which they change on their settings page) are read-only to
#   them, so that nobody without superuser rights takes over an account with the admin's powers;
# - only a superuser may make someone staff, through the role or the admin flag.
ROLES_STAFF_MAY_GRANT = [(role.value, role.label) for role in Role if role != Role.STAFF]


def has_admin_powers(user: User) -> bool:
    return user.is_superuser or user.is_staff or user.role == Role.STAFF


def may_manage(actor: User, account: User | None) -> bool:
    return actor.is_superuser or account is None or not has_admin_powers(account)


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean(self) -> dict:
        cleaned = super().clean()
        is_staff = cleaned.get("is_staff", self.instance.is_staff)
        if is_staff and cleaned.get("role", self.instance.role) != Role.STAFF:
            self.add_error(
                "is_staff",
                forms.ValidationError(
                    "Only career center staff can use the admin: choose the role "
                    "“Career center staff” too, or untick this box."
                ),
            )
        return cleaned


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

    # The change form, the password form, delete and delete_selected (per ticked account) ask
    # these two, so each account's own rule holds however it is reached.
    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and may_manage(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and may_manage(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["deleted_at"]
        return ["is_staff", "is_superuser", "groups", "deleted_at"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "role" in form.base_fields:
            form.base_fields["role"].choices = ROLES_STAFF_MAY_GRANT
        return form


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
