// The admin on a phone: each inline table's cells carry their column's heading (data-label), which
// static/css/admin-phone.css shows in front of the cell when the table is stacked on a narrow screen.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll(".inline-group .tabular table")) {
    const labels = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, index) => {
        if (labels[index]) cell.dataset.label = labels[index];
      });
    }
    table.classList.add("phone-stacked"); // not "stacked": Django's own class for filter_vertical (480 px wide selects)
  }
});
