/* The photo desk: save cards as you type, select many, reorder, upload here. No framework.
 *
 * Without this script the desk still works: each card and the bulk form are plain forms that
 * post and land back here. With it, nothing reloads the page.
 */
"use strict";
(function () {
  const desk = document.querySelector(".desk");
  if (!desk) return;
  const list = document.getElementById("desk-cards");
  const csrf = desk.querySelector("input[name=csrfmiddlewaretoken]").value;
  const crewData = document.getElementById("desk-crew");
  const crew = crewData ? JSON.parse(crewData.textContent) : [];
  const announcer = document.getElementById("desk-announce");
  const summary = document.getElementById("desk-summary");
  const states = new WeakMap();

  function fold(text) {
    const map = { "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d" };
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[łøđßæœıþð]/g, (c) => map[c]);
  }
  function announce(text) { announcer.textContent = ""; window.setTimeout(() => { announcer.textContent = text; }, 50); }
  function cards() { return Array.from(list.querySelectorAll(".desk-card")); }
  function visibleCards() { return cards().filter((card) => !card.hidden); }
  function cardOf(element) { return element.closest(".desk-card"); }
  function post(url, body, json) {
    const headers = { "X-CSRFToken": csrf, Accept: "application/json" };
    if (json) headers["Content-Type"] = "application/json";
    return fetch(url, { method: "POST", headers, body: json ? JSON.stringify(body) : body, credentials: "same-origin" })
      .then((response) => {
        if ((response.headers.get("Content-Type") || "").includes("application/json")) {
          return response.json().then((data) => ({ status: response.status, data }));
        }
        const reason = response.status === 403 ? "you may not make this change" : `the server answered ${response.status}`;
        return { status: response.status, data: { ok: false, errors: { __all__: [reason] } } };
      });
  }
  function html(text) { const t = document.createElement("template"); t.innerHTML = text.trim(); return t.content.firstElementChild; }
  function errorText(errors) {
    return Object.entries(errors || {}).map(([field, messages]) => (field === "__all__" ? "" : field + ": ") + messages.join(" ")).join(" ");
  }

  /* Saving a card: one request at a time per card; what is typed meanwhile is sent next. */
  function setStatus(card, text, isError) {
    const status = card.querySelector(".desk-status");
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }
  function serialized(form) { return new URLSearchParams(new FormData(form)).toString(); }
  function save(card) {
    const state = states.get(card) || {};
    states.set(card, state);
    window.clearTimeout(state.timer);
    state.timer = null;
    if (state.inflight) { state.dirty = true; return; }
    const form = card.querySelector(".desk-fields");
    const body = serialized(form);
    if (body === state.sent) { setStatus(card, "Saved"); return; }  // nothing changed since the last save
    state.inflight = true;
    state.dirty = false;
    setStatus(card, "Saving…");
    post(form.action, new FormData(form))
      .then(({ status, data }) => {
        if (status !== 200 || !data.ok) { setStatus(card, "Not saved: " + errorText(data.errors), true); return; }
        state.sent = body;
        setStatus(card, state.dirty ? "Saving…" : "Saved");
        card.querySelector(".desk-badges").replaceWith(html(data.badges));
        card.dataset.filters = [data.state].concat(data.problems.length ? ["not-ready"] : []).join(" ");
      })
      .catch(() => setStatus(card, "Not saved: the connection failed. Your text is kept; it is sent again on your next change.", true))
      .finally(() => { state.inflight = false; if (state.dirty) save(card); });
  }
  function saveSoon(card) {
    const state = states.get(card) || {};
    states.set(card, state);
    window.clearTimeout(state.timer);
    setStatus(card, "Editing…");
    state.timer = window.setTimeout(() => { state.timer = null; save(card); }, 600);
  }

  /* People: tagged ones are checkboxes; suggestions come from the caption and from what is typed. */
  function tagged(card) { return new Set(Array.from(card.querySelectorAll(".desk-tagged input:checked")).map((box) => Number(box.value))); }
  function mentioned(caption) {
    const text = " " + fold(caption).replace(/[,.;:()—–'’"!?]/g, " ") + " ";
    return crew.filter((person) => {
      const surname = person.folded.split(" ").pop();
      return text.includes(" " + person.folded + " ") || (surname.length >= 4 && text.includes(" " + surname + " "));
    });
  }
  function showSuggestions(card, people, label) {
    const box = card.querySelector(".desk-suggestions");
    box.replaceChildren();
    const have = tagged(card);
    people.filter((person) => !have.has(person.id)).slice(0, 8).forEach((person) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "desk-suggest";
      button.dataset.person = person.id;
      button.textContent = label + person.name;
      item.append(button);
      box.append(item);
    });
    box.hidden = !box.children.length;
  }
  function tag(card, id) {
    const person = crew.find((p) => p.id === id);
    if (!person || tagged(card).has(id)) return;
    const item = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = "people";
    box.value = id;
    box.checked = true;
    label.append(box, " " + person.name);
    item.append(label);
    card.querySelector(".desk-tagged").append(item);
    save(card);
  }

  list.addEventListener("input", (event) => {
    const card = cardOf(event.target);
    if (!card) return;
    if (event.target.classList.contains("desk-person-input")) {
      const query = fold(event.target.value.trim());
      showSuggestions(card, query ? crew.filter((p) => p.folded.includes(query)) : [], "Tag ");
      return;
    }
    if (event.target.name === "caption") showSuggestions(card, mentioned(event.target.value), "Named in the caption: tag ");
    if (event.target.name === "title") card.querySelector(".desk-name").textContent = event.target.value || "Photo " + card.querySelector(".desk-position").textContent;
    if (event.target.closest(".desk-fields")) saveSoon(card);
  });
  list.addEventListener("change", (event) => {
    const card = cardOf(event.target);
    if (card && event.target.name === "people") save(card);
  });
  list.addEventListener("focusout", (event) => {
    const card = cardOf(event.target);
    const state = card && states.get(card);
    if (state && state.timer && event.target.closest(".desk-fields")) save(card);
  });
  list.addEventListener("submit", (event) => {
    const card = cardOf(event.target);
    if (!card) return;
    event.preventDefault();
    save(card);
  });

  /* Keyboard: Alt+↓ / Alt+↑ go to the same field of the next or previous card. */
  list.addEventListener("keydown", (event) => {
    const card = cardOf(event.target);
    if (!card) return;
    if (event.target.classList.contains("desk-handle") && ["ArrowUp", "ArrowLeft", "ArrowDown", "ArrowRight"].includes(event.key)) {
      event.preventDefault();
      move(card, event.key === "ArrowUp" || event.key === "ArrowLeft" ? -1 : 1, event.target);
      return;
    }
    if (!event.altKey || !["ArrowDown", "ArrowUp"].includes(event.key) || !event.target.name) return;
    const all = visibleCards();
    const next = all[all.indexOf(card) + (event.key === "ArrowDown" ? 1 : -1)];
    const field = next && next.querySelector(`[name="${event.target.name}"]`);
    if (field) { event.preventDefault(); field.focus(); }
  });

  /* Selection: a checkbox a card, Shift for a range, and all / none / not ready. */
  const selectedCount = document.getElementById("desk-selected");
  let lastBox = null;
  function countSelected() {
    const boxes = list.querySelectorAll(".desk-select");
    let count = 0;
    boxes.forEach((box) => { cardOf(box).classList.toggle("selected", box.checked); count += box.checked ? 1 : 0; });
    selectedCount.textContent = count + " selected";
  }
  list.addEventListener("click", (event) => {
    const box = event.target.closest(".desk-select");
    if (box) {
      if (event.shiftKey && lastBox && lastBox !== box) {
        const boxes = visibleCards().map((card) => card.querySelector(".desk-select"));
        const [from, to] = [boxes.indexOf(lastBox), boxes.indexOf(box)].sort((a, b) => a - b);
        boxes.slice(from, to + 1).forEach((other) => { other.checked = box.checked; });
      }
      lastBox = box;
      countSelected();
      return;
    }
    const suggestion = event.target.closest(".desk-suggest");
    if (suggestion) {
      const card = cardOf(suggestion);
      tag(card, Number(suggestion.dataset.person));
      suggestion.closest("li").remove();
      const input = card.querySelector(".desk-person-input");
      if (input.value) { input.value = ""; input.focus(); }
      return;
    }
    if (event.target.closest(".desk-up")) move(cardOf(event.target), -1, event.target.closest("button"));
    if (event.target.closest(".desk-down")) move(cardOf(event.target), 1, event.target.closest("button"));
  });
  desk.querySelectorAll("[data-select]").forEach((button) => button.addEventListener("click", () => {
    visibleCards().forEach((card) => {
      const which = button.dataset.select;
      card.querySelector(".desk-select").checked = which === "all" || (which === "not-ready" && card.dataset.filters.split(" ").includes("not-ready"));
    });
    countSelected();
  }));

  /* Filters, without a page load. */
  function applyFilter() {
    const current = desk.querySelector("[data-filter][aria-current=true]");
    const which = current ? current.dataset.filter : "all";
    cards().forEach((card) => { card.hidden = which !== "all" && !card.dataset.filters.split(" ").includes(which); });
  }
  desk.querySelectorAll("[data-filter]").forEach((link) => link.addEventListener("click", (event) => {
    event.preventDefault();
    const which = link.dataset.filter;
    desk.querySelectorAll("[data-filter]").forEach((other) => other.removeAttribute("aria-current"));
    link.setAttribute("aria-current", "true");
    applyFilter();
    window.history.replaceState(null, "", which === "all" ? window.location.pathname : "?filter=" + which);
    announce(visibleCards().length + " photos shown");
  }));

  /* Bulk changes: one request for the whole selection; the changed cards are replaced in place,
     once every card's pending save has landed (so the fresh cards hold what was typed). */
  function settled() {
    cards().forEach((card) => { const state = states.get(card); if (state && state.timer) save(card); });
    return new Promise((resolve) => {
      const started = Date.now();
      const check = () => {
        const busy = cards().some((card) => { const state = states.get(card); return state && (state.inflight || state.dirty); });
        if (!busy || Date.now() - started > 15000) resolve(); else window.setTimeout(check, 100);
      };
      check();
    });
  }
  const bulk = document.getElementById("desk-bulk");
  const action = bulk.querySelector("select[name=action]");
  function showBulkFields() {
    bulk.querySelectorAll("[data-for]").forEach((row) => { row.hidden = !row.dataset.for.split(" ").includes(action.value); });
  }
  action.addEventListener("change", showBulkFields);
  showBulkFields();
  bulk.addEventListener("submit", (event) => {
    event.preventDefault();
    const status = document.getElementById("desk-bulk-status");
    const body = new FormData(bulk);
    if (!body.getAll("photos").length) { status.textContent = "Select one or more photos first."; return; }
    status.textContent = "Applying…";
    settled().then(() => post(bulk.getAttribute("action"), body)).then(({ status: code, data }) => {
      if (code !== 200 || !data.ok) { status.textContent = "Not applied: " + errorText(data.errors); return; }
      status.textContent = data.message;
      (data.deleted || []).forEach((id) => { const card = document.getElementById("card-" + id); if (card) card.remove(); });
      if ((data.deleted || []).length) { savedOrder = cards().map((c) => c.dataset.photo).join(","); renumber(); }
      const focused = document.activeElement;
      Object.entries(data.cards).forEach(([id, markup]) => {
        const card = document.getElementById("card-" + id);
        if (!card) return;
        const fresh = html(markup);
        fresh.querySelector(".desk-select").checked = true;
        fresh.hidden = card.hidden;
        if (lastBox && card.contains(lastBox)) lastBox = fresh.querySelector(".desk-select");
        card.replaceWith(fresh);
        const same = focused && focused.id && fresh.querySelector("#" + CSS.escape(focused.id));
        if (same && !document.body.contains(focused)) same.focus();
      });
      summary.textContent = data.summary;
      enhance(list);
      applyFilter();
      countSelected();
    }).catch(() => { status.textContent = "Not applied: the connection failed. Try again."; });
  });

  /* Order: Move up / Move down, the handle's arrow keys, or drag the handle; saved as one request. */
  let orderTimer = null;
  let savedOrder = cards().map((c) => c.dataset.photo).join(",");
  function renumber() {
    cards().forEach((card, index) => { card.querySelector(".desk-position").textContent = index + 1; card.dataset.position = index; });
  }
  function saveOrder(card) {
    renumber();
    window.clearTimeout(orderTimer);
    orderTimer = window.setTimeout(() => {
      const order = cards().map((c) => Number(c.dataset.photo));
      if (order.join(",") === savedOrder) return;  // a click on the handle that moved nothing
      post(desk.dataset.orderUrl, { order }, true).then(({ data }) => {
        if (data.ok) savedOrder = order.join(",");
        announce(data.ok ? `“${card.querySelector(".desk-name").textContent}” is photo ${cards().indexOf(card) + 1} of ${order.length}. ${data.message}` : "The order was not saved: " + errorText(data.errors));
      }).catch(() => announce("The order was not saved: the connection failed."));
    }, 250);
  }
  function move(card, step, keepFocus) {
    const all = cards();
    const target = all[all.indexOf(card) + step];
    if (!target) return;
    if (step < 0) target.before(card); else target.after(card);
    if (keepFocus) keepFocus.focus();
    saveOrder(card);
  }
  function moveTo(card, position, keepFocus) {
    const all = cards();
    const target = all[Math.max(0, Math.min(all.length - 1, position - 1))];
    if (!target || target === card) return;
    if (all.indexOf(target) < all.indexOf(card)) target.before(card); else target.after(card);
    keepFocus.value = "";
    keepFocus.focus();
    saveOrder(card);
  }
  list.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.classList.contains("desk-goto") && event.target.value) {
      event.preventDefault();
      moveTo(cardOf(event.target), Number(event.target.value), event.target);
    }
  });
  let dragged = null;
  list.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest(".desk-handle");
    if (!handle) return;
    dragged = cardOf(handle);
    dragged.classList.add("dragging");
    handle.setPointerCapture(event.pointerId);
  });
  list.addEventListener("pointermove", (event) => {
    if (!dragged) return;
    const over = document.elementFromPoint(event.clientX, event.clientY);
    const target = over && cardOf(over);
    if (!target || target === dragged) return;
    const box = target.getBoundingClientRect();
    if (event.clientX < box.left + box.width / 2) target.before(dragged); else target.after(dragged);
  });
  function drop() {
    if (!dragged) return;
    const card = dragged;
    dragged = null;
    card.classList.remove("dragging");
    saveOrder(card);
  }
  list.addEventListener("pointerup", drop);
  list.addEventListener("pointercancel", drop);

  /* Upload here: dropped files and folders, three at a time, each reported; new photos become cards. */
  const upload = document.getElementById("desk-upload");
  const results = document.getElementById("desk-upload-results");
  const queue = [];
  let running = 0;
  function addCards(ids) {
    if (!ids.length) return;
    fetch(desk.dataset.cardsUrl + "?ids=" + ids.join(","), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => {
        ids.forEach((id) => {
          if (!data.cards[id] || document.getElementById("card-" + id)) return;
          const card = html(data.cards[id]);
          const position = Number(card.dataset.position);
          const after = cards().find((other) => Number(other.dataset.position) > position);
          if (after) after.before(card); else list.append(card);
        });
        savedOrder = cards().map((c) => c.dataset.photo).join(",");
        applyFilter();
        summary.textContent = data.summary;
        enhance(list);
      });
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

  /* What only works with this script is shown by it. */
  function enhance(root) {
    root.querySelectorAll(".desk-move, .desk-person-input").forEach((element) => { element.hidden = false; });
    root.querySelectorAll(".desk-save").forEach((button) => { button.hidden = true; });
  }
  desk.querySelector(".desk-select-tools").hidden = false;
  enhance(list);
  countSelected();
})();
