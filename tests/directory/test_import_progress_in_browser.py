"""Screen readers hear that the import has ended before the page reloads with its results."""

import pytest
from django.urls import reverse

from apps.directory.models import ImportJob
from tests.directory.test_import import running_job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Notes, in storage that outlives the reload, the live region's last words and when they came,
# and when the page was left.
WATCH = """() => {
  const region = document.getElementById("import-progress-announcement");
  new MutationObserver(() => {
    sessionStorage.setItem("said", region.textContent);
    sessionStorage.setItem("saidAt", Date.now());
  }).observe(region, { childList: true, characterData: true, subtree: true });
  window.addEventListener("pagehide", () => sessionStorage.setItem("leftAt", Date.now()));
}"""


def test_the_end_of_the_import_is_announced_before_the_page_reloads(visit, staff):
    job = running_job(staff)
    page = visit(reverse("directory:import_job", args=[job.pk]), user=staff)
    page.evaluate(WATCH)

    ImportJob.objects.filter(pk=job.pk).update(processed_rows=200, status="done", new_count=200)
    page.get_by_role("heading", name="Imported").wait_for()

    said, said_at, left_at = page.evaluate(
        "['said', 'saidAt', 'leftAt'].map((key) => sessionStorage.getItem(key))"
    )
    assert said == "Imported. Loading the results."
    # Long enough for a screen reader to read the message out before the page changes.
    assert int(left_at) - int(said_at) >= 2000
