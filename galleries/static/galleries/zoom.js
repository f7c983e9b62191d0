// Deep-zoom viewer for an IIIF Image API 3.0 level 0 service (galleries/iiif.py), loaded by
// zoom-load.js only when a reader opens zoom. Our own rather than OpenSeadragon: OSD 6 injects an
// inline <style> (refused by our Content-Security-Policy; it also hides the focus ring on touch
// screens) and is 350 KB minified; this is a few KB and does what the site needs.
// Tiles are <img> elements placed in picture pixels inside a layer that one CSS transform
// (set through the CSSOM, which the CSP allows) moves and scales; the smallest whole picture
// stays underneath, so no part of the screen is ever blank while finer tiles arrive.
(function () {
  "use strict";
  var ZOOM_STEP = 1.5, PAN_STEP = 0.125;

  function element(name, className, text) {
    var el = document.createElement(name);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function button(label, hint, action) {
    var b = element("button", "zoom-button-tool", label);
    b.type = "button";
    if (hint) b.setAttribute("aria-label", hint);
    b.dataset.zoomAction = action;
    return b;
  }

  function Viewer(info, title, opener) {
    this.info = info;
    this.opener = opener;
    this.width = info.width;
    this.height = info.height;
    this.tileSize = info.tiles[0].width;
    this.factors = info.tiles[0].scaleFactors.slice().sort(function (a, b) { return a - b; });
    this.tiles = new Map();
    this.pointers = new Map();
    this.build(title);
  }

  Viewer.prototype.build = function (title) {
    var self = this;
    var dialog = this.dialog = element("dialog", "zoom-viewer");
    dialog.setAttribute("aria-label", "Zoom: " + title);
    var stage = this.stage = element("div", "zoom-stage");
    stage.tabIndex = 0;
    stage.setAttribute("role", "application");
    stage.setAttribute("aria-roledescription", "zoomable photo");
    stage.setAttribute("aria-label", title);
    var help = element("p", "visually-hidden",
      "Plus and minus zoom, arrow keys move, 0 shows the whole photo, Escape closes. On a touch screen, pinch to zoom and drag to move.");
    help.id = "zoom-help";
    stage.setAttribute("aria-describedby", help.id);
    this.layer = element("div", "zoom-layer");
    this.layer.style.width = this.width + "px";
    this.layer.style.height = this.height + "px";
    stage.appendChild(this.layer);
    var bar = element("div", "zoom-bar");
    this.zoomIn = button("+", "Zoom in", "in");
    this.zoomOut = button("\u2212", "Zoom out", "out");
    bar.append(this.zoomIn, this.zoomOut, button("Whole photo", "", "reset"),
      button("Close", "Close zoom", "close"));
    this.status = element("p", "visually-hidden");
    this.status.setAttribute("aria-live", "polite");
    dialog.append(stage, bar, help, this.status);

    // The smallest picture there is, whole, under the tiles.
    var sizes = (this.info.sizes || []).slice().sort(function (a, b) { return a.width - b.width; });
    var base = sizes.length ? sizes[sizes.length - 1] : null;
    if (base) this.layer.appendChild(this.tileImage(this.url("full", base.width, base.height), 0, 0, this.width, this.height, 0));

    bar.addEventListener("click", function (event) {
      var action = event.target.closest("[data-zoom-action]");
      if (!action || action.getAttribute("aria-disabled") === "true") return;
      var a = action.dataset.zoomAction;
      if (a === "close") self.dialog.close();
      else if (a === "reset") self.reset();
      else self.zoomBy(a === "in" ? ZOOM_STEP : 1 / ZOOM_STEP);
    });
    dialog.addEventListener("keydown", function (event) { self.key(event); });
    dialog.addEventListener("close", function () { self.closed(); });
    stage.addEventListener("wheel", function (event) {
      event.preventDefault();
      var lines = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
      var point = self.local(event);
      self.zoomAt(point.x, point.y, Math.exp(-event.deltaY * lines * 0.0015));
    }, { passive: false });
    stage.addEventListener("pointerdown", function (event) {
      stage.setPointerCapture(event.pointerId);
      self.pointers.set(event.pointerId, self.local(event));
    });
    stage.addEventListener("pointermove", function (event) { self.pointerMoved(event); });
    ["pointerup", "pointercancel", "lostpointercapture"].forEach(function (name) {
      stage.addEventListener(name, function (event) { self.pointers.delete(event.pointerId); });
    });
    stage.addEventListener("dblclick", function (event) {
      var point = self.local(event);
      self.zoomAt(point.x, point.y, 2);
    });
    this.resized = function () { self.measure(); self.clamp(); self.schedule(); };
    window.addEventListener("resize", this.resized);
  };

  Viewer.prototype.open = function () {
    document.body.appendChild(this.dialog);
    this.dialog.showModal();
    this.measure();
    this.reset();
    this.stage.focus();
  };

  Viewer.prototype.closed = function () {
    window.removeEventListener("resize", this.resized);
    this.dialog.remove();
    if (this.opener && this.opener.isConnected) this.opener.focus();
  };

  Viewer.prototype.url = function (region, w, h) {
    return this.info.id + "/" + region + "/" + w + "," + h + "/0/default.jpg";
  };

  Viewer.prototype.tileImage = function (src, x, y, w, h, order) {
    var img = element("img", "zoom-tile");
    img.alt = "";
    img.decoding = "async";
    img.draggable = false;
    img.src = src;
    img.style.left = x + "px";
    img.style.top = y + "px";
    img.style.width = w + "px";
    img.style.height = h + "px";
    img.style.zIndex = String(order);
    return img;
  };

  Viewer.prototype.measure = function () {
    var rect = this.stage.getBoundingClientRect();
    this.viewWidth = rect.width || window.innerWidth;
    this.viewHeight = rect.height || window.innerHeight;
    this.fit = Math.min(this.viewWidth / this.width, this.viewHeight / this.height);
    // Up to two screen pixels a picture pixel: enough to see every pixel, on any screen.
    this.most = Math.max(this.fit, 2);
  };

  Viewer.prototype.local = function (event) {
    var rect = this.stage.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  Viewer.prototype.reset = function () {
    this.scale = this.fit;
    this.centerX = this.width / 2;
    this.centerY = this.height / 2;
    this.changed();
  };

  Viewer.prototype.zoomBy = function (factor) { this.zoomAt(this.viewWidth / 2, this.viewHeight / 2, factor); };

  // Zoom by `factor` keeping the picture point under (x, y) of the stage where it is.
  Viewer.prototype.zoomAt = function (x, y, factor) {
    var pictureX = this.centerX + (x - this.viewWidth / 2) / this.scale;
    var pictureY = this.centerY + (y - this.viewHeight / 2) / this.scale;
    this.scale = Math.min(this.most, Math.max(this.fit, this.scale * factor));
    this.centerX = pictureX - (x - this.viewWidth / 2) / this.scale;
    this.centerY = pictureY - (y - this.viewHeight / 2) / this.scale;
    this.changed();
  };

  Viewer.prototype.pan = function (dx, dy) {
    this.centerX -= dx / this.scale;
    this.centerY -= dy / this.scale;
    this.clamp();
    this.schedule();
  };

  Viewer.prototype.pointerMoved = function (event) {
    var last = this.pointers.get(event.pointerId);
    if (!last) return;
    var point = this.local(event);
    if (this.pointers.size === 1) {
      this.pan(point.x - last.x, point.y - last.y);
    } else if (this.pointers.size === 2) {
      var other = null;
      this.pointers.forEach(function (p, id) { if (id !== event.pointerId) other = p; });
      var before = Math.hypot(last.x - other.x, last.y - other.y);
      var after = Math.hypot(point.x - other.x, point.y - other.y);
      var midX = (point.x + other.x) / 2, midY = (point.y + other.y) / 2;
      if (before > 0) this.zoomAt(midX, midY, after / before);
      this.pan((point.x - last.x) / 2, (point.y - last.y) / 2);
    }
    this.pointers.set(event.pointerId, point);
  };

  Viewer.prototype.key = function (event) {
    var handled = true;
    var pan = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[event.key];
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "+" || event.key === "=") this.zoomBy(ZOOM_STEP);
    else if (event.key === "-" || event.key === "_") this.zoomBy(1 / ZOOM_STEP);
    else if (event.key === "0") this.reset();
    else if (pan) this.pan(pan[0] * this.viewWidth * PAN_STEP, pan[1] * this.viewHeight * PAN_STEP);
    else if (event.key === "Escape") this.dialog.close();
    else if (event.key === "Tab") {
      // Keep Tab inside the viewer (showModal() lets it leave for the browser's own controls).
      var stops = this.dialog.querySelectorAll("[tabindex='0'], button");
      var first = stops[0], last = stops[stops.length - 1];
      if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
        (event.shiftKey ? last : first).focus();
      } else handled = false;
    } else handled = false;
    if (handled) event.preventDefault();
    // A slideshow underneath must not act on the viewer's keys.
    event.stopPropagation();
  };

  Viewer.prototype.clamp = function () {
    var halfW = this.viewWidth / (2 * this.scale), halfH = this.viewHeight / (2 * this.scale);
    this.centerX = halfW * 2 >= this.width ? this.width / 2 : Math.min(this.width - halfW, Math.max(halfW, this.centerX));
    this.centerY = halfH * 2 >= this.height ? this.height / 2 : Math.min(this.height - halfH, Math.max(halfH, this.centerY));
  };

  Viewer.prototype.changed = function () {
    this.clamp();
    // aria-disabled, not disabled: a button that focus is on keeps it at the end of the range.
    this.zoomIn.setAttribute("aria-disabled", String(this.scale >= this.most - 1e-9));
    this.zoomOut.setAttribute("aria-disabled", String(this.scale <= this.fit + 1e-9));
    var self = this;
    window.clearTimeout(this.announce);
    this.announce = window.setTimeout(function () {
      self.status.textContent = "Magnified " + Math.round(self.scale / self.fit * 10) / 10 + " times";
    }, 400);
    this.schedule();
  };

  Viewer.prototype.schedule = function () {
    var self = this;
    if (this.frame) return;
    this.frame = window.requestAnimationFrame(function () { self.frame = 0; self.draw(); });
  };

  // The coarsest scale whose pixels are still no bigger than the screen's.
  Viewer.prototype.level = function () {
    var wanted = 1 / (this.scale * (window.devicePixelRatio || 1));
    var chosen = this.factors[0];
    this.factors.forEach(function (f) { if (f <= wanted) chosen = f; });
    return chosen;
  };

  Viewer.prototype.draw = function () {
    var z = this.scale;
    var left = this.viewWidth / 2 - this.centerX * z, top = this.viewHeight / 2 - this.centerY * z;
    this.layer.style.transform = "translate(" + left + "px, " + top + "px) scale(" + z + ")";
    var scale = this.level(), span = this.tileSize * scale;
    var x0 = Math.max(0, this.centerX - this.viewWidth / (2 * z)), x1 = Math.min(this.width, this.centerX + this.viewWidth / (2 * z));
    var y0 = Math.max(0, this.centerY - this.viewHeight / (2 * z)), y1 = Math.min(this.height, this.centerY + this.viewHeight / (2 * z));
    var wanted = new Set();
    for (var y = Math.floor(y0 / span) * span; y < y1; y += span) {
      for (var x = Math.floor(x0 / span) * span; x < x1; x += span) {
        var w = Math.min(span, this.width - x), h = Math.min(span, this.height - y);
        var whole = x === 0 && y === 0 && w === this.width && h === this.height;
        var src = this.url(whole ? "full" : [x, y, w, h].join(","), Math.ceil(w / scale), Math.ceil(h / scale));
        wanted.add(src);
        if (!this.tiles.has(src)) {
          var img = this.tileImage(src, x, y, w, h, 100 - Math.log2(scale));
          this.tiles.set(src, img);
          this.layer.appendChild(img);
        }
      }
    }
    // Tiles of other scales go once this scale's are all in, so nothing flickers meanwhile.
    var tiles = this.tiles, ready = true;
    wanted.forEach(function (src) { if (!tiles.get(src).complete) ready = false; });
    if (ready) {
      tiles.forEach(function (img, src) { if (!wanted.has(src)) { img.remove(); tiles.delete(src); } });
    } else {
      var self = this;
      wanted.forEach(function (src) {
        var img = tiles.get(src);
        if (!img.complete) img.addEventListener("load", function () { self.schedule(); }, { once: true });
      });
    }
  };

  window.ExpeditionZoom = {
    open: function (infoUrl, title, opener) {
      return fetch(infoUrl, { credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (info) {
          var viewer = new Viewer(info, title, opener);
          viewer.open();
          return viewer;
        });
    }
  };
})();
