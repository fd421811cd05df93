"""Staff import a CSV of alumni: upload and check, look at the result, confirm, watch it run.

Staff may also download a template to fill in, and a file's rows with problems to fix.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role
from apps.directory import importing, listing
from apps.directory.forms_import import ImportUploadForm
from apps.directory.models import ImportJob, SpotlightProfile

# Problems listed on the page; a file with more needs fixing at its source anyway.
ERRORS_SHOWN = 200


@role_required(Role.STAFF)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm()
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = importing.check_file(table=form.cleaned_data["file"], created_by=request.user)
            return redirect("directory:import_job", pk=job.pk)
    context = {
        "form": form,
        "columns": importing.COLUMNS,
        "required": importing.REQUIRED_COLUMNS,
    }
    return render(request, "directory/import_upload.html", context)


@role_required(Role.STAFF)
@require_safe
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.defer("content").select_related("created_by"), pk=pk)
    rows_with_errors = len(importing.refused_rows(job.errors))
    context = {
        "job": job,
        "errors_shown": job.errors[:ERRORS_SHOWN],
        "rows_with_errors": rows_with_errors,
        "can_skip": importing.can_skip_refused_rows(job),
        "good_rows": job.total_rows - rows_with_errors,
    }
    if job.status == ImportJob.Status.DONE:
        context["not_joined"] = _imported_profiles(job).filter(user__isnull=True).count()
    return render(request, "directory/import_job.html", context)


def _imported_profiles(job: ImportJob):
    return SpotlightProfile.objects.filter(email__in=importing.emails_in(job))


@role_required(Role.STAFF)
@require_POST
def import_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the people the import brought in who have not joined, to claim their profiles."""
    finished = ImportJob.objects.filter(status=ImportJob.Status.DONE)
    job = get_object_or_404(finished.only("file_name", "content", "errors"), pk=pk)
    sent = listing.invite_to_claim(profiles=_imported_profiles(job), invited_by=request.user)
    messages.success(request, listing.invitation_summary(sent))
    return redirect("directory:import_job", pk=job.pk)


@role_required(Role.STAFF)
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the import; with skip=refused_rows, of the rows without problems only."""
    job = get_object_or_404(ImportJob.objects.only("errors", "total_rows"), pk=pk)
    skip = request.POST.get("skip") == "refused_rows"
    may_start = importing.can_skip_refused_rows(job) if skip else not job.errors
    if importing.start_import(job_id=job.pk, skip_refused_rows=skip):
        messages.success(request, "The import has started.")
    elif may_start:
        messages.info(request, "This import has already started, so nothing changed.")
    else:
        messages.error(
            request,
            "Nothing was imported: fix the rows listed below and upload the file again.",
        )
    return redirect("directory:import_job", pk=job.pk)


@role_required(Role.STAFF)
@require_safe
def import_template(request: HttpRequest) -> HttpResponse:
    return _csv_download(importing.template_csv(), "spotlight-alumni-template.csv")


@role_required(Role.STAFF)
@require_safe
def import_refused_rows(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.only("file_name", "content", "errors"), pk=pk)
    stem = job.file_name.rsplit(".", 1)[0] or "alumni"
    return _csv_download(importing.refused_rows_csv(job=job), f"{stem} rows to fix.csv")


def _csv_download(text: str, file_name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


@role_required(Role.STAFF)
@require_safe
@never_cache
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    job = get_object_or_404(ImportJob.objects.only("status", "processed_rows", "total_rows"), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "processed": job.processed_rows,
            "total": job.total_rows,
            "percent": job.percent_done(),
        }
    )
