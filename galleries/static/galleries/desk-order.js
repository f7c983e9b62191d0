/* The photo desk's order: Move up / Move down, the handle's arrow keys, drag the handle, or type
 * a gallery position in "To". Each move is one photo and the gallery position it takes (1 is
 * first), so a photo can go to any page: the cards move at once, a card whose new place is on
 * another page leaves this one, and the server's answer brings the page as it now is.
 * Moves are sent one at a time, in order; moves of one card made meanwhile go as one.
 */
"use strict";
(function () {
  const photoDesk = window.photoDesk;
  if (!photoDesk) return;
  const { desk, list, cards, cardOf, post, announce, errorText, setPosition } = photoDesk;
  const queue = [];
  let sending = false;
  let timer = null;
  photoDesk.moving = () => sending || queue.length > 0;

  function positionOf(card) { return Number(card.dataset.position); }
  function nameOf(card) { return card.querySelector(".desk-name").textContent; }

  function place(card, wanted) {
    const from = positionOf(card);
    const to = Math.max(1, Math.min(Number(desk.dataset.total), wanted));
    if (!to || to === from) return;
    const others = cards().filter((other) => other !== card);
    others.forEach((other) => {
      const position = positionOf(other);
      if (to < from && position >= to && position < from) setPosition(other, position + 1);
      if (to > from && position > from && position <= to) setPosition(other, position - 1);
    });
    setPosition(card, to);
    const positions = others.map(positionOf);
    const page = Number(desk.dataset.page);
    const leaves = others.length > 0 && ((page > 1 && to < Math.min(...positions)) || (page < Number(desk.dataset.pages) && to > Math.max(...positions)));
    const after = others.find((other) => positionOf(other) > to);
    if (leaves) {
      const next = after || others[others.length - 1];
      card.remove();
      next.querySelector(".desk-handle").focus();
    } else if (after && card.nextElementSibling !== after) {
      after.before(card);
    } else if (!after && others.length && others[others.length - 1].nextElementSibling !== card) {
      others[others.length - 1].after(card);
    }
    const photo = Number(card.dataset.photo);
    const last = queue[queue.length - 1];
    if (last && last.photo === photo) Object.assign(last, { to, leaves }); else queue.push({ photo, to, name: nameOf(card), leaves });
    window.clearTimeout(timer);
    timer = window.setTimeout(send, 250);
  }

  function send() {
    if (sending || !queue.length) return;
    sending = true;
    const move = queue.shift();
    const body = { photo: move.photo, to: move.to, filter: desk.dataset.filter, page: desk.dataset.page, have: cards().map((c) => Number(c.dataset.photo)) };
    let failed = false;
    post(desk.dataset.orderUrl, body, true).then(({ data }) => {
      if (!data.ok) { failed = true; queue.length = 0; announce("The order was not saved: " + errorText(data.errors)); return; }
      if (queue.length) return;  // the next move's answer brings the page
      const where = move.leaves ? ", on another page" : "";
      announce(`“${move.name}” is photo ${data.position} of ${data.counts.all}${where}. ${data.message}`);
      photoDesk.applyPage(data);
    }).catch(() => { failed = true; queue.length = 0; announce("The order was not saved: the connection failed."); })
      .finally(() => { sending = false; if (queue.length) send(); else if (failed) photoDesk.refresh(); });
  }

  function step(card, by, keepFocus) {
    const all = cards();
    const neighbour = all[all.indexOf(card) + by];
    place(card, neighbour ? positionOf(neighbour) : positionOf(card) + by);
    if (keepFocus && document.body.contains(keepFocus)) keepFocus.focus();
  }
  list.addEventListener("click", (event) => {
    if (event.target.closest(".desk-up")) step(cardOf(event.target), -1, event.target.closest("button"));
    if (event.target.closest(".desk-down")) step(cardOf(event.target), 1, event.target.closest("button"));
  });
  list.addEventListener("keydown", (event) => {
    if (event.target.classList.contains("desk-handle") && ["ArrowUp", "ArrowLeft", "ArrowDown", "ArrowRight"].includes(event.key)) {
      event.preventDefault();
      step(cardOf(event.target), event.key === "ArrowUp" || event.key === "ArrowLeft" ? -1 : 1, event.target);
    }
    if (event.key === "Enter" && event.target.classList.contains("desk-goto") && event.target.value) {
      event.preventDefault();
      const box = event.target;
      place(cardOf(box), Number(box.value));
      box.value = "";
      if (document.body.contains(box)) box.focus();
    }
  });

  /* Drag: the card follows the pointer among this page's cards; where it is dropped, it takes the
     place of the card it now stands before (moving up) or after (moving down). */
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
    const from = positionOf(card);
    const next = card.nextElementSibling;
    const previous = card.previousElementSibling;
    if (next && next.classList.contains("desk-card") && positionOf(next) < from) place(card, positionOf(next));
    else if (previous && previous.classList.contains("desk-card") && positionOf(previous) > from) place(card, positionOf(previous));
  }
  list.addEventListener("pointerup", drop);
  list.addEventListener("pointercancel", drop);
})();
