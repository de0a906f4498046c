// The admin's export page: "全选" ticks or clears every column (the page allows no inline script).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (!toggle) return;
  const boxes = () => document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]');
  toggle.addEventListener("change", () => boxes().forEach((box) => { box.checked = toggle.checked; }));
});
