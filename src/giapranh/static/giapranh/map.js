// Offline maps: Leaflet from our own static files, no tile layer, only points shipped with the
// project (communes' centroids) and the records' coordinates given by the page.
// Two uses: the coordinate picker of record forms ([data-coordinate-map], core.forms.CoordinateMapInput)
// and the report and dashboard map ([data-report-map], reports/partials/_map.html), which
// enhances the server-drawn SVG kept for pages without scripts.
(function () {
  "use strict";

  var leaflet = null;
  // Leaflet is loaded only on pages that have a map, once, from the URLs the page gives.
  function loadLeaflet(element) {
    if (window.L) { return Promise.resolve(window.L); }
    if (leaflet) { return leaflet; }
    function load(tag, attrs) {
      return new Promise(function (resolve, reject) {
        var node = document.createElement(tag);
        Object.keys(attrs).forEach(function (key) { node[key] = attrs[key]; });
        node.onload = resolve;
        node.onerror = reject;
        document.head.appendChild(node);
      });
    }
    leaflet = Promise.all([
      load("link", { rel: "stylesheet", href: element.getAttribute("data-leaflet-css") }),
      load("script", { src: element.getAttribute("data-leaflet-js") }),
    ]).then(function () { return window.L; });
    return leaflet;
  }

  // Numbers as the form takes them: `21,7312` (Vietnamese) or `21.7312`.
  function parseNumber(text) {
    var value = (text || "").trim();
    if (/^-?\d+,\d+$/.test(value)) { value = value.replace(",", "."); }
    return /^-?\d+(\.\d+)?$/.test(value) ? parseFloat(value) : NaN;
  }
  function formatNumber(number) {
    return number.toFixed(4).replace(/\.?0+$/, "").replace(".", ",");
  }
  // The same pairs as core.fields.split_pair: `21.7312, 105.3821`, `21,7312 105,3821`, `21.7;105.3`.
  var PAIR = /^\s*(-?\d+(?:[.,]\d+)?)\s*(?:[;\/]\s*|,\s+|\s+)(-?\d+(?:[.,]\d+)?)\s*$/;

  function mapOptions(L) {
    // No tiles: the background is plain; zoom stays within what centroids can tell.
    return { attributionControl: false, minZoom: 6, maxZoom: 16, zoomSnap: 0.5 };
  }

  function communeLayer(L, communes, permanent) {
    return communes.map(function (commune) {
      var marker = L.circleMarker([commune.lat, commune.lon], {
        radius: commune.own ? 7 : 5, weight: 2, color: "#12324f", fillColor: commune.own ? "#0b5cad" : "#ffffff", fillOpacity: 1,
        className: "map-commune", interactive: false,
      });
      marker.bindTooltip(commune.name, { permanent: permanent, direction: "right", className: "map-label" });
      return marker;
    });
  }

  function setUp(container) {
    var data = JSON.parse(container.getAttribute("data-coordinate-map") || "{}");
    var latitude = document.getElementById(container.getAttribute("data-latitude"));
    var longitude = document.getElementById(container.getAttribute("data-longitude"));
    if (!latitude || !longitude) { return; }

    function fill(box, text) {
      box.value = text;
      box.dispatchEvent(new Event("input", { bubbles: true }));
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
    // A pair pasted (or typed) into the latitude box fills both boxes.
    function split(text) {
      var match = PAIR.exec(text || "");
      if (!match) { return false; }
      var lat = parseNumber(match[1]), lon = parseNumber(match[2]);
      if (isNaN(lat) || isNaN(lon)) { return false; }
      fill(latitude, formatNumber(lat));
      fill(longitude, formatNumber(lon));
      return true;
    }
    latitude.addEventListener("paste", function (event) {
      var text = event.clipboardData && event.clipboardData.getData("text");
      if (split(text)) { event.preventDefault(); }
    });
    latitude.addEventListener("change", function () { split(latitude.value); });

    var communes = data.communes || [];
    if (!communes.length) { return; }
    container.hidden = false;
    var canvas = container.querySelector(".coordinate-map-canvas");
    canvas.setAttribute("role", "region");
    canvas.setAttribute("aria-label", container.getAttribute("data-label"));
    loadLeaflet(container).then(function (L) {
      var map = L.map(canvas, mapOptions(L));
      communeLayer(L, communes, communes.length <= 15).forEach(function (marker) { marker.addTo(map); });
      var own = communes.filter(function (commune) { return commune.own && commune.current; })
        .concat(communes.filter(function (commune) { return commune.own && !commune.current; }));
      var bounds = L.latLngBounds(communes.map(function (c) { return [c.lat, c.lon]; }));
      map.fitBounds(bounds.pad(0.15));
      // The opening view is set without animation: a point typed meanwhile is drawn at once.
      if (own.length) { map.setView([own[0].lat, own[0].lon], Math.max(map.getZoom(), 11), { animate: false }); }
      var marker = L.circleMarker([0, 0], { radius: 8, weight: 3, color: "#b42318", fillColor: "#b42318", fillOpacity: 0.5, className: "map-picked", interactive: false });
      function show() {
        var lat = parseNumber(latitude.value), lon = parseNumber(longitude.value);
        if (isNaN(lat) || isNaN(lon)) { marker.remove(); return; }
        marker.setLatLng([lat, lon]).addTo(map);
        // A point typed or pasted outside the view: bring it into view.
        if (!map.getBounds().contains(marker.getLatLng())) { map.panTo(marker.getLatLng(), { animate: false }); }
      }
      show();
      if (map.hasLayer(marker)) { map.setView(marker.getLatLng(), Math.max(map.getZoom(), 13), { animate: false }); }
      latitude.addEventListener("input", show);
      longitude.addEventListener("input", show);
      map.on("click", function (event) {
        fill(latitude, formatNumber(event.latlng.lat));
        fill(longitude, formatNumber(event.latlng.lng));
        show();
      });
    });
  }

  function setUpReport(figure) {
    var data = JSON.parse(figure.getAttribute("data-report-map") || "{}");
    var labels = data.labels || {};
    var communes = data.communes || [], points = data.points || [];
    if (!communes.length && !points.length) { return; }
    loadLeaflet(figure).then(function (L) {
      var canvas = document.createElement("div");
      canvas.className = "report-map-canvas";
      canvas.setAttribute("data-testid", "report-map");
      canvas.setAttribute("role", "region");
      canvas.setAttribute("aria-label", labels.title || "");
      figure.insertBefore(canvas, figure.firstChild);
      figure.classList.add("map-enhanced");
      var map = L.map(canvas, mapOptions(L));
      var colours = { incident: "#b22222", accident: "#e69500" };
      points.forEach(function (point) {
        L.circleMarker([point[0], point[1]], {
          radius: 4, weight: 1, color: colours[point[2]], fillColor: colours[point[2]], fillOpacity: 0.7,
          className: "map-point map-" + point[2], interactive: false,
        }).addTo(map);
      });
      communeLayer(L, communes.map(function (c) { return { lat: c[0], lon: c[1], name: c[2] }; }), communes.length <= 15)
        .forEach(function (marker) { marker.addTo(map); });
      var every = communes.concat(points).map(function (p) { return [p[0], p[1]]; });
      map.fitBounds(L.latLngBounds(every).pad(0.1));
      var legend = L.control({ position: "bottomleft" });
      legend.onAdd = function () {
        var box = L.DomUtil.create("div", "map-legend");
        [["commune", labels.commune], ["incident", labels.incident], ["accident", labels.accident]].forEach(function (entry) {
          var line = L.DomUtil.create("div", "", box);
          L.DomUtil.create("span", "map-swatch map-swatch-" + entry[0], line);
          line.appendChild(document.createTextNode(" " + (entry[1] || "")));
        });
        return box;
      };
      legend.addTo(map);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-coordinate-map]"), setUp);
    Array.prototype.forEach.call(document.querySelectorAll("[data-report-map]"), setUpReport);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
