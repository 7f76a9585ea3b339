/**
 * The HTML report's hover tooltips: each epoch's values as JSON inside the page, and a small
 * inline script that shows them for the epoch under the pointer on any chart. The page reads
 * the same without the script (the charts are static SVG, the epoch table holds every value).
 */
import type { EpochRecord, TrainingReport } from './report-schema.js';
import { fixed4, rate, signed4 } from './format-numbers.js';
import { batchMeanLossLabel, CLEAN_LOSS_LABEL, VALIDATION_GAP_LABEL, VALIDATION_LOSS_LABEL } from './loss-names.js';

/** One epoch's tooltip: its number and its values as label and formatted value pairs. */
export interface EpochTooltip {
  epoch: number;
  rows: [string, string][];
}

/** The tooltip of every epoch of `report`, in history order. */
export function epochTooltips(report: TrainingReport): EpochTooltip[] {
  const metrics = report.training.metrics;
  const batchMean = batchMeanLossLabel(report.model.trainingOnly);
  return report.history.map((record: EpochRecord) => ({
    epoch: record.epoch,
    rows: [
      [batchMean, fixed4(record.trainLoss)],
      [CLEAN_LOSS_LABEL, fixed4(record.cleanTrainLoss)],
      [VALIDATION_LOSS_LABEL, fixed4(record.valLoss)],
      [VALIDATION_GAP_LABEL, signed4(record.gap)],
      ...metrics.map((name): [string, string] => [
        `${name} (clean train / validation)`,
        `${fixed4(record.cleanTrainMetrics[name])} / ${fixed4(record.valMetrics[name])}`,
      ]),
      ['learning rate', rate(record.learningRate)],
    ],
  }));
}

/**
 * The tooltips as a JSON `<script>` block. `<` is written as `\u003c`, so no value can close
 * the element early.
 */
export function tooltipDataScript(report: TrainingReport): string {
  const json = JSON.stringify(epochTooltips(report)).replace(/</g, '\\u003c');
  return `<script type="application/json" id="nnspec-epochs">${json}</script>`;
}

/**
 * The hover script: on every chart marked `data-chart`, the pointer's x picks the nearest
 * epoch; a vertical line marks it and a box beside the pointer lists its values. Nothing is
 * fetched; without the script the page is unchanged.
 */
export const TOOLTIP_SCRIPT = `<script>
(function () {
  var data = JSON.parse(document.getElementById('nnspec-epochs').textContent);
  if (!data.length) return;
  var tip = document.createElement('div');
  tip.className = 'tooltip';
  tip.hidden = true;
  document.body.appendChild(tip);
  function text(tag, content) { var node = document.createElement(tag); node.textContent = content; return node; }
  document.querySelectorAll('svg[data-chart]').forEach(function (svg) {
    var d = svg.dataset, left = +d.left, right = +d.right, first = +d.first, last = +d.last;
    var line = svg.querySelector('line.hover');
    var width = svg.viewBox.baseVal.width;
    svg.addEventListener('pointermove', function (event) {
      var box = svg.getBoundingClientRect();
      var x = (event.clientX - box.left) * width / box.width;
      var epoch = last === first ? first : Math.round(first + (x - left) / (right - left) * (last - first));
      epoch = Math.max(first, Math.min(last, epoch));
      var entry = null;
      for (var i = 0; i < data.length; i++) if (data[i].epoch === epoch) entry = data[i];
      if (!entry) { tip.hidden = true; return; }
      var at = last === first ? (left + right) / 2 : left + (epoch - first) / (last - first) * (right - left);
      line.setAttribute('x1', at); line.setAttribute('x2', at); line.setAttribute('visibility', 'visible');
      tip.replaceChildren(text('strong', 'epoch ' + entry.epoch));
      var table = document.createElement('table');
      entry.rows.forEach(function (row) { var tr = document.createElement('tr'); tr.append(text('th', row[0]), text('td', row[1])); table.append(tr); });
      tip.append(table);
      tip.hidden = false;
      var tipBox = tip.getBoundingClientRect();
      var px = event.clientX + 16 + tipBox.width > window.innerWidth ? event.clientX - 16 - tipBox.width : event.clientX + 16;
      tip.style.left = (px + window.scrollX) + 'px';
      var py = event.clientY + 12 + tipBox.height > window.innerHeight ? Math.max(0, event.clientY - 12 - tipBox.height) : event.clientY + 12;
      tip.style.top = (py + window.scrollY) + 'px';
    });
    svg.addEventListener('pointerleave', function () { tip.hidden = true; line.setAttribute('visibility', 'hidden'); });
  });
})();
</script>`;
