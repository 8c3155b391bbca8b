// Lienthong's interface works without JavaScript; this file only adds conveniences.
// It is served from the platform itself (no CDN) and the CSP allows no inline script.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Print buttons (reports print with the print styles of app.css).
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
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
