// The dashboard's charts, drawn by ECharts from the figures the page carries (#chart-data).
(function () {
  function draw() {
    var data = JSON.parse(document.getElementById("chart-data").textContent);
    var grid = { left: 48, right: 16, top: 40, bottom: 60, containLabel: true };
    var tooltip = { trigger: "axis" };
    function chart(id, option, links) {
      var element = document.getElementById(id);
      if (!element) return;
      var made = echarts.init(element, null, { renderer: "canvas" });
      made.setOption(Object.assign({ grid: grid, tooltip: tooltip, animation: false }, option));
      if (links) made.on("click", function (event) {
        var link = links[event.dataIndex];
        if (link) window.location = link;
      });
      window.addEventListener("resize", function () { made.resize(); });
      element.dataset.drawn = "true";
    }
    var c = data.closure;
    chart("chart-closure", {
      legend: {}, xAxis: { type: "category", data: c.categories, axisLabel: { rotate: 30 } },
      yAxis: { type: "value", max: 100 },
      series: Object.keys(c.series).map(function (name) {
        return { name: name, type: "bar", data: c.series[name] };
      })
    }, c.links);
    var m = data.monthly;
    chart("chart-monthly", {
      legend: {}, xAxis: { type: "category", data: m.categories },
      yAxis: [{ type: "value", name: "%", max: 100 }, { type: "value", name: "件" }],
      series: [
        { name: "办结率", type: "line", data: m.rates },
        { name: "受理数", type: "bar", yAxisIndex: 1, data: m.received }
      ]
    });
    var d = data.mediation;
    chart("chart-mediation", {
      legend: {}, xAxis: { type: "category", data: d.categories, axisLabel: { rotate: 20 } },
      yAxis: { type: "value", max: 100 },
      series: [
        { name: "本期", type: "bar", data: d.values },
        { name: "参考值", type: "scatter", symbol: "rect", symbolSize: [28, 3], data: d.references }
      ]
    });
    var p = data.claims;
    chart("chart-claims", {
      legend: {}, xAxis: { type: "category", data: p.categories }, yAxis: { type: "value" },
      series: [
        { name: "核准金额", type: "bar", data: p.approved },
        { name: "拨付金额", type: "bar", data: p.disbursed }
      ]
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
