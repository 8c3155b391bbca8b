// Lienthong's interface works without JavaScript; this file only adds conveniences.
// It is served from the platform itself (no CDN) and the CSP allows no inline script.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Print buttons (reports print with the print styles of app.css).
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  // Uploads: the file is sent as it is (text/csv) with a progress bar; the page then shows the load's report.
  for (const form of document.querySelectorAll("form[data-upload]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const file = form.querySelector("input[type=file]").files[0];
      if (!file) return;
      const query = new URLSearchParams({ mode: form.elements.mode.value, onError: form.elements.onError.value });
      const request = new XMLHttpRequest();
      request.open("POST", form.action + "?" + query.toString());
      const name = file.name.toLowerCase();
      const type = name.endsWith(".ndjson") || name.endsWith(".jsonl") ? "application/x-ndjson"
        : name.endsWith(".json") ? "application/json" : "text/csv";
      request.setRequestHeader("Content-Type", type);
      request.setRequestHeader("X-CSRF-Token", form.elements._csrf.value);
      const bar = form.querySelector("progress");
      bar.hidden = false;
      request.upload.addEventListener("progress", (progress) => {
        if (progress.lengthComputable) bar.value = progress.loaded / progress.total;
      });
      request.addEventListener("loadend", () => { window.location.assign(form.dataset.done); });
      request.send(file);
    });
  }
  // Forms are sent once: a second click while the first is on its way does nothing.
  for (const form of document.querySelectorAll("form[method=post]")) {
    form.addEventListener("submit", () => {
      for (const button of form.querySelectorAll("button[type=submit]")) {
        button.setAttribute("aria-busy", "true");
      }
    });
  }
});
