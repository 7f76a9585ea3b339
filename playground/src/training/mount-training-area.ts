import type { SpecHost } from '../host.js';
import type { EpochRecord, TrainingReport } from '../../../src/report/report-schema.js';
import type { StudyReport } from '../../../src/report/study/study-report-schema.js';
import { boundaryLegend, drawBoundary } from './boundary-view.js';
import { hasStudy } from './compile-spec.js';
import { drawCurves, lossChartSpec } from './curves-view.js';
import type { BoundaryFrame, FromWorker, RunJudge, ShownDiagnostic, ToWorker } from './protocol.js';
import { renderSummary } from './summary-view.js';
import { epochSentence } from './epoch-sentence.js';
import { studyViewHtml } from './study-view.js';

/** The states of `[data-testid="train-status"]` (its `data-state`), as docs/playground.md lists them. */
export type TrainingState = 'idle' | 'loading' | 'running' | 'paused' | 'stopping' | 'done' | 'error';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  if (text) created.textContent = text;
  return created;
}

/**
 * Builds the training area (start, pause, stop; live curves; decision boundary; summary; study
 * view) and runs training in a Web Worker (./worker.ts) on the spec the host holds. Sets
 * `document.body.dataset.trainingReady = "true"` once mounted (docs/playground.md lists the test hooks).
 */
export function mountTrainingArea(area: HTMLElement, host: SpecHost): void {
  const controls = element('div', { class: 'training-controls' });
  const start = element('button', { type: 'button', 'data-testid': 'train-start' }, 'Start');
  const pause = element('button', { type: 'button', 'data-testid': 'train-pause', disabled: '' }, 'Pause');
  const stop = element('button', { type: 'button', 'data-testid': 'train-stop', disabled: '' }, 'Stop');
  const studyStart = element('button', { type: 'button', 'data-testid': 'study-start', hidden: '' }, 'Run study');
  controls.append(start, pause, stop, studyStart);
  const status = element('p', { class: 'train-status', 'data-testid': 'train-status', 'data-state': 'idle', role: 'status' }, 'Starting the WASM backend…');
  const problems = element('ul', { class: 'train-problems', 'data-testid': 'train-problems', hidden: '' });
  const figures = element('div', { class: 'training-figures' });
  const curves = element('figure', { class: 'curves', 'data-testid': 'curves' });
  // The boundary, the summary and the study view are in the page only while they apply (2-D
  // synthetic data, a finished run, a spec with a study): tests and tools find them by presence.
  const boundaryFigure = element('figure', { class: 'boundary', 'data-testid': 'boundary' });
  const canvas = element('canvas', { width: '320', height: '320', 'aria-label': 'decision boundary' });
  const boundaryCaption = element('figcaption', { class: 'legend' });
  boundaryFigure.append(canvas, boundaryCaption);
  const summary = element('section', { class: 'summary', 'data-testid': 'summary' });
  // The curves take the area's width; the boundary and the summary share the row below.
  const below = element('div', { class: 'training-below' });
  figures.append(curves, below);
  const study = element('section', { class: 'study', 'data-testid': 'study' });
  area.append(controls, status, problems, figures);
  drawCurves(curves, null);

  const worker = new Worker(new URL('worker.js', document.baseURI), { type: 'module', name: 'nnspec training' });
  const send = (message: ToWorker) => worker.postMessage(message);
  let state: TrainingState = 'idle';
  let mode: 'train' | 'study' = 'train';
  let backendName = '';
  let epochs = 0;
  let judge: RunJudge | null = null;
  let lossLabel = 'training loss (batch mean)';
  let history: EpochRecord[] = [];
  /** The test split's loss after each epoch of `history` (the runner itself looks at it only at the end). */
  let testLosses: (number | null)[] = [];
  let frame: BoundaryFrame | null = null;
  let studyLabels: string[] = [];
  let studyReport: StudyReport | null = null;
  let running: { setting: number; history: EpochRecord[] } | null = null;
  let trialText = '';

  const setState = (next: TrainingState, sentence: string) => {
    state = next;
    status.dataset.state = next;
    status.textContent = sentence;
    const busy = next === 'loading' || next === 'running' || next === 'paused' || next === 'stopping';
    start.disabled = busy;
    studyStart.disabled = busy;
    stop.disabled = !busy || next === 'stopping';
    pause.disabled = !(next === 'running' || next === 'paused');
    pause.textContent = next === 'paused' ? 'Resume' : 'Pause';
  };

  const showProblems = (diagnostics: readonly ShownDiagnostic[]) => {
    problems.replaceChildren(
      ...diagnostics.map((diagnostic) => {
        const item = element('li', { 'data-code': diagnostic.code, 'data-severity': diagnostic.severity });
        item.textContent = `${diagnostic.code} ${diagnostic.line}:${diagnostic.column} ${diagnostic.message}${diagnostic.help ? ` (help: ${diagnostic.help})` : ''}`;
        return item;
      }),
    );
    problems.hidden = diagnostics.length === 0;
  };

  const redrawStudy = () => {
    study.innerHTML = studyViewHtml(studyLabels, studyReport, running);
  };

  const begin = (kind: 'train' | 'study') => {
    mode = kind;
    history = [];
    testLosses = [];
    frame = null;
    judge = null;
    showProblems([]);
    summary.remove();
    boundaryFigure.remove();
    // A study shows its own curves (study-view.ts): the single run's figures stand aside.
    figures.hidden = kind === 'study';
    drawCurves(curves, null);
    if (kind === 'train') send({ kind: 'train', text: host.getText(), seed: host.getSeed() });
    else {
      studyReport = null;
      running = null;
      send({ kind: 'study', text: host.getText() });
    }
    setState('loading', kind === 'train' ? 'checking the spec and loading its data…' : 'checking the study and loading its data…');
  };

  const finishRun = (report: TrainingReport) => {
    drawCurves(curves, lossChartSpec(history, judge ?? { monitor: 'val_loss', mode: 'min', minDelta: 0, startFromEpoch: 0 }, lossLabel, report, testLosses));
    renderSummary(summary, report);
    below.append(summary);
    const accuracy = report.summary.test?.metrics.accuracy;
    setState(
      'done',
      `done: ${report.summary.epochsRun} epochs, best epoch ${report.summary.bestEpoch ?? 'none'}${accuracy === undefined ? '' : `, test accuracy ${accuracy.toFixed(4)}`}`,
    );
  };

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    switch (message.kind) {
      case 'ready':
        backendName = message.backend;
        if (state === 'idle') setState('idle', `ready (${backendName}): press Start to train the spec`);
        break;
      case 'problems':
        showProblems(message.diagnostics);
        setState(
          'error',
          `not trained: the spec or its data has ${message.diagnostics.length === 1 ? 'a problem' : `${message.diagnostics.length} problems`} (listed below)`,
        );
        break;
      case 'start':
        epochs = message.epochs;
        judge = message.judge;
        lossLabel = message.lossLabel;
        frame = message.boundary;
        if (frame) {
          below.prepend(boundaryFigure);
          boundaryCaption.innerHTML = boundaryLegend(frame);
          drawBoundary(canvas, frame, null);
        }
        setState('running', `training on ${backendName || 'wasm'}: epoch 0 of ${epochs}`);
        break;
      case 'epoch':
        history.push(message.record);
        testLosses.push(message.testLoss);
        drawCurves(curves, lossChartSpec(history, judge!, lossLabel, null, testLosses));
        if (frame && message.cells) drawBoundary(canvas, frame, message.cells);
        if (state === 'running') setState('running', epochSentence(message.record, epochs, judge));
        break;
      case 'paused':
        setState('paused', `paused after epoch ${history.at(-1)?.epoch ?? running?.history.at(-1)?.epoch ?? 0}: press Resume to go on`);
        break;
      case 'resumed':
        if (state === 'paused') setState('running', 'running');
        break;
      case 'done':
        showProblems(message.diagnostics);
        if (frame && message.cells) drawBoundary(canvas, frame, message.cells);
        finishRun(message.report);
        break;
      case 'study-start':
        studyLabels = message.settings;
        epochs = message.epochs;
        area.append(study);
        redrawStudy();
        setState('running', `study ${message.name}: ${message.settings.length} settings, ${message.trials} trials`);
        break;
      case 'trial-start':
        running = { setting: message.setting, history: [] };
        trialText = `trial ${message.index + 1} (${message.id})`;
        redrawStudy();
        break;
      case 'trial-epoch':
        running?.history.push(message.record);
        redrawStudy();
        if (state === 'running') setState('running', `${trialText}: ${epochSentence(message.record, epochs, judge)}`);
        break;
      case 'study-progress':
        studyReport = message.report;
        running = null;
        redrawStudy();
        if (state === 'running') setState('running', `study: ${message.done} of ${message.total} trials done`);
        break;
      case 'study-done':
        studyReport = message.report;
        running = null;
        redrawStudy();
        setState('done', message.interrupted ? 'study stopped: the finished trials are shown' : 'study done: every trial ran');
        break;
      case 'error':
        setState('error', `error: ${message.message}`);
        break;
    }
  };
  worker.onerror = (event) => setState('error', `error: the training worker failed (${event.message || 'no message'})`);

  start.addEventListener('click', () => begin('train'));
  studyStart.addEventListener('click', () => begin('study'));
  pause.addEventListener('click', () => {
    if (state === 'running') {
      send({ kind: 'pause' });
      status.textContent = 'pausing after this epoch…';
    } else if (state === 'paused') send({ kind: 'resume' });
  });
  stop.addEventListener('click', () => {
    send({ kind: 'stop' });
    setState(
      'stopping',
      mode === 'train' ? 'stopping after this batch (the best weights are restored and summarised)…' : 'stopping the study after this batch…',
    );
  });

  // "Run study" only for specs with a study; checked a moment after typing stops, not per key.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const offerStudy = () => {
    const offered = hasStudy(host.getText());
    studyStart.hidden = !offered;
    if (mode === 'study' && (state === 'loading' || state === 'running' || state === 'paused' || state === 'stopping')) return;
    if (offered) area.append(study);
    else study.remove();
    if (offered && studyReport === null)
      study.innerHTML = '<p class="placeholder">This spec declares a study: press Run study to train its trials one after another.</p>';
  };
  host.onChange(() => {
    clearTimeout(pending);
    pending = setTimeout(offerStudy, 300);
  });
  offerStudy();
  document.body.dataset.trainingReady = 'true';
}
