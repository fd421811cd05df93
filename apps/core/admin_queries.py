from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

ADMIN_PATH = "/admin/"


class RefuseNullInAdminQueries:
    """Answer 400 to an admin address whose query holds a NUL character.

    The admin's list filters hand query values straight to PostgreSQL, which refuses a NUL with
    an error, so the page would be a 500. Spotlight's own pages read such values through forms,
    which say so next to the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(ADMIN_PATH) and any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            return HttpResponseBadRequest(
                "This address contains a character that cannot be searched for (a null "
                "character). Remove it and try again.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
