/* The focal point editor (templates/admin/galleries/_focal_editor.html), on the photo form and the
   desk's cards: a click on the picture fills the focal point's two number inputs, a drag across it
   the crop rectangle's four, and the previews show the crops as galleries/imaging/crops.py will make
   them (cropBox repeats its crop_box). The inputs stay the truth: typing in them moves the marker. */
(function () {
  "use strict";

  function clamp(value, low, high) { return Math.max(low, Math.min(value, high)); }
  function round3(value) { return Math.round(value * 1000) / 1000; }

  /* The largest box of shape `ratio` inside `rect` centred on `focal`, in pixels of a w × h image. */
  function cropBox(w, h, ratio, focal, rect) {
    const r = rect || [0, 0, 1, 1];
    const left = clamp(Math.round(r[0] * w), 0, w - 1);
    const top = clamp(Math.round(r[1] * h), 0, h - 1);
    const right = clamp(Math.round(r[2] * w), left + 1, w);
    const bottom = clamp(Math.round(r[3] * h), top + 1, h);
    const rw = right - left, rh = bottom - top;
    let bw, bh;
    if (rw / rh > ratio) { bh = rh; bw = Math.min(rw, Math.max(1, Math.round(rh * ratio))); }
    else { bw = rw; bh = Math.min(rh, Math.max(1, Math.round(rw / ratio))); }
    const f = focal || [0.5, 0.5];
    const bl = clamp(Math.round(f[0] * w - bw / 2), left, right - bw);
    const bt = clamp(Math.round(f[1] * h - bh / 2), top, bottom - bh);
    return { left: bl, top: bt, width: bw, height: bh };
  }

  function setUp(editor) {
    if (editor.dataset.focalReady) return;
    editor.dataset.focalReady = "1";
    const inputs = editor.dataset.inputs.split(" ").map((id) => document.getElementById(id));
    if (inputs.some((input) => !input)) return;
    const [fx, fy, ...sides] = inputs;
    const w = Number(editor.dataset.width), h = Number(editor.dataset.height);
    const stage = editor.querySelector(".focal-stage");
    const image = editor.querySelector(".focal-image");
    const marker = editor.querySelector(".focal-marker");
    const rectBox = editor.querySelector(".focal-rect");

    function number(input) { return input.value === "" ? null : Number(input.value); }
    function focal() {
      const x = number(fx), y = number(fy);
      return x === null || y === null || Number.isNaN(x) || Number.isNaN(y) ? null : [clamp(x, 0, 1), clamp(y, 0, 1)];
    }
    function rect() {
      if (sides.length !== 4) return null;
      const values = sides.map(number);
      if (values.some((v) => v === null || Number.isNaN(v))) return null;
      return values[0] < values[2] && values[1] < values[3] ? values : null;
    }
    function put(input, value) {
      input.value = value === null ? "" : String(round3(value));
      input.dispatchEvent(new Event("input", { bubbles: true }));  // the desk saves on input
    }

    function draw() {
      const point = focal(), area = rect();
      marker.hidden = !point;
      if (point) { marker.style.left = point[0] * 100 + "%"; marker.style.top = point[1] * 100 + "%"; }
      rectBox.hidden = !area;
      if (area) {
        rectBox.style.left = area[0] * 100 + "%";
        rectBox.style.top = area[1] * 100 + "%";
        rectBox.style.width = (area[2] - area[0]) * 100 + "%";
        rectBox.style.height = (area[3] - area[1]) * 100 + "%";
      }
      editor.querySelectorAll(".focal-preview").forEach((preview) => {
        const box = cropBox(w, h, Number(preview.dataset.ratio), point, area);
        const shown = preview.clientWidth / box.width;  // preview pixels per picture pixel
        const img = preview.querySelector("img");
        img.style.width = w * shown + "px";
        img.style.height = h * shown + "px";
        img.style.left = -box.left * shown + "px";
        img.style.top = -box.top * shown + "px";
        preview.dataset.box = [box.left, box.top, box.width, box.height].join(",");
      });
    }

    function fractionAt(event) {
      const bounds = image.getBoundingClientRect();
      return [clamp((event.clientX - bounds.left) / bounds.width, 0, 1), clamp((event.clientY - bounds.top) / bounds.height, 0, 1)];
    }
    let start = null;
    image.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.preventDefault();  // no native image drag
      start = fractionAt(event);
    });
    image.addEventListener("pointerup", (event) => {
      if (!start) return;
      const end = fractionAt(event);
      const dragged = Math.abs(end[0] - start[0]) > 0.02 && Math.abs(end[1] - start[1]) > 0.02;
      if (dragged && sides.length === 4) {
        put(sides[0], Math.min(start[0], end[0]));
        put(sides[1], Math.min(start[1], end[1]));
        put(sides[2], Math.max(start[0], end[0]));
        put(sides[3], Math.max(start[1], end[1]));
      } else {
        put(fx, end[0]);
        put(fy, end[1]);
      }
      start = null;
      draw();
    });
    image.addEventListener("dragstart", (event) => event.preventDefault());
    /* Keyboard: the picture takes focus, and the arrow keys move the focal point (Shift: further). */
    stage.tabIndex = 0;
    stage.setAttribute("role", "group");
    stage.setAttribute("aria-label", image.alt + ". Arrow keys move the focal point.");
    stage.addEventListener("keydown", (event) => {
      const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
      if (!steps) return;
      event.preventDefault();
      const point = focal() || [0.5, 0.5], step = event.shiftKey ? 0.1 : 0.02;
      put(fx, clamp(point[0] + steps[0] * step, 0, 1));
      put(fy, clamp(point[1] + steps[1] * step, 0, 1));
      draw();
    });
    inputs.forEach((input) => input.addEventListener("input", draw));
    const clear = editor.querySelector(".focal-clear-rect");
    if (clear) clear.addEventListener("click", () => { sides.forEach((side) => put(side, null)); draw(); });
    editor.hidden = false;
    if (image.complete) draw(); else image.addEventListener("load", draw);
    window.addEventListener("resize", draw);
    const details = editor.closest("details");
    if (details) details.addEventListener("toggle", draw);  // the previews have no size while closed
  }

  function start() {
    document.querySelectorAll("[data-focal-editor]").forEach(setUp);
    /* The desk adds cards as the editor pages through them or uploads: bring theirs to life too. */
    new MutationObserver(() => document.querySelectorAll("[data-focal-editor]:not([data-focal-ready])").forEach(setUp))
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
