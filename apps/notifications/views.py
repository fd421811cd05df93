from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role
from apps.core.forms import SearchForm
from apps.notifications import services
from apps.notifications.models import Email


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
