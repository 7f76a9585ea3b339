/**
 * docs/catalogue.md: the reference of every layer, optimizer, schedule, loss, metric,
 * initializer, regularizer, data source, block option, study domain, pruning rule and
 * early-stopping rule, generated from src/catalogue (the
 * same data the checker, the compiler, completion and hover read). `npm run generate` writes
 * it; a test fails when the committed page drifts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCatalogueView, describeParam, metricFitsLoss } from '../src/catalogue/index.js';
import type { CatalogueView, EntryView, LayerView, ParamView, SourceView } from '../src/catalogue/index.js';
import type { IrValue } from '../src/ir/schema.js';

/** Example arguments for a layer's shape example (documentation only; a layer without one shows none). */
const EXAMPLES: Record<string, { input: (number | null)[]; call: string; params: Record<string, IrValue> }> = {
  dense: { input: [64], call: 'dense(32)', params: { units: 32 } },
  activation: { input: [64], call: 'activation(relu)', params: { activation: 'relu' } },
  flatten: { input: [8, 8, 3], call: 'flatten()', params: {} },
  reshape: { input: [64], call: 'reshape([8, 8, 1])', params: { target_shape: [8, 8, 1] } },
  dropout: { input: [64], call: 'dropout(0.5)', params: { rate: 0.5 } },
  gaussian_dropout: { input: [64], call: 'gaussian_dropout(0.2)', params: { rate: 0.2 } },
  alpha_dropout: { input: [64], call: 'alpha_dropout(0.1)', params: { rate: 0.1 } },
  gaussian_noise: { input: [64], call: 'gaussian_noise(0.1)', params: { stddev: 0.1 } },
  spatial_dropout1d: { input: [20, 16], call: 'spatial_dropout1d(0.2)', params: { rate: 0.2 } },
  batch_norm: { input: [64], call: 'batch_norm()', params: {} },
  layer_norm: { input: [64], call: 'layer_norm()', params: {} },
  conv1d: { input: [20, 8], call: 'conv1d(16, 3)', params: { filters: 16, kernel_size: [3] } },
  conv2d: { input: [28, 28, 1], call: 'conv2d(32, 3)', params: { filters: 32, kernel_size: [3, 3] } },
  max_pool1d: { input: [20, 8], call: 'max_pool1d(2)', params: { pool_size: [2] } },
  avg_pool1d: { input: [20, 8], call: 'avg_pool1d(2)', params: { pool_size: [2] } },
  max_pool2d: { input: [26, 26, 32], call: 'max_pool2d(2)', params: { pool_size: [2, 2] } },
  avg_pool2d: { input: [26, 26, 32], call: 'avg_pool2d(2)', params: { pool_size: [2, 2] } },
  global_avg_pool1d: { input: [20, 8], call: 'global_avg_pool1d()', params: {} },
  global_max_pool1d: { input: [20, 8], call: 'global_max_pool1d()', params: {} },
  global_avg_pool2d: { input: [7, 7, 64], call: 'global_avg_pool2d()', params: {} },
  global_max_pool2d: { input: [7, 7, 64], call: 'global_max_pool2d()', params: {} },
  embedding: { input: [20], call: 'embedding(1000, 16)', params: { input_dim: 1000, output_dim: 16 } },
  simple_rnn: { input: [20, 8], call: 'simple_rnn(32)', params: { units: 32 } },
  lstm: { input: [20, 8], call: 'lstm(32)', params: { units: 32 } },
  gru: { input: [20, 8], call: 'gru(32)', params: { units: 32 } },
};

function typeInWords(param: ParamView): string {
  return describeParam(param);
}

function defaultInWords(param: ParamView): string {
  if (param.required) return '(required)';
  const value = param.default;
  if (value === undefined || value === null) return '`none`';
  if (typeof value === 'object' && !Array.isArray(value)) return `\`${String((value as { type?: unknown }).type ?? JSON.stringify(value))}\``;
  return `\`${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}\``;
}

function paramTable(params: readonly ParamView[]): string[] {
  if (params.length === 0) return ['No parameters.', ''];
  const rows = ['| parameter | type | default | |', '|---|---|---|---|'];
  for (const param of params) {
    const positional = param.position !== undefined ? ` (positional ${param.position + 1})` : '';
    rows.push(`| \`${param.name}\`${positional} | ${typeInWords(param)} | ${defaultInWords(param)} | ${param.doc} |`);
  }
  return [...rows, ''];
}

function shapeExample(layer: LayerView): string | undefined {
  const example = EXAMPLES[layer.name];
  if (!example) return undefined;
  const params: Record<string, IrValue> = {};
  for (const param of layer.params) params[param.name] = param.default ?? null;
  Object.assign(params, example.params);
  const completed = layer.completeParams ? layer.completeParams(params) : params;
  const result = layer.outputShape(example.input, completed);
  if (!('shape' in result)) return undefined;
  const counts = layer.countParams(example.input, completed);
  const shape = (axes: readonly (number | null)[]): string => `[${axes.map((axis) => (axis === null ? '?' : String(axis))).join(', ')}]`;
  const total = counts.trainable + counts.nonTrainable;
  return `Example: \`${example.call}\` on ${shape(example.input)} gives ${shape(result.shape)}, ${total.toLocaleString('en-US')} parameters${counts.nonTrainable > 0 ? ` (${counts.nonTrainable} non-trainable)` : ''}.`;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.)`]$/.test(text) && text.endsWith('.') ? '' : '.');
}

function entrySection(level: string, entry: EntryView): string[] {
  const aliases = entry.aliases?.length ? [`Also written ${entry.aliases.map((alias) => `\`${alias}\``).join(', ')}.`, ''] : [];
  return [`${level} \`${entry.name}\``, '', sentence(entry.doc), '', ...aliases, ...sourceFacts(entry), ...paramTable(entry.params)];
}

/** A data source's statically known feature shape and classes, from its default parameters. */
function sourceFacts(entry: EntryView): string[] {
  if (!('featureShape' in entry)) return [];
  const source = entry as SourceView;
  const defaults: Record<string, IrValue> = {};
  for (const param of source.params) defaults[param.name] = param.default ?? null;
  const shape = source.featureShape(defaults);
  const classes = source.classes(defaults);
  const facts = [
    shape ? `features \`[${shape.join(', ')}]\`` : 'features known only when loaded',
    source.task === 'regression'
      ? 'a regression target'
      : classes !== null
        ? `${classes} classes`
        : source.task === 'classification'
          ? 'classes known only when loaded'
          : 'task decided by the loss',
  ];
  return [`Statically (with default parameters): ${facts.join(', ')}.`, ''];
}

function group(title: string, intro: string, names: readonly string[], lookup: (name: string) => EntryView | undefined): string[] {
  const out = [`## ${title}`, '', intro, ''];
  for (const name of names) {
    const entry = lookup(name);
    if (entry) out.push(...entrySection('###', entry));
  }
  return out;
}

/** The whole page. */
export function generateCatalogueDocs(catalogue: CatalogueView = defaultCatalogueView()): string {
  const out: string[] = [
    '# The nnspec catalogue',
    '',
    '<!-- generated by scripts/generate-catalogue-docs.ts from src/catalogue (npm run generate); do not edit -->',
    '',
    'Every layer, optimizer, schedule, loss, metric, initializer, regularizer, data source, block option, study domain and pruning rule of the `.nn` language. The checker, the compiler, editor completion and hover read the same data. Shapes are written without the batch axis; parameter counts are those TF.js counts for the compiled model.',
    '',
    '## Layers',
    '',
    `${catalogue.layerNames.length} layers: ${catalogue.layerNames.map((name) => `[\`${name}\`](#${name})`).join(', ')}.`,
    '',
  ];
  for (const name of catalogue.layerNames) {
    const layer = catalogue.layer(name)!;
    out.push(`### ${name}`, '', sentence(layer.doc), '');
    if (layer.aliases?.length) out.push(`Also written ${layer.aliases.map((alias) => `\`${alias}\``).join(', ')}.`, '');
    if (layer.merge) {
      const count = layer.merge.maxInputs === layer.merge.minInputs ? `exactly ${layer.merge.minInputs}` : `${layer.merge.minInputs} or more`;
      out.push(
        `A merge (${count} inputs): it reads the chain's current output and the named outputs it lists, the current one first unless listed: \`h = ...\` then \`${name}(h)\` (see [language.md](language.md#graphs-names-merges-and-branches)).`,
        '',
      );
    }
    if (layer.expectsRank) out.push(`Takes ${layer.expectsRank}.`, '');
    out.push(`Shape: ${layer.shapeRule}`, '');
    if (layer.indexBound) {
      out.push(
        `As the first layer, its inputs are indices: every feature value of the data must be a whole number from 0 to \`${layer.indexBound}\` - 1 (checked before training, NN4810), so its data must not be normalised (NN4020).`,
        '',
      );
    }
    const example = shapeExample(layer);
    if (example) out.push(example, '');
    out.push(`TF.js layer class: \`${layer.tfjs.className}\`${layer.tfjs.note ? ` (${layer.tfjs.note})` : ''}.`, '');
    if (layer.trainingOnly) {
      const { effect, whenPositive } = layer.trainingOnly;
      out.push(
        `Only while training: ${effect}, when ${whenPositive.map((param) => `\`${param}\``).join(' or ')} is above 0 (the report's batch-mean training loss then says "${effect} on"; see [report.md](report.md)).`,
        '',
      );
    }
    out.push(...paramTable(layer.params));
  }
  out.push(
    ...group('Optimizers', 'Written `optimizer: adam(learning_rate: 1e-3)` in a `train` block.', catalogue.optimizerNames, (name) => catalogue.optimizer(name)),
  );
  out.push(
    ...group(
      'Learning-rate schedules',
      'Written `schedule: step_decay(drop: 0.5, every: 10)`; they act once per epoch (see [training.md](training.md)).',
      catalogue.scheduleNames,
      (name) => catalogue.schedule(name),
    ),
  );
  out.push(...group('Losses', 'Written `loss: categorical_crossentropy` (or `loss: huber(delta: 1.0)`).', catalogue.lossNames, (name) => catalogue.loss(name)));
  out.push('## Activations', '', 'Written `activation: relu` on a layer, or as the layer `activation(relu)`.', '', '| activation | |', '|---|---|');
  for (const name of catalogue.activationNames) out.push(`| \`${name}\` | ${catalogue.activation(name)?.doc ?? ''} |`);
  out.push('');
  out.push(
    '## Metrics',
    '',
    'Written `metrics: [accuracy, f1]`, or with parameters `metrics: [top_k_accuracy(k: 3)]`. Each is reported for training (clean, and as the mean over the batches of the epoch) and validation every epoch, and for every split at the end, computed exactly over the whole split (see [training.md](training.md#metrics)). A metric fits the losses of one task; the checker rejects the others (NN4010). `better` is the direction `mode: auto` watches.',
    '',
    '| metric | fits | better | parameters | |',
    '|---|---|---|---|---|',
  );
  for (const name of catalogue.metricNames) {
    const metric = catalogue.metric(name)!;
    const aliases = metric.aliases?.length ? ` (also \`${metric.aliases.join('`, `')}\`)` : '';
    const losses = catalogue.lossNames.filter((loss) => metricFitsLoss(metric, catalogue.loss(loss)!));
    const fits = metric.labels ? losses.map((loss) => `\`${loss}\``).join(', ') : `${metric.task} losses`;
    const params = metric.params.map((param) => `\`${param.name}\` (default \`${String(param.default)}\`): ${param.doc}`).join('; ') || '-';
    out.push(`| \`${name}\`${aliases} | ${fits} | ${metric.higherIsBetter ? 'higher' : 'lower'} | ${params} | ${metric.doc} |`);
  }
  out.push('');
  out.push(
    ...group(
      'Initializers',
      "Written `kernel_initializer: he_normal` or `random_normal(stddev: 0.02)`; every random initializer is seeded from the spec's `seed`.",
      catalogue.initializerNames,
      (name) => catalogue.initializer(name),
    ),
  );
  out.push(...group('Regularizers', 'Written `kernel_regularizer: l2(1e-4)`.', catalogue.regularizerNames, (name) => catalogue.regularizer(name)));
  out.push(
    ...group('Data sources', 'Written `source: synthetic.spirals(samples: 1500)` in a `data` block (see [data.md](data.md)).', catalogue.sourceNames, (name) =>
      catalogue.source(name),
    ),
  );
  out.push('## Block options', '');
  out.push('### `data` blocks', '', ...paramTable(catalogue.dataOptions));
  out.push('### `split` objects', '', ...paramTable(catalogue.splitOptions));
  out.push('### `train` blocks', '', ...paramTable(catalogue.trainOptions));
  out.push(
    '### `early_stopping` objects',
    '',
    "Keras's meaning of each field; the exact rule is in [training.md](training.md).",
    '',
    ...paramTable(catalogue.earlyStoppingOptions),
  );
  out.push(
    '### `study` blocks',
    '',
    'A study varies params over settings and trains each setting over paired seeds (see [language.md](language.md#params-and-studies)).',
    '',
    ...paramTable(catalogue.studyOptions),
  );
  out.push(
    ...group(
      'Study domains',
      "Written `random: { lr: log_uniform(1e-4, 1e-1) }` in a `study` block: each key is a param, each value the domain its settings are sampled from (seeded by the study's `seed`).",
      catalogue.studyDomainNames,
      (name) => catalogue.studyDomain(name),
    ),
  );
  out.push(
    ...group('Study pruning rules', 'Written `prune: median(after: 10)` in a `study` block.', catalogue.pruneRuleNames, (name) => catalogue.pruneRule(name)),
  );
  out.push(
    ...group(
      'Stopping rules',
      'Written `rule: gl(alpha: 2)` in an `early_stopping` object; `patience` is the default. `gl`, `pq` and `up` are Prechelt\'s criteria ("Early stopping — but when?", 1998); the formulas and when each stops are in [training.md](training.md#stopping-rules).',
      catalogue.stoppingRuleNames,
      (name) => catalogue.stoppingRule(name),
    ),
  );
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'catalogue.md');
  writeFileSync(target, generateCatalogueDocs());
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
