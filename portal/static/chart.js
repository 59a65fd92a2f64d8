// A report's chart: one horizontal bar per unit, drawn by ECharts from the figures the page
// carries in data-chart (the same ones its cards show).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-chart]").forEach(function (node) {
    var data = JSON.parse(node.dataset.chart);
    node.style.height = Math.max(160, 36 * data.units.length + 40) + "px";
    var chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      // a count of teachers steps by whole ones (no 0.2 of a teacher under the bars)
      xAxis: { type: "value", minInterval: data.whole ? 1 : 0 },
      yAxis: { type: "category", inverse: true, data: data.units,
               axisLabel: { width: 120, overflow: "truncate" } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      series: [{ type: "bar", name: data.label, data: data.values, itemStyle: { color: "#1f6f8b" },
                 label: { show: true, position: "right",
                          formatter: function (p) { return data.shown[p.dataIndex]; } } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
});
