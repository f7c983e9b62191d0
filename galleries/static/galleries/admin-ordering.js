// Reorder a mission's photos: drag a row, or use its Move up / Move down buttons (keyboard and
// screen readers). Either way the Position fields are renumbered 0, 1, 2… in the order shown;
// nothing changes until the editor saves. Typing a number in Position still works without script.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const group = document.getElementById("photos-group");
  if (!group) return;
  const body = group.querySelector("tbody");
  const live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  group.prepend(live);

  const rows = () => Array.from(body.querySelectorAll("tr.form-row.has_original"));
  const position = (row) => row.querySelector('input[name$="-position"]');
  const title = (row) => (row.querySelector('input[name$="-title"]') || {}).value || "photo";

  function renumber() {
    rows().forEach(function (row, index) { position(row).value = index; });
  }

  function announce(row) {
    const index = rows().indexOf(row);
    live.textContent = "Moved “" + title(row) + "” to position " + (index + 1) + " of " + rows().length + ".";
  }

  function move(row, step) {
    const all = rows();
    const target = all[all.indexOf(row) + step];
    if (!target) return;
    if (step < 0) target.before(row); else target.after(row);
    // Django puts a "original" heading row before each form row in tabular inlines: keep it attached.
    renumber();
    announce(row);
  }

  // A drag ends in a drop wherever the pointer is released on the page (over another row, over
  // the dragged row itself, between rows): the positions then follow the rows as shown. Only Esc,
  // or a release outside the window, ends without a drop: the row goes back where it was.
  let dragged = null;
  let dropped = false;
  let home = null;
  document.addEventListener("dragover", function (event) { if (dragged) event.preventDefault(); });
  document.addEventListener("drop", function (event) {
    if (!dragged) return;
    event.preventDefault();
    dropped = true;
    renumber();
    announce(dragged);
  });
  for (const row of rows()) {
    const cell = position(row).closest("td");
    for (const [label, step] of [["Move up", -1], ["Move down", 1]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "move-" + (step < 0 ? "up" : "down");
      button.textContent = step < 0 ? "↑" : "↓";
      button.setAttribute("aria-label", label + ": " + title(row));
      button.addEventListener("click", function () { move(row, step); button.focus(); });
      cell.append(" ", button);
    }
    row.draggable = true;
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      dropped = false;
      home = row.nextElementSibling;
      event.dataTransfer.effectAllowed = "move";
      row.classList.add("dragging");
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("dragging");
      if (!dropped) {
        body.insertBefore(row, home);
        live.textContent = "Move of “" + title(row) + "” cancelled.";
      }
      renumber();
      dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) return;
      const box = row.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) row.before(dragged); else row.after(dragged);
    });
  }
});
