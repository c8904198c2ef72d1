// The admin's export page: django-import-export wires "Select all" with an
// inline onchange="…", which the Content-Security-Policy blocks (no inline
// script). This file attaches the package's own handler instead.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
