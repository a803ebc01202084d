// Dashboard charts (ECharts). Data and drill-down links come from the json_script tag; clicking a
// bar, a point or a slice opens the units or projects behind it.
(function () {
  "use strict";

  function init(el, option, links) {
    var chart = window.echarts.init(el);
    chart.setOption(option);
    chart.on("click", function (params) {
      var link = links(params);
      if (link) window.location.href = link;
    });
    window.addEventListener("resize", function () { chart.resize(); });
    el.setAttribute("data-ready", "1");
    return chart;
  }

  function num(values) { return values.map(function (v) { return v === null ? null : Number(v); }); }

  function charts() {
    var node = document.getElementById("dashboard-chart-data");
    if (!node || !window.echarts) return;
    var data = JSON.parse(node.textContent);
    var trend = document.getElementById("chart-trend");
    if (trend) {
      init(trend, {
        tooltip: { trigger: "axis" },
        legend: { data: data.trend.names, top: 0 },
        grid: { left: 60, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value" },
        series: [
          { name: data.trend.names[0], type: "bar", data: num(data.trend.this_year) },
          { name: data.trend.names[1], type: "line", data: num(data.trend.last_year) }
        ]
      }, function (p) {
        var links = p.seriesIndex === 1 ? data.trend.last_year_links : data.trend.links;
        return links ? links[p.dataIndex] : "";
      });
    }
    var pipeline = document.getElementById("chart-pipeline");
    if (pipeline) {
      init(pipeline, {
        tooltip: { trigger: "axis" },
        grid: { left: 40, right: 20, top: 20, bottom: 30 },
        xAxis: { type: "category", data: data.pipeline.map(function (s) { return s.name; }) },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: data.pipeline.map(function (s) { return s.value; }), label: { show: true, position: "top" } }]
      }, function (p) { return data.pipeline[p.dataIndex].link; });
    }
    var status = document.getElementById("chart-status");
    if (status) {
      init(status, {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: data.statuses, label: { formatter: "{b} {c}" } }]
      }, function (p) { return data.statuses[p.dataIndex].link; });
    }
    document.querySelectorAll("[data-chart-group]").forEach(function (el) {
      var group = data.groups[Number(el.getAttribute("data-chart-group"))];
      if (!group) return;
      el.style.height = Math.max(300, group.units.length * 24 + 60) + "px";
      init(el, {
        tooltip: { trigger: "axis" },
        grid: { left: 110, right: 40, top: 20, bottom: 30 },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: group.units, inverse: true, axisLabel: { interval: 0 } },
        series: [{ type: "bar", data: num(group.completion), label: { show: true, position: "right" } }]
      }, function (p) { return group.links[p.dataIndex]; });
    });
  }

  document.addEventListener("DOMContentLoaded", charts);
})();
