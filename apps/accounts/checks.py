"""Start-up checks of the settings that decide which client address the rate limits count."""

import re

from django.conf import settings
from django.core.checks import Error, register

HEADER_NAME = re.compile(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*")


@register()
def client_address_settings(app_configs, **kwargs) -> list[Error]:
    header = settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    errors = []
    # A misspelt name (HTTP_X_REAL_IP) would silently count every client as the proxy.
    if header and not HEADER_NAME.fullmatch(header):
        errors.append(
            Error(
                f"SPOTLIGHT_CLIENT_IP_HEADER must be a header name such as X-Real-IP, "
                f"not {header!r}.",
                id="accounts.E001",
            )
        )
    if count < 0:
        errors.append(
            Error("SPOTLIGHT_TRUSTED_PROXY_COUNT cannot be negative.", id="accounts.E002")
        )
    if header and count:
        errors.append(
            Error(
                "Set SPOTLIGHT_CLIENT_IP_HEADER or SPOTLIGHT_TRUSTED_PROXY_COUNT, not both.",
                id="accounts.E003",
            )
        )
    return errors
