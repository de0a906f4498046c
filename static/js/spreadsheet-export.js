// The admin's export page: "全选" ticks or clears every column (the page allows no inline script);
// the handler is django-import-export's, from import_export/export_selectable_fields.js (the form's media).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (!toggle) return;
  toggle.addEventListener("change", onSelectToggleChange);
});
