(function () {
  "use strict";
  // the wave slider of trend.html: shows one wave's organisations and engagements on the
  // map drawn by map.js (window.netmap), every organisation in a fixed place
  var TREND = JSON.parse(document.getElementById("nm-trend").textContent);
  var slider = document.getElementById("nm-wave");
  var label = document.getElementById("nm-wave-name");
  function show(k) {
    var wave = TREND.waves[k];
    var orgs = new Set(wave.organisations);
    var pairs = new Set(wave.edges);
    var nm = window.netmap;
    nm.nodes.update(nm.nodes.get({filter: function (n) { return n.kind === "organisation"; }})
      .map(function (n) { return {id: n.id, hidden: !orgs.has(n.id)}; }));
    nm.edges.update(nm.edges.get().map(function (e) {
      return {id: e.id, hidden: !pairs.has(e.from + "\t" + e.to)};
    }));
    label.textContent = wave.name;
    nm.wave = wave.name;
  }
  slider.addEventListener("input", function () { show(Number(slider.value)); });
  show(Number(slider.value));
  window.netmap.network.fit();
  window.netmap.showWave = function (name) {
    var k = TREND.waves.findIndex(function (w) { return w.name === name; });
    if (k >= 0) { slider.value = String(k); show(k); }
    return k >= 0;
  };
}());
