// Moves the import's progress bar by asking the server how far the import has come, and
// reloads the page when it ends so that the counts or the problems show. Screen readers hear
// each quarter, not every poll, and the end before the page reloads: the reload waits long
// enough for the last message to be read out.
(function () {
  "use strict";

  const READ_OUT_MS = 3000;
  const section = document.getElementById("import-progress");
  if (!section) {
    return;
  }
  const bar = document.getElementById("import-progress-bar");
  const text = document.getElementById("import-progress-text");
  const announcement = document.getElementById("import-progress-announcement");
  const url = section.dataset.progressUrl;
  let lastQuarter = 0;

  function show(progress) {
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.processed;
    bar.textContent = progress.percent + "%";
    text.textContent = progress.processed + " of " + progress.total + " rows";
    const quarter = Math.floor(progress.percent / 25);
    if (quarter > lastQuarter && progress.percent < 100) {
      lastQuarter = quarter;
      announcement.textContent = progress.percent + "% imported";
    }
  }

  function finish(progress) {
    announcement.textContent =
      progress.status === "done"
        ? "Imported. Loading the results."
        : "The import stopped. Loading what went wrong.";
    window.setTimeout(function () {
      window.location.reload();
    }, READ_OUT_MS);
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (progress) {
        show(progress);
        if (progress.status === "running") {
          window.setTimeout(poll, 1500);
        } else {
          finish(progress);
        }
      })
      .catch(function () {
        // A dropped connection or a restarting server: try again, less often.
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
