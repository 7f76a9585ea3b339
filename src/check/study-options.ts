/**
 * A `study` block's options: which train declaration it varies, its search (`grid` or
 * `random` with `trials`), its seeds and its pruning rule. Produces the study's settings as
 * values to substitute for params; ./study.ts checks each setting.
 */
import type { CallValue, NumberValue, ObjectValue, SpecFile, StudyDeclaration, Value } from '../syntax/ast.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { CatalogueView } from '../catalogue/types.js';
import { MAX_STUDY_SEEDS, MAX_STUDY_SETTINGS } from '../catalogue/study.js';
import { createRandom } from '../util/seeds.js';
import type { CheckContext } from './context.js';
import { listNames, reportUnknownName } from './context.js';
import { bindArguments, bindProperties } from './arguments.js';
import { describeValue, numberOption } from './values.js';
import { formatCount } from './summary.js';
import type { ParamTable } from './params.js';

/** One varied param of a study, with the values it takes. */
export interface VariedParam {
  name: string;
  /** The key in `grid`/`random`. */
  keyRange: Range;
  /** grid: the listed values. random: the values that bound the domain (its ends, or every choice), checked against each use. */
  candidates: Value[];
  /** random: how to draw a value. */
  domain?: SamplingDomain;
}

/** A `random:` domain, resolved. */
export type SamplingDomain =
  | { kind: 'uniform' | 'log_uniform' | 'int_uniform'; low: number; high: number; range: Range }
  | { kind: 'choice'; values: Value[]; range: Range };

/** What the options of one study say, before any setting is checked. */
export interface StudyOptions {
  name: string;
  declaration: StudyDeclaration;
  /** The model whose train declaration the study varies. */
  model?: string;
  kind: 'grid' | 'random';
  varied: VariedParam[];
  /** Each setting: one value per varied param, in `varied` order. */
  settings: Value[][];
  seeds: number[];
  prune: { rule: 'median'; after: number } | null;
  /** False when an option was reported: the settings are not to be trusted. */
  complete: boolean;
}

const CUSTOM = new Set(['train', 'grid', 'random', 'seeds', 'prune']);

/** Reads a study block's options and lists its settings. */
export function readStudyOptions(ctx: CheckContext, catalogue: CatalogueView, spec: SpecFile, declaration: StudyDeclaration, params: ParamTable): StudyOptions {
  const errorsBefore = ctx.errorCount;
  const name = declaration.name?.name ?? 'study';
  const entry = { name: 'study', params: catalogue.studyOptions, doc: '' };
  const bound = bindProperties(ctx, catalogue, entry, declaration.properties, {
    owner: '`study`',
    calleeRange: declaration.name?.range ?? declaration.keywordRange,
    custom: CUSTOM,
  });
  const model = studyModel(ctx, catalogue, spec, declaration, bound.given.get('train'));
  const grid = bound.given.get('grid');
  const random = bound.given.get('random');
  const trials = typeof bound.params.trials === 'number' ? bound.params.trials : undefined;
  const headRange = declaration.name?.range ?? declaration.keywordRange;
  let kind: 'grid' | 'random' = 'grid';
  let varied: VariedParam[] = [];
  let settings: Value[][] = [];
  if (grid && random) {
    ctx.report({
      code: NAME_CODE.studySearch,
      message: `study \`${name}\` has both \`grid\` and \`random\``,
      range: random.range,
      label: 'second search',
      help: 'a study searches one way: keep `grid` (every combination) or `random` (sampled settings)',
    });
  } else if (!grid && !random) {
    ctx.report({
      code: NAME_CODE.studySearch,
      message: `study \`${name}\` varies nothing`,
      range: headRange,
      label: 'no `grid` or `random`',
      help: 'add `grid: { param: [value, ...] }` or `random: { param: log_uniform(low, high) }` with `trials: N`',
    });
  } else if (grid) {
    if (trials !== undefined) {
      const property = declaration.properties.find((p) => p.key.name === 'trials')!;
      ctx.report({
        code: NAME_CODE.studySearch,
        message: '`trials` only goes with `random`',
        range: property.range,
        label: 'not used by a grid',
        help: 'a grid trains every combination of its lists; remove `trials`',
      });
    }
    varied = readGrid(ctx, catalogue, grid, params, name);
    // Counted before any combination is built: a grid of many long lists is refused, not expanded.
    const count = varied.reduce((product, param) => product * param.candidates.length, varied.length > 0 ? 1 : 0);
    if (count > MAX_STUDY_SETTINGS) {
      ctx.report({
        code: NAME_CODE.tooManySettings,
        message: `study \`${name}\` has ${formatCount(count)} settings; at most ${formatCount(MAX_STUDY_SETTINGS)} are checked and run`,
        range: grid.range,
        label: `${varied.map((param) => param.candidates.length).join(' x ')} = ${formatCount(count)}`,
        help: 'vary fewer params at once, or sample some settings with `random` and `trials`',
      });
    } else settings = combinations(varied.map((param) => param.candidates));
  } else if (random) {
    kind = 'random';
    varied = readRandom(ctx, catalogue, random, params, name);
    if (trials === undefined) {
      ctx.report({
        code: NAME_CODE.studySearch,
        message: `random study \`${name}\` needs \`trials\``,
        range: random.range,
        label: 'how many settings?',
        help: 'add `trials: N`: how many settings to sample',
      });
    } else if (varied.every((param) => param.domain)) {
      const seed = numberOption(catalogue.studyOptions, 'seed', bound.params.seed);
      settings = sampleSettings(varied, trials, seed);
    }
  }
  return {
    name,
    declaration,
    model,
    kind,
    varied,
    settings,
    seeds: readSeeds(ctx, bound.given.get('seeds'), catalogue),
    prune: readPrune(ctx, catalogue, bound.given.get('prune')),
    complete: ctx.errorCount === errorsBefore,
  };
}

function studyModel(ctx: CheckContext, catalogue: CatalogueView, spec: SpecFile, declaration: StudyDeclaration, value: Value | undefined): string | undefined {
  const trained = spec.declarations.flatMap((d) => (d.kind === 'train' && d.model ? [d.model.name] : []));
  const name = declaration.name?.name ?? 'study';
  if (value === undefined) {
    if (trained.length === 1) return trained[0];
    ctx.report({
      code: NAME_CODE.studyTrain,
      message:
        trained.length === 0
          ? `study \`${name}\` has no \`train\` declaration to vary`
          : `study \`${name}\` does not say which \`train\` declaration it varies`,
      range: declaration.name?.range ?? declaration.keywordRange,
      label: trained.length === 0 ? 'nothing to train' : `${trained.length} train declarations`,
      help:
        trained.length === 0
          ? 'add `train MODEL on DATA { ... }`'
          : `add \`train: MODEL\`, one of ${listNames([...new Set(trained)].map((model) => `\`${model}\``))}`,
    });
    return undefined;
  }
  if (value.kind !== 'name' || value.path.length !== 1) {
    ctx.report({
      code: NAME_CODE.studyTrain,
      message: `a study's \`train\` names a trained model, got ${describeValue(value)}`,
      range: value.range,
      label: 'not a model name',
      help: trained.length > 0 ? `write \`train: ${trained[0]}\`` : undefined,
    });
    return undefined;
  }
  if (!trained.includes(value.name)) {
    reportUnknownName(ctx, {
      code: NAME_CODE.studyTrain,
      message: `no \`train\` declaration trains \`${value.name}\``,
      range: value.range,
      suggestion: catalogue.suggest(value.name, trained),
      label: 'not a trained model',
      help:
        trained.length > 0
          ? `trained models: ${listNames(
              [...new Set(trained)].map((model) => `\`${model}\``),
              'and',
            )}`
          : 'add `train MODEL on DATA { ... }`',
    });
    return undefined;
  }
  return value.name;
}

/** The entries of a `grid`/`random` object whose keys name declared params. */
function variedEntries(
  ctx: CheckContext,
  catalogue: CatalogueView,
  value: Value,
  params: ParamTable,
  what: 'grid' | 'random',
  study: string,
): { key: { name: string; range: Range }; value: Value | undefined }[] {
  if (value.kind !== 'object') {
    ctx.report({
      code: NAME_CODE.wrongType,
      message: `\`${what}\` must be an object of params, got ${describeValue(value)}`,
      range: value.range,
      label: 'expected `{ param: ... }`',
      help: what === 'grid' ? 'write `grid: { rate: [0, 0.1, 0.5] }`' : 'write `random: { lr: log_uniform(1e-4, 1e-1) }`',
    });
    return [];
  }
  if (value.entries.length === 0) {
    ctx.report({
      code: what === 'grid' ? NAME_CODE.emptyGrid : NAME_CODE.studySearch,
      message: `study \`${study}\`'s \`${what}\` varies no param`,
      range: value.range,
      label: `empty \`${what}\``,
      help: `name at least one param: \`${what}: { ${[...params.keys()][0] ?? 'rate'}: ... }\``,
    });
    return [];
  }
  const out: { key: { name: string; range: Range }; value: Value | undefined }[] = [];
  const seen = new Map<string, Range>();
  for (const entry of (value as ObjectValue).entries) {
    const key = entry.key;
    if (!params.has(key.name)) {
      const names = [...params.keys()];
      reportUnknownName(ctx, {
        code: NAME_CODE.unknownParam,
        message: `unknown param \`${key.name}\``,
        range: key.range,
        suggestion: catalogue.suggest(key.name, names),
        label: 'not a declared param',
        help:
          names.length > 0
            ? `declared params: ${listNames(
                names.map((n) => `\`${n}\``),
                'and',
              )}`
            : `declare it first: \`param ${key.name} = ...\``,
      });
      continue;
    }
    const first = seen.get(key.name);
    if (first) {
      ctx.report({
        code: NAME_CODE.duplicateParameter,
        message: `\`${key.name}\` is varied twice in \`${what}\``,
        range: entry.range,
        label: 'given again here',
        labels: [{ range: first, message: 'first given here' }],
        help: 'remove one of them',
      });
      continue;
    }
    seen.set(key.name, entry.range);
    out.push({ key: { name: key.name, range: key.range }, value: entry.value });
  }
  return out;
}

function readGrid(ctx: CheckContext, catalogue: CatalogueView, grid: Value, params: ParamTable, study: string): VariedParam[] {
  const varied: VariedParam[] = [];
  for (const { key, value } of variedEntries(ctx, catalogue, grid, params, 'grid', study)) {
    if (!value) continue;
    if (value.kind !== 'list') {
      ctx.report({
        code: NAME_CODE.wrongType,
        message: `a grid lists the values of \`${key.name}\`, got ${describeValue(value)}`,
        range: value.range,
        label: 'expected a list',
        help: `write \`${key.name}: [${value.kind === 'number' ? value.raw : '...'}]\``,
      });
      continue;
    }
    if (value.items.length === 0) {
      ctx.report({
        code: NAME_CODE.emptyGrid,
        message: `the grid gives \`${key.name}\` no values`,
        range: value.range,
        label: 'empty list',
        help: `list at least one value: \`${key.name}: [${params.get(key.name)?.value ? describeValue(params.get(key.name)!.value!).replace(/`/g, '') : '...'}]\``,
      });
      continue;
    }
    varied.push({ name: key.name, keyRange: key.range, candidates: value.items });
  }
  return varied;
}

function readRandom(ctx: CheckContext, catalogue: CatalogueView, random: Value, params: ParamTable, study: string): VariedParam[] {
  const varied: VariedParam[] = [];
  for (const { key, value } of variedEntries(ctx, catalogue, random, params, 'random', study)) {
    if (!value) continue;
    const call: CallValue | undefined = value.kind === 'call' ? value : undefined;
    const entry = call ? catalogue.studyDomain(call.callee.name) : undefined;
    if (!call || !entry) {
      const written = call?.callee.name ?? (value.kind === 'name' ? value.name : undefined);
      reportUnknownName(ctx, {
        code: NAME_CODE.studyDomain,
        message: written ? `unknown sampling domain \`${written}\`` : `\`random\` samples \`${key.name}\` from a domain, got ${describeValue(value)}`,
        range: call?.callee.range ?? value.range,
        suggestion: written ? catalogue.suggest(written, catalogue.studyDomainNames) : undefined,
        label: 'not a sampling domain',
        help: `domains: ${listNames(catalogue.studyDomainNames.map((n) => `\`${n}(...)\``))}; a grid lists values instead`,
      });
      continue;
    }
    if (entry.name === 'choice') {
      const values = call.args.flatMap((argument) => (argument.value && !argument.name ? [argument.value] : []));
      if (values.length === 0 || call.args.some((argument) => argument.name)) {
        ctx.report({
          code: NAME_CODE.studyDomain,
          message: '`choice` takes the values to choose from, by position',
          range: call.range,
          label: values.length === 0 ? 'no values' : 'named argument',
          help: 'write `choice(64, 128, 256)`',
        });
        continue;
      }
      varied.push({ name: key.name, keyRange: key.range, candidates: values, domain: { kind: 'choice', values, range: call.range } });
      continue;
    }
    const bound = bindArguments(ctx, catalogue, entry, call.args, { owner: `\`${entry.name}\``, calleeRange: call.callee.range });
    const low = bound.params.low;
    const high = bound.params.high;
    if (!bound.complete || typeof low !== 'number' || typeof high !== 'number') continue;
    if (!(low < high)) {
      ctx.report({
        code: NAME_CODE.studyDomain,
        message: `\`${entry.name}\` needs low below high, got ${low} and ${high}`,
        range: call.argsRange,
        label: 'empty domain',
        help: low > high ? `swap them: \`${entry.name}(${high}, ${low})\`` : 'a single value is a grid of one: `grid: { ... : [value] }`',
      });
      continue;
    }
    const given = [bound.given.get('low'), bound.given.get('high')].filter((v): v is Value => v !== undefined);
    varied.push({
      name: key.name,
      keyRange: key.range,
      candidates: given,
      domain: { kind: entry.name as 'uniform' | 'log_uniform' | 'int_uniform', low, high, range: call.range },
    });
  }
  return varied;
}

/** Every combination of the lists; the first list varies slowest. */
function combinations(lists: Value[][]): Value[][] {
  if (lists.length === 0) return [];
  let out: Value[][] = [[]];
  for (const list of lists) out = out.flatMap((prefix) => list.map((item) => [...prefix, item]));
  return out;
}

/** Four significant digits: a sampled learning rate reads `0.003162`, and the label is the value trained. */
function roundSample(value: number): number {
  return Number(value.toPrecision(4));
}

function sampleNumber(value: number, range: Range): NumberValue {
  return { kind: 'number', value, raw: String(value), range };
}

/** `trials` settings drawn from the domains, from a stream of the study's `seed`. */
function sampleSettings(varied: readonly VariedParam[], trials: number, seed: number): Value[][] {
  const settings: Value[][] = [];
  for (let trial = 0; trial < trials; trial++) {
    settings.push(
      varied.map((param) => {
        // One stream per (param, trial): adding a param never changes another's draws.
        const random = createRandom(seed).fork(`study/${param.name}/${trial}`);
        const domain = param.domain!;
        switch (domain.kind) {
          case 'choice':
            return domain.values[random.int(domain.values.length)]!;
          case 'int_uniform':
            return sampleNumber(domain.low + random.int(domain.high - domain.low + 1), domain.range);
          case 'uniform':
            return sampleNumber(roundSample(random.range(domain.low, domain.high)), domain.range);
          case 'log_uniform':
            return sampleNumber(roundSample(Math.exp(random.range(Math.log(domain.low), Math.log(domain.high)))), domain.range);
        }
      }),
    );
  }
  return settings;
}

function readSeeds(ctx: CheckContext, value: Value | undefined, catalogue: CatalogueView): number[] {
  const fallback = catalogue.studyOptions.find((option) => option.name === 'seeds')?.default;
  const count = value === undefined ? (typeof fallback === 'number' ? fallback : 1) : undefined;
  const ofCount = (k: number): number[] => Array.from({ length: k }, (_, index) => index + 1);
  if (count !== undefined) return ofCount(count);
  const bad = (message: string, range: Range, label: string): number[] => {
    ctx.report({
      code: NAME_CODE.studySeeds,
      message,
      range,
      label,
      help: `write a count (\`seeds: 5\` trains seeds 1..5) or distinct seeds (\`seeds: [3, 7, 11]\`)`,
    });
    return [];
  };
  if (value!.kind === 'number') {
    const k = value!.value;
    if (!Number.isInteger(k) || k < 1 || k > MAX_STUDY_SEEDS)
      return bad(`\`seeds\` must be a whole number from 1 to ${MAX_STUDY_SEEDS}, got ${value!.raw}`, value!.range, 'not a seed count');
    return ofCount(k);
  }
  if (value!.kind !== 'list') return bad(`\`seeds\` must be a count or a list of seeds, got ${describeValue(value!)}`, value!.range, 'not seeds');
  const list = value!.items;
  if (list.length === 0) return bad('`seeds` lists no seed', value!.range, 'empty list');
  if (list.length > MAX_STUDY_SEEDS) return bad(`\`seeds\` lists ${list.length} seeds; at most ${MAX_STUDY_SEEDS}`, value!.range, 'too many seeds');
  const seeds: number[] = [];
  for (const item of list) {
    if (item.kind !== 'number' || !Number.isInteger(item.value) || item.value < 0 || item.value > 2_147_483_647)
      return bad(`a seed is a whole number >= 0, got ${describeValue(item)}`, item.range, 'not a seed');
    if (seeds.includes(item.value)) return bad(`seed ${item.raw} is listed twice`, item.range, 'listed again');
    seeds.push(item.value);
  }
  return seeds;
}

function readPrune(ctx: CheckContext, catalogue: CatalogueView, value: Value | undefined): { rule: 'median'; after: number } | null {
  if (value === undefined || (value.kind === 'name' && value.name === 'none')) return null;
  const name = value.kind === 'call' ? value.callee.name : value.kind === 'name' ? value.name : undefined;
  const entry = name !== undefined ? catalogue.pruneRule(name) : undefined;
  if (!entry || name === undefined) {
    reportUnknownName(ctx, {
      code: NAME_CODE.unknownValue,
      message: name !== undefined ? `unknown pruning rule \`${name}\`` : `\`prune\` takes a pruning rule, got ${describeValue(value)}`,
      range: value.kind === 'call' ? value.callee.range : value.range,
      suggestion: name !== undefined ? catalogue.suggest(name, catalogue.pruneRuleNames) : undefined,
      label: 'not a pruning rule',
      help: `pruning rules: ${listNames(catalogue.pruneRuleNames.map((n) => `\`${n}\``))}, e.g. \`median(after: 10)\``,
    });
    return null;
  }
  const bound = bindArguments(ctx, catalogue, entry, value.kind === 'call' ? value.args : [], {
    owner: `\`${entry.name}\``,
    calleeRange: value.kind === 'call' ? value.callee.range : value.range,
  });
  const after = bound.params.after;
  return bound.complete && typeof after === 'number' ? { rule: 'median', after } : null;
}
