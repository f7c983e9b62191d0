// The Zoom buttons of photo pages and the slideshow: fetch the deep-zoom viewer (zoom.js, named
// by this script's data-viewer) on the first click only, so pages that nobody zooms stay light.
(function () {
  "use strict";
  var script = document.currentScript, loading = null;

  function viewer() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = script.dataset.viewer;
        tag.onload = function () { resolve(window.ExpeditionZoom); };
        tag.onerror = function () { loading = null; reject(new Error("zoom viewer unavailable")); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-zoom-info]");
    if (!opener || !opener.dataset.zoomInfo) return;
    event.preventDefault();
    opener.setAttribute("aria-busy", "true");
    viewer()
      .then(function (zoom) { return zoom.open(opener.dataset.zoomInfo, opener.dataset.zoomTitle || "Photo", opener); })
      .catch(function () { opener.setAttribute("aria-disabled", "true"); })
      .finally(function () { opener.removeAttribute("aria-busy"); });
  });
})();
