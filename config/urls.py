from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("accounts/", include("allauth.account.urls")),
    path("students/", include("apps.students.urls")),
    path("alumni/", include("apps.directory.urls")),
    path("interviews/", include("apps.interviews.urls")),
    path("inbox/", include("apps.interviews.inbox_urls")),
    path("advising/", include("apps.advising.urls")),
    path("outbox/", include("apps.notifications.urls")),
    path("admin/", admin.site.urls),
]
