// Full-screen slideshow for a gallery page. Progressive enhancement: without this script every
// photo link opens its own page, which is also the address the slideshow shows for each photo.
// A native <dialog> opened with showModal() makes the rest of the page inert (focus stays inside)
// and closes on Escape; this adds keys, swipes, history and focus restoration.
(function () {
  "use strict";
  var dialog = document.getElementById("slideshow");
  if (!dialog || typeof dialog.showModal !== "function" || !window.history.pushState) return;
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure[data-slide]"));
  if (!figures.length) return;

  function part(name) { return dialog.querySelector('[data-slideshow="' + name + '"]'); }
  var stage = part("stage"), title = part("title"), caption = part("caption"), permalink = part("permalink");
  var status = document.getElementById("slideshow-status"), preload = part("preload");
  var previous = part("previous"), next = part("next"), zoom = part("zoom");
  var galleryUrl = window.location.href.split("#")[0];
  var current = -1, ownsHistoryEntry = false;
  // A long gallery comes 48 photos a page: the slideshow fetches the next (or previous) page's
  // photos when it reaches the end of those it has, and numbers them across the whole gallery.
  var list = document.querySelector(".gallery-photos");
  var total = Number(list.dataset.total) || figures.length, first = Number(list.dataset.first) || 1;
  var nextPage = list.dataset.nextPage || "", previousPage = list.dataset.previousPage || "", fetching = false;
  figures.forEach(function (figure) { figure.dataset.page = galleryUrl; });

  function fetchPage(address, before) {
    fetching = true;
    var url = new URL(address, galleryUrl).href;
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (text) {
        var page = new DOMParser().parseFromString(text, "text/html");
        var more = Array.prototype.map.call(page.querySelectorAll("figure[data-slide]"), function (figure) {
          var copy = document.importNode(figure, true);
          copy.dataset.page = url;
          return copy;
        });
        var pageList = page.querySelector(".gallery-photos");
        if (before) {
          previousPage = pageList && pageList.dataset.previousPage ? new URL(pageList.dataset.previousPage, url).href : "";
          figures = more.concat(figures);
          first -= more.length;
          current += more.length;
        } else {
          nextPage = pageList && pageList.dataset.nextPage ? new URL(pageList.dataset.nextPage, url).href : "";
          figures = figures.concat(more);
        }
      })
      .finally(function () { fetching = false; });
  }

  // How wide the photo shows on this screen: the whole viewport's width or height, whichever
  // limits it (never wider than a small original), so the browser picks the rendition for that
  // width at the screen's pixel density.
  function shownWidth(img) {
    var ratio = (Number(img.getAttribute("width")) || 3) / (Number(img.getAttribute("height")) || 2);
    var width = Math.min(window.innerWidth, window.innerHeight * ratio);
    if (img.classList.contains("small")) width = Math.min(width, Number(img.getAttribute("width")) || width);
    return Math.max(1, Math.round(width)) + "px";
  }

  // A copy of the gallery's own <picture>, sized for the full screen and loaded at once.
  function picture(index) {
    var copy = figures[index].querySelector("picture").cloneNode(true);
    var sizes = shownWidth(copy.querySelector("img"));
    copy.querySelectorAll("[sizes]").forEach(function (el) { el.setAttribute("sizes", sizes); });
    var img = copy.querySelector("img");
    img.removeAttribute("fetchpriority");
    img.loading = "eager";
    return copy;
  }

  function show(index) {
    current = index;
    var figure = figures[index];
    stage.replaceChildren(picture(index));
    title.textContent = figure.querySelector("h2").textContent;
    caption.replaceChildren.apply(caption, Array.prototype.map.call(
      figure.querySelector("figcaption").children, function (el) { return el.cloneNode(true); }));
    permalink.href = figure.dataset.slide;
    zoom.hidden = !figure.dataset.zoom;
    zoom.dataset.zoomInfo = figure.dataset.zoom || "";
    zoom.dataset.zoomTitle = title.textContent;
    status.textContent = "Photo " + (first + index) + " of " + total;
    previous.setAttribute("aria-disabled", String(first + index === 1));
    next.setAttribute("aria-disabled", String(first + index === total));
    // Fetch the next photo now, so moving on shows it without waiting.
    if (index + 1 < figures.length) preload.replaceChildren(picture(index + 1));
    else preload.replaceChildren();
  }

  function open(index, pushHistory) {
    show(index);
    if (pushHistory) {
      window.history.pushState({ slide: index }, "", figures[index].dataset.slide);
      ownsHistoryEntry = true;
    }
    if (!dialog.open) {
      document.documentElement.classList.add("slideshow-open");
      dialog.showModal();
    }
  }

  function move(step) {
    var index = current + step;
    if (!dialog.open || fetching) return;
    if (index >= figures.length && nextPage) { fetchPage(nextPage, false).then(function () { move(step); }); return; }
    if (index < 0 && previousPage) { fetchPage(previousPage, true).then(function () { move(step); }); return; }
    if (index < 0 || index >= figures.length) return;
    show(index);
    // Moving replaces the entry: Back leaves the slideshow, wherever it got to.
    window.history.replaceState({ slide: index }, "", figures[index].dataset.slide);
  }

  dialog.addEventListener("close", function () {
    document.documentElement.classList.remove("slideshow-open");
    stage.replaceChildren();
    preload.replaceChildren();
    if (ownsHistoryEntry) {
      ownsHistoryEntry = false;
      window.history.back();
    } else {
      window.history.replaceState(null, "", galleryUrl);
    }
    // Focus returns to the photo the reader was looking at, in the gallery: on its own page if
    // the slideshow went on to another.
    var figure = figures[current];
    if (!figure.isConnected) { window.location.assign(figure.dataset.page.split("#")[0] + "#" + figure.id); return; }
    figure.querySelector(".photo-link").focus({ preventScroll: true });
    figure.scrollIntoView({ block: "center" });
  });

  window.addEventListener("popstate", function (event) {
    var index = event.state && typeof event.state.slide === "number" ? event.state.slide : -1;
    if (index >= 0 && index < figures.length) {
      ownsHistoryEntry = true;
      open(index, false);
    } else if (dialog.open) {
      ownsHistoryEntry = false;
      dialog.close();
    }
  });

  figures.forEach(function (figure, index) {
    figure.querySelector(".photo-link").addEventListener("click", function (event) {
      // New-tab and new-window clicks open the photo page as usual.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      open(index, true);
    });
  });

  previous.addEventListener("click", function () { move(-1); });
  next.addEventListener("click", function () { move(1); });
  part("close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog || event.target === stage) dialog.close();
  });
  // On the document, not the dialog: keys must work even when focus has fallen back to <body>
  // (the page behind is inert while the dialog is open, so nothing else wants them).
  document.addEventListener("keydown", function (event) {
    var steps = { ArrowLeft: -1, ArrowRight: 1, PageUp: -1, PageDown: 1 };
    if (!dialog.open || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Tab") {
      // showModal() makes the page inert but lets Tab leave for the browser's own controls; wrap instead.
      var stops = dialog.querySelectorAll("button:not([hidden]), a[href]");
      var first = stops[0], last = stops[stops.length - 1];
      if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    } else if (event.key in steps) {
      event.preventDefault();
      move(steps[event.key]);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      move((event.key === "Home" ? 0 : figures.length - 1) - current);  // the pages loaded so far
    }
  });

  var touchX = null, touchY = null;
  dialog.addEventListener("touchstart", function (event) {
    touchX = event.changedTouches[0].clientX;
    touchY = event.changedTouches[0].clientY;
  }, { passive: true });
  dialog.addEventListener("touchend", function (event) {
    if (touchX === null) return;
    var dx = event.changedTouches[0].clientX - touchX, dy = event.changedTouches[0].clientY - touchY;
    touchX = null;
    if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) move(dx < 0 ? 1 : -1);
  }, { passive: true });
})();
