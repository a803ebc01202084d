// Site check-in: fill the hidden position fields from the browser's geolocation (with accuracy).
(function () {
  "use strict";
  function run() {
    var form = document.getElementById("checkin-form");
    var status = document.getElementById("geo-status");
    if (!form || !status) return;
    function set(name, value) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) input.value = value;
    }
    if (!navigator.geolocation) {
      status.textContent = status.dataset.unsupported;
      return;
    }
    status.textContent = status.dataset.waiting;
    navigator.geolocation.getCurrentPosition(function (pos) {
      set("latitude", pos.coords.latitude.toFixed(6));
      set("longitude", pos.coords.longitude.toFixed(6));
      set("accuracy_m", Math.round(pos.coords.accuracy * 10) / 10);
      status.textContent = status.dataset.ok + " " + pos.coords.latitude.toFixed(5) + ", " +
        pos.coords.longitude.toFixed(5) + "(" + status.dataset.accuracy + " " + Math.round(pos.coords.accuracy) + " m)";
      status.setAttribute("data-located", "1");
    }, function () {
      status.textContent = status.dataset.denied;
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 });
  }
  document.addEventListener("DOMContentLoaded", run);
})();
