#!/usr/bin/env python
import os
import sys

from django.core.exceptions import ImproperlyConfigured


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A deployment mistake deserves one readable line, not a traceback.
        sys.exit(f"spotlight: configuration error: {error}")


if __name__ == "__main__":
    main()
