/* The photo desk: save cards as you type, select many, change them at once. No framework.
 *
 * The desk shows a page of cards; filters and pages are plain links. desk-order.js reorders and
 * desk-upload.js uploads, through window.photoDesk (below). Without these scripts the desk still
 * works: each card and the bulk form are plain forms that post and land back on the same page.
 * With them, nothing reloads the page: the server answers a change with the page as it now is.
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

  /* Folded words, as the server stores names (galleries.text.folded_words): "Auñón-Chancellor" is "aunon chancellor". */
  function fold(text) {
    const map = { "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d" };
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[łøđßæœıþð]/g, (c) => map[c])
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function announce(text) { announcer.textContent = ""; window.setTimeout(() => { announcer.textContent = text; }, 50); }
  function cards() { return Array.from(list.querySelectorAll(".desk-card")); }
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
    const text = " " + fold(caption) + " ";
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
    if (!card || !event.altKey || !["ArrowDown", "ArrowUp"].includes(event.key) || !event.target.name) return;
    const all = cards();
    const next = all[all.indexOf(card) + (event.key === "ArrowDown" ? 1 : -1)];
    const field = next && next.querySelector(`[name="${event.target.name}"]`);
    if (field) { event.preventDefault(); field.focus(); }
  });

  /* Selection: a checkbox a card, Shift for a range, and all / none / not ready on this page; or
     every photo the filter matches, on every page, its number stated on the button. */
  const bulk = document.getElementById("desk-bulk");
  const selectedCount = document.getElementById("desk-selected");
  const apply = bulk.querySelector("input[type=submit]");
  let lastBox = null;
  function scope() { return bulk.querySelector("input[name=scope]:checked").value; }
  function setScope(value) { bulk.querySelector(`input[name=scope][value=${value}]`).checked = true; countSelected(); }
  function countSelected() {
    const boxes = list.querySelectorAll(".desk-select");
    let count = 0;
    boxes.forEach((box) => { cardOf(box).classList.toggle("selected", box.checked); count += box.checked ? 1 : 0; });
    selectedCount.textContent = count + " selected";
    const matching = Number(document.getElementById("desk-expected").value);
    apply.value = scope() === "matching" ? `Apply to all ${matching.toLocaleString("en")}` : "Apply to selected";
  }
  bulk.addEventListener("change", (event) => { if (event.target.name === "scope") countSelected(); });
  list.addEventListener("click", (event) => {
    const box = event.target.closest(".desk-select");
    if (box) {
      if (scope() !== "selected") setScope("selected");
      if (event.shiftKey && lastBox && lastBox !== box) {
        const boxes = cards().map((card) => card.querySelector(".desk-select"));
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
    }
  });
  desk.querySelectorAll("[data-select]").forEach((button) => button.addEventListener("click", () => {
    cards().forEach((card) => {
      const which = button.dataset.select;
      card.querySelector(".desk-select").checked = which === "all" || (which === "not-ready" && card.dataset.filters.split(" ").includes("not-ready"));
    });
    setScope("selected");
  }));

  /* The page as the server now has it (after a change here, a move, an upload or another editor's
     work): cards that left it go, cards that came are inserted, each takes its place and number;
     a card is replaced only when the answer brings it fresh. Counts and page links follow. */
  function setPosition(card, position) {
    card.dataset.position = position;
    card.querySelector(".desk-position").textContent = position;
    if (!card.querySelector("input[name=title]").value) card.querySelector(".desk-name").textContent = "Photo " + position;
  }
  function applyPage(data) {
    const wanted = new Set(data.page.map(([id]) => String(id)));
    cards().forEach((card) => { if (!wanted.has(card.dataset.photo)) card.remove(); });
    const focused = document.activeElement;
    let previous = null;
    data.page.forEach(([id, position]) => {
      let card = document.getElementById("card-" + id);
      if (data.cards[id]) {
        const fresh = html(data.cards[id]);
        if (card) {
          fresh.querySelector(".desk-select").checked = card.querySelector(".desk-select").checked;
          if (lastBox && card.contains(lastBox)) lastBox = fresh.querySelector(".desk-select");
          card.replaceWith(fresh);
          const same = focused && focused.id && fresh.querySelector("#" + CSS.escape(focused.id));
          if (same && !document.body.contains(focused)) same.focus();
        }
        card = fresh;
      }
      if (!card) return;
      if (previous ? previous.nextElementSibling !== card : list.firstElementChild !== card) {
        if (previous) previous.after(card); else list.prepend(card);
      }
      setPosition(card, position);
      previous = card;
    });
    if (lastBox && !document.body.contains(lastBox)) lastBox = null;
    const empty = list.querySelector(".desk-empty");
    if (empty) empty.hidden = data.page.length > 0;
    summary.textContent = data.summary;
    desk.querySelectorAll("[data-count]").forEach((count) => { count.textContent = data.counts[count.dataset.count]; });
    document.getElementById("desk-matching").textContent = data.counts[desk.dataset.filter];
    document.getElementById("desk-expected").value = data.counts[desk.dataset.filter];
    Object.assign(desk.dataset, { total: data.counts.all, page: data.number, pages: data.pages });
    data.pagers.forEach((markup) => {
      const fresh = html(markup);
      const old = desk.querySelector(`[data-pager="${fresh.dataset.pager}"]`);
      if (old) old.replaceWith(fresh);
    });
    const address = `?filter=${desk.dataset.filter}&page=${data.number}`;
    if (window.location.search && window.location.search !== address) window.history.replaceState(null, "", address);
    enhance(list);
    countSelected();
  }
  let refreshing = false;
  let refreshAgain = false;
  function refresh() {
    if (refreshing) { refreshAgain = true; return; }
    refreshing = true;
    const query = new URLSearchParams({ filter: desk.dataset.filter, page: desk.dataset.page, have: cards().map((c) => c.dataset.photo).join(",") });
    fetch(desk.dataset.cardsUrl + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => { if (photoDesk.moving()) refreshAgain = true; else applyPage(data); })
      .catch(() => {})
      .finally(() => { refreshing = false; if (refreshAgain) { refreshAgain = false; window.setTimeout(refresh, 300); } });
  }

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
    if (scope() === "selected" && !body.getAll("photos").length) { status.textContent = "Select one or more photos first."; return; }
    cards().forEach((card) => body.append("have", card.dataset.photo));
    status.textContent = "Applying…";
    settled().then(() => post(bulk.getAttribute("action"), body)).then(({ status: code, data }) => {
      if (code !== 200 || !data.ok) { status.textContent = "Not applied: " + errorText(data.errors); refresh(); return; }
      status.textContent = data.message;
      applyPage(data);
    }).catch(() => { status.textContent = "Not applied: the connection failed. Try again."; });
  });

  /* What only works with this script is shown by it. */
  function enhance(root) {
    root.querySelectorAll(".desk-move, .desk-person-input").forEach((element) => { element.hidden = false; });
    root.querySelectorAll(".desk-save").forEach((button) => { button.hidden = true; });
  }
  desk.querySelector(".desk-select-tools").hidden = false;
  enhance(list);
  countSelected();

  const photoDesk = { desk, list, csrf, post, html, announce, errorText, cards, cardOf, setPosition, applyPage, refresh, enhance, moving: () => false };
  window.photoDesk = photoDesk;
})();
