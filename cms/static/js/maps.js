/* Leaflet maps for every element with data-map="<id of a json_script element>". */
(function () {
  "use strict";
  if (!window.L) { return; }
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  document.querySelectorAll("[data-map]").forEach(function (element) {
    var source = document.getElementById(element.dataset.map);
    if (!source) { return; }
    var points = JSON.parse(source.textContent);
    if (!points.length) { return; }
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(TILES, { maxZoom: 18, attribution: ATTRIBUTION }).addTo(map);
    var latlngs = [];
    points.forEach(function (point) {
      var latlng = [point.lat, point.lon];
      latlngs.push(latlng);
      var marker = L.marker(latlng, { title: point.title, alt: point.title, keyboard: true }).addTo(map);
      var label = escapeHtml(point.title);
      marker.bindPopup(point.url ? '<a href="' + encodeURI(point.url) + '">' + label + "</a>" : label);
    });
    if (element.dataset.route === "true" && latlngs.length > 1) {
      L.polyline(latlngs, { color: "#1f6f43", weight: 4 }).addTo(map);
    }
    if (latlngs.length === 1) {
      map.setView(latlngs[0], 13);
    } else {
      map.fitBounds(latlngs, { padding: [30, 30], maxZoom: 14 });
    }
    element.classList.add("map-ready");
  });
})();
