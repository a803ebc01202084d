// Bulletin charts (ECharts) and the period switcher. Data comes from the json_script tag.
(function () {
  "use strict";

  function switcher() {
    var select = document.querySelector("[data-switch-period]");
    if (!select) return;
    select.addEventListener("change", function () {
      window.location.href = select.value;
    });
  }

  function bar(el, labels, values, horizontal) {
    var chart = window.echarts.init(el);
    var category = { type: "category", data: labels, axisLabel: { interval: 0 } };
    var value = { type: "value" };
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: horizontal ? 110 : 50, right: 20, top: 20, bottom: 30 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign(category, { inverse: true }) : value,
      series: [{ type: "bar", data: values.map(Number), label: { show: true, position: horizontal ? "right" : "top" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function charts() {
    var node = document.getElementById("bulletin-chart-data");
    if (!node || !window.echarts) return;
    var data = JSON.parse(node.textContent);
    var monthly = document.getElementById("chart-monthly");
    if (monthly) bar(monthly, data.months, data.monthly, false);
    document.querySelectorAll("[data-chart-group]").forEach(function (el) {
      var group = data.groups[Number(el.getAttribute("data-chart-group"))];
      if (!group) return;
      el.style.height = Math.max(360, group.units.length * 22 + 60) + "px";
      bar(el, group.units, group.completion, true);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    switcher();
    charts();
  });
})();
