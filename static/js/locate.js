// "用我的位置" on the 15分钟服务圈 page: shown only where the browser can locate, and only read on a tap.
// The position goes to this site's own page as ?near=lat,lng (answered with Cache-Control: no-store),
// never to another host, and is not stored by the page.
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  if (!button || !("geolocation" in navigator)) return;
  var holder = button.closest(".locate");
  var status = document.querySelector(".locate-status");
  holder.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    if (status) status.textContent = "";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var lat = position.coords.latitude.toFixed(5);
        var lng = position.coords.longitude.toFixed(5);
        window.location.assign(button.dataset.url + "?near=" + encodeURIComponent(lat + "," + lng));
      },
      function () {
        button.disabled = false;
        if (status) status.textContent = button.dataset.failed;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
