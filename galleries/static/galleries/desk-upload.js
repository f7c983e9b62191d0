/* The photo desk's "Upload here": dropped files and folders, a few at a time, each reported by
 * name; the photos added arrive at the end of the gallery, as cards when that is this page (else
 * the counts and page links say where).
 */
"use strict";
(function () {
  const photoDesk = window.photoDesk;
  if (!photoDesk) return;
  const { desk, csrf } = photoDesk;
  const upload = document.getElementById("desk-upload");
  const results = document.getElementById("desk-upload-results");
  const queue = [];
  let running = 0;
  function addCards(ids) {
    if (ids.length) photoDesk.refresh();
  }
  function sendNext() {
    while (running < Number(desk.dataset.uploadsAtOnce || 3) && queue.length) {
      const { file, row } = queue.shift();
      running += 1;
      const body = new FormData();
      body.append("files", file, file.name);
      body.append("credit", upload.querySelector("[name=credit]").value);
      const newCredit = upload.querySelector("[name=new_credit]");
      if (newCredit) body.append("new_credit", newCredit.value);
      body.append("location", upload.querySelector("[name=location]").value);
      const request = new XMLHttpRequest();
      request.open("POST", desk.dataset.uploadUrl);
      request.setRequestHeader("X-CSRFToken", csrf);
      request.setRequestHeader("Accept", "application/json");
      request.responseType = "json";
      const bar = row.querySelector("progress");
      request.upload.onprogress = (event) => { if (event.lengthComputable) bar.value = event.loaded / event.total; };
      request.onloadend = () => {
        running -= 1;
        const data = request.response || { results: [], errors: ["the server did not answer"], jobs: [] };
        const lines = data.results.map((r) => `${r.ok ? "✓" : "✗"} ${r.name}: ${r.message}`);
        (data.jobs || []).forEach((job) => lines.push(`${job.name}: ${job.done} of ${job.total || "?"} files unpacked so far; it goes on in the background.`));
        (data.errors || []).forEach((error) => lines.push("✗ " + file.name + ": " + error));
        row.className = data.results.every((r) => r.ok) && !(data.errors || []).length ? "success" : "error";
        row.textContent = lines.join(" ");
        addCards(data.results.filter((r) => r.photo).map((r) => r.photo));
        sendNext();
      };
      request.send(body);
    }
  }
  function enqueue(files) {
    Array.from(files).forEach((file) => {
      const row = document.createElement("li");
      const bar = document.createElement("progress");
      bar.setAttribute("aria-label", "Uploading " + file.name);
      row.append(file.name + " ", bar);
      results.append(row);
      queue.push({ file, row });
    });
    sendNext();
  }
  function entries(entry) {
    if (entry.isFile) return new Promise((resolve) => entry.file((file) => resolve([file]), () => resolve([])));
    if (!entry.isDirectory) return Promise.resolve([]);
    const reader = entry.createReader();
    return new Promise((resolve) => {
      const all = [];
      const more = () => reader.readEntries((batch) => {
        if (!batch.length) { Promise.all(all).then((lists) => resolve(lists.flat())); return; }
        batch.forEach((item) => all.push(entries(item)));
        more();
      }, () => resolve([]));
      more();
    });
  }
  const drop_zone = document.getElementById("desk-drop");
  ["dragenter", "dragover"].forEach((name) => drop_zone.addEventListener(name, (event) => { event.preventDefault(); drop_zone.classList.add("dragover"); }));
  drop_zone.addEventListener("dragleave", () => drop_zone.classList.remove("dragover"));
  drop_zone.addEventListener("drop", (event) => {
    event.preventDefault();
    drop_zone.classList.remove("dragover");
    const items = Array.from(event.dataTransfer.items || []).map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
    if (items.length) Promise.all(items.map(entries)).then((lists) => enqueue(lists.flat().filter((f) => !f.name.startsWith("."))));
    else enqueue(event.dataTransfer.files);
  });
  upload.querySelector("input[type=file][name=files]").addEventListener("change", (event) => { enqueue(event.target.files); event.target.value = ""; });
  const folder = document.getElementById("desk-folder");
  upload.querySelector(".desk-folder-choice").hidden = false;
  folder.addEventListener("change", (event) => { enqueue(event.target.files); event.target.value = ""; });
  upload.addEventListener("submit", (event) => event.preventDefault());
  upload.querySelector(".desk-upload-send").hidden = true;

})();
