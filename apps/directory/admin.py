from django.contrib import admin

from apps.accounts.admin import CareerStaffPermissions
from apps.directory.models import Employer, Industry, JobFunction


@admin.register(Industry, JobFunction)
class VocabularyAdmin(CareerStaffPermissions, admin.ModelAdmin):
    """Staff keep the lists of industries and job functions that profiles and students use."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Employer)
class EmployerAdmin(CareerStaffPermissions, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
