from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.core.services import broker_problem, database_problem

HEALTH_PATH = "/healthz/"


class HealthCheckMiddleware:
    """Answer the health check before host validation and the HTTPS redirect.

    Load balancers and container probes call it by IP address over plain HTTP, which the
    rest of the middleware would refuse. It reveals only "ok" or "unavailable" per service.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != HEALTH_PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        checks = {"database": database_problem(), "broker": broker_problem()}
        body = {name: "unavailable" if problem else "ok" for name, problem in checks.items()}
        status = 503 if any(checks.values()) else 200
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response
