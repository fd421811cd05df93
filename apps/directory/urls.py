from django.urls import path

from apps.directory import import_views, views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("volunteer/", views.alumni_home, name="alumni_home"),
    path("volunteer/profile/", views.edit_own_profile, name="edit_own_profile"),
    path("volunteer/listing/", views.listing_consent, name="listing_consent"),
    path("staff/profiles/", views.staff_profiles, name="staff_profiles"),
    path("staff/profiles/<int:pk>/", views.staff_edit_profile, name="staff_edit_profile"),
    path("staff/profiles/<int:pk>/publish/", views.publish, name="publish"),
    path("staff/profiles/invite/", views.invite_to_claim, name="invite_to_claim"),
    path("staff/import/", import_views.import_upload, name="import_upload"),
    path("staff/import/template.csv", import_views.import_template, name="import_template"),
    path("staff/import/<int:pk>/", import_views.import_job, name="import_job"),
    path(
        "staff/import/<int:pk>/rows-to-fix.csv",
        import_views.import_refused_rows,
        name="import_refused_rows",
    ),
    path("staff/import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("staff/import/<int:pk>/invite/", import_views.import_invite, name="import_invite"),
    path("staff/import/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
]
