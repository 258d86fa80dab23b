/* report.html's own script: draws the charts from the page's JSON data block with Chart.js. Labels reach
   Chart.js as data, which draws them on the canvas as text; nothing here writes markup. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var MAX_LABEL = 24;

  function shortLabel(label) {
    label = String(label);
    return label.length > MAX_LABEL ? label.slice(0, MAX_LABEL - 1) + '\u2026' : label;
  }

  function dataset(spec, series) {
    var one = series.colors.length === 1;
    var set = {
      label: series.label,
      data: series.data,
      backgroundColor: one ? series.colors[0] : series.colors,
      borderColor: one ? series.colors[0] : series.colors
    };
    if (spec.type === 'line') {
      set.borderWidth = 2;
      set.pointRadius = spec.labels.length > 62 ? 0 : 3;
      set.tension = 0;
    } else {
      set.borderWidth = 0;
    }
    return set;
  }

  function axis(title, values) {
    var scale = { title: { display: !!title, text: title || '' } };
    if (values) {
      scale.beginAtZero = true;
      scale.ticks = { precision: 0 };
    } else {
      scale.ticks = {
        autoSkip: true,
        callback: function (value) { return shortLabel(this.getLabelForValue(value)); }
      };
    }
    return scale;
  }

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  data.charts.forEach(function (spec) {
    var canvas = document.getElementById(spec.id + '-chart');
    if (spec.horizontal) {
      // room for each category's bars, however many categories there are
      canvas.parentNode.style.height = (80 + (10 + 14 * spec.series.length) * Math.max(spec.labels.length, 1)) + 'px';
    }
    var categories = axis(spec.categoryAxis, false);
    var values = axis(spec.valueAxis, true);
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series) { return dataset(spec, series); })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? 'y' : 'x',
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { display: spec.series.length > 1 } },
        scales: spec.horizontal ? { x: values, y: categories } : { x: categories, y: values }
      }
    });
  });
})();
