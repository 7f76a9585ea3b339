/**
 * Remembers model checks between runs of the checker on versions of one document, so that an
 * edit re-checks only the models it changed: a model's check is most of the checker's time, and
 * an editor checks the whole document on every keystroke.
 *
 * A model's check depends on its declaration (params already bound), its name, the data shape it
 * may fall back on and the spec's blocks, nothing else. The incremental parser keeps the syntax
 * tree of a declaration an edit did not touch (the same object), and binding params keeps a
 * declaration that uses none, so the key is the declaration object itself, with the hint and the
 * blocks' declaration objects beside it. A model that moved (text was inserted above it) is a new
 * object and is checked again: writing a key that survives the move costs about as much as the
 * check it would save.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { BlockDeclaration, ModelDeclaration } from '../syntax/ast.js';
import type { CatalogueView } from '../catalogue/types.js';
import type { BlockTable } from './blocks.js';
import { CheckContext } from './context.js';
import type { ModelShapeHint } from './model.js';
import type { CheckedModel } from './program.js';
import { BindingMemo } from './binding-memo.js';
import type { NodeBinding } from './graph-shapes.js';

interface Remembered {
  name: string;
  hint: string;
  blocks: { declaration: BlockDeclaration; recursive: boolean }[];
  model: CheckedModel;
  diagnostics: Diagnostic[];
}

/** Checks one model: what {@link ModelCheckCache.check} calls on a miss. */
export type CheckModel = (ctx: CheckContext, memo: BindingMemo<NodeBinding>) => CheckedModel;

function sameBlocks(remembered: Remembered['blocks'], blocks: BlockTable): boolean {
  if (remembered.length !== blocks.size) return false;
  let index = 0;
  for (const block of blocks.values()) {
    const entry = remembered[index++]!;
    if (entry.declaration !== block.declaration || entry.recursive !== block.recursive) return false;
  }
  return true;
}

/**
 * Model check results of recent checker runs, by everything they depend on. Keeps what the last
 * run used and forgets the rest, so it stays the size of one document's models.
 */
export class ModelCheckCache {
  private remembered = new Map<ModelDeclaration, Remembered>();
  private usedThisRun = new Map<ModelDeclaration, Remembered>();
  private catalogue: CatalogueView | undefined;
  /** The layer calls' bindings, for the models that are checked again: most of their calls did not change. */
  private bindings = new BindingMemo<NodeBinding>();

  /** Starts a checker run against `catalogue` (a different catalogue forgets everything). */
  beginRun(catalogue: CatalogueView): void {
    if (catalogue !== this.catalogue) {
      this.remembered.clear();
      this.bindings = new BindingMemo();
    }
    this.catalogue = catalogue;
    this.usedThisRun = new Map();
  }

  /** Ends a checker run: keeps only what it used. */
  endRun(): void {
    this.remembered = this.usedThisRun;
  }

  /**
   * The check of a model, remembered or made by `checkModel`; its diagnostics are added to `ctx`
   * in the order the check reported them.
   */
  check(
    ctx: CheckContext,
    declaration: ModelDeclaration,
    name: string,
    hint: ModelShapeHint | undefined,
    blocks: BlockTable,
    checkModel: CheckModel,
  ): CheckedModel {
    const hintText = JSON.stringify(hint ?? null);
    const found = this.usedThisRun.get(declaration) ?? this.remembered.get(declaration);
    let result: Remembered;
    if (found && found.name === name && found.hint === hintText && sameBlocks(found.blocks, blocks)) {
      result = found;
    } else {
      const sink = new CheckContext();
      const model = checkModel(sink, this.bindings);
      const used = [...blocks.values()].map((block) => ({ declaration: block.declaration, recursive: block.recursive }));
      result = { name, hint: hintText, blocks: used, model, diagnostics: sink.diagnostics };
    }
    this.usedThisRun.set(declaration, result);
    ctx.diagnostics.push(...result.diagnostics);
    return result.model;
  }
}
