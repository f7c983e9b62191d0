// Bulk upload with a progress bar per file: files go one at a time, and each is reported by name.
// Without JavaScript the form posts every file at once and the page lists the results.
"use strict";
(function () {
  const form = document.getElementById("bulk-upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const input = form.querySelector('input[type="file"]');
  const results = document.getElementById("upload-results");

  function row(name) {
    const item = document.createElement("li");
    const label = document.createElement("strong");
    label.textContent = name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Upload of " + name);
    const status = document.createElement("span");
    status.textContent = " waiting";
    item.append(label, ": ", bar, status);
    return { item, bar, status };
  }

  function link(url, text) {
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.textContent = text;
    return anchor;
  }

  function report(entry, ok, text, url, result) {
    entry.item.className = ok ? "success" : "error";
    entry.bar.remove();
    entry.status.textContent = " ";
    entry.status.append(url ? link(url, text) : text);
    if (result && result.credit_url) {
      entry.status.append("; ", link(result.credit_url, result.credit_message));
    }
  }

  // One line for the file, then one a result when a zip gave several; returns how many were added.
  function show(entry, results) {
    const added = results.filter(function (r) { return r.ok; }).length;
    const first = results[0];
    if (results.length === 1) report(entry, first.ok, first.message, first.url, first);
    else report(entry, added === results.length, added + " of " + results.length + " added");
    for (const result of results.length > 1 ? results : []) {
      const sub = row(result.name);
      entry.item.after(sub.item);
      report(sub, result.ok, result.message, result.url, result);
    }
    return added;
  }

  // A zip is unpacked off the upload request: ask how far it is until it is done.
  function follow(entry, job, resolve) {
    entry.status.textContent = " unpacking: " + job.done + " of " + (job.total === null ? "?" : job.total);
    if (job.total) entry.bar.value = Math.round((100 * job.done) / job.total);
    window.setTimeout(function () {
      const request = new XMLHttpRequest();
      request.open("GET", job.url);
      request.setRequestHeader("Accept", "application/json");
      request.addEventListener("load", function () {
        let body = null;
        try { body = JSON.parse(request.responseText); } catch (error) { body = null; }
        if (!body) { report(entry, false, "lost track of the unpacking; see " + job.url); resolve(0); }
        else if (!body.finished) follow(entry, body, resolve);
        else resolve(show(entry, body.results));
      });
      request.addEventListener("error", function () { follow(entry, job, resolve); });
      request.send();
    }, 1000);
  }

  function send(file, entry) {
    return new Promise(function (resolve) {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("files", file, file.name);
      for (const name of ["credit", "location"]) {
        const field = form.querySelector("[name=" + name + "]");
        if (field) data.append(name, field.value);
      }
      const request = new XMLHttpRequest();
      request.open("POST", window.location.href);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) entry.bar.value = Math.round((100 * event.loaded) / event.total);
      });
      request.addEventListener("load", function () {
        let body = null;
        try { body = JSON.parse(request.responseText); } catch (error) { body = null; }
        if (!body) {
          report(entry, false, "the server could not take this file (" + request.status + ")");
        } else if (body.errors && body.errors.length) {
          report(entry, false, body.errors.join("; "));
        } else {
          const job = (body.jobs || []).find(function (j) { return !j.finished; });
          if (job) { follow(entry, job, resolve); return; }
          resolve(show(entry, body.results));
          return;
        }
        resolve(0);
      });
      request.addEventListener("error", function () {
        report(entry, false, "the upload was interrupted; try this file again");
        resolve(0);
      });
      entry.status.textContent = " uploading";
      request.send(data);
    });
  }

  form.addEventListener("submit", async function (event) {
    if (!input.files.length) return;
    event.preventDefault();
    const files = Array.from(input.files);
    results.replaceChildren();
    const heading = document.createElement("h2");
    heading.textContent = "Uploading " + files.length + " file" + (files.length === 1 ? "" : "s");
    const list = document.createElement("ul");
    list.className = "upload-results";
    results.append(heading, list);
    const entries = files.map(function (file) { const entry = row(file.name); list.append(entry.item); return entry; });
    form.querySelector('[type="submit"]').disabled = true;
    let added = 0;
    for (let i = 0; i < files.length; i++) added += await send(files[i], entries[i]);
    heading.textContent = "Done: " + added + " added";
    form.querySelector('[type="submit"]').disabled = false;
    input.value = "";
  });
})();
