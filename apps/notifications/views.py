import logging

from csp.constants import NONE, SELF
from csp.decorators import csp
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role
from apps.core.forms import SearchForm
from apps.notifications import services
from apps.notifications.models import Email

logger = logging.getLogger(__name__)

# An email's HTML as its reader's mail client shows it (inline styles), with nothing that runs or
# reaches out: no scripts, no remote images or fonts, no forms. `sandbox` gives the document an
# origin of its own, so even opened outside its frame it cannot read the staff page or cookies.
EMAIL_HTML_POLICY = {
    "default-src": [NONE],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [SELF],
    "sandbox": [True],
}


@role_required(Role.STAFF)
@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    search_form = SearchForm(request.GET)
    search = search_form.text
    status = request.GET.get("status", "")
    emails = Email.objects.only(
        "event", "recipient", "subject", "status", "attempts", "last_error", "created_at", "sent_at"
    )
    if status in Email.Status.values:
        emails = emails.filter(status=status)
    if search:
        emails = emails.filter(recipient__icontains=search)
    page = Paginator(emails.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    counts = services.status_counts()
    context = {
        "statuses": [(value, label, counts[value]) for value, label in Email.Status.choices],
        "page": page,
        "search_form": search_form,
        "status": status,
    }
    return render(request, "notifications/outbox.html", context)


@role_required(Role.STAFF)
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(Email, pk=pk)
    if services.resend(email=email):
        messages.success(request, f"The email to {email.recipient} will be sent again.")
    else:
        messages.info(request, "That email is not failed or expired, so it was left as it is.")
    return redirect("notifications:outbox")


def _log_read(request: HttpRequest, email: Email, part: str) -> None:
    # Outbox mail carries students' details: who read which email is kept in the log.
    logger.info("Staff user %s read the %s of email %s.", request.user.pk, part, email.pk)


@role_required(Role.STAFF)
@require_safe
@never_cache
def show_email(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(Email, pk=pk)
    message = services.build_message(email)
    attachments = [
        {"number": number, "name": name, "mimetype": mimetype, "size": len(content)}
        for number, (name, content, mimetype) in enumerate(message.attachments, start=1)
    ]
    _log_read(request, email, "headers and bodies")
    context = {"email": email, "message": message, "attachments": attachments}
    return render(request, "notifications/show_email.html", context)


@role_required(Role.STAFF)
@require_safe
@never_cache
@xframe_options_sameorigin
@csp(EMAIL_HTML_POLICY)
def show_email_html(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(Email.objects.only("body_html"), pk=pk)
    if not email.body_html:
        raise Http404("This email has no HTML body.")
    _log_read(request, email, "HTML body")
    return HttpResponse(email.body_html, content_type="text/html; charset=utf-8")


@role_required(Role.STAFF)
@require_safe
@never_cache
def download_attachment(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    email = get_object_or_404(Email, pk=pk)
    attachments = services.build_message(email).attachments
    if not 1 <= number <= len(attachments):
        raise Http404("This email has no such attachment.")
    name, content, mimetype = attachments[number - 1]
    _log_read(request, email, f"attachment {name!r}")
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
