from django.conf import settings
from django.http import HttpRequest

from apps.core.navigation import navigation_for


def site(request: HttpRequest) -> dict:
    return {"site_name": settings.SPOTLIGHT_SITE_NAME, "navigation": navigation_for(request)}
