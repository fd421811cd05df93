"""Staff import a CSV of alumni: upload and check, look at the result, confirm, watch it run."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role
from apps.directory import importing
from apps.directory.forms_import import ImportUploadForm
from apps.directory.models import ImportJob

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
    context = {
        "job": job,
        "errors_shown": job.errors[:ERRORS_SHOWN],
        "rows_with_errors": len({error["row"] for error in job.errors if error["row"]}),
    }
    return render(request, "directory/import_job.html", context)


@role_required(Role.STAFF)
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.only("status", "errors"), pk=pk)
    if importing.start_import(job_id=job.pk):
        messages.success(request, "The import has started.")
    elif job.errors:
        messages.error(
            request,
            "Nothing was imported: fix the rows listed below and upload the file again.",
        )
    else:
        messages.info(request, "This import has already started, so nothing changed.")
    return redirect("directory:import_job", pk=job.pk)


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
