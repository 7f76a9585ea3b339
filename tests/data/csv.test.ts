import { describe, expect, it } from 'vitest';
import { parseCsvDataset } from '../../src/train/data/csv-dataset.js';
import { tokenizeCsv } from '../../src/train/data/csv-tokenize.js';
import { rowRangeOf } from '../../src/train/data/dataset.js';

const file = '/specs/data/points.csv';
const parse = (text: string, label = 'label', task: 'classification' | 'regression' | null = null) => parseCsvDataset(text, { file, label, task });

/** The one diagnostic of a failed parse, reduced to what users see. */
function only(text: string, label = 'label', task: 'classification' | 'regression' | null = null) {
  const result = parse(text, label, task);
  expect(result.value).toBeUndefined();
  expect(result.diagnostics).toHaveLength(1);
  const [d] = result.diagnostics;
  expect(d.file).toBe(file);
  expect(d.severity).toBe('error');
  return { code: d.code, line: d.range.start.line, column: d.range.start.column, message: d.message, help: d.help };
}

describe('CSV data sets', () => {
  it('parses features and text labels into sorted classes', () => {
    const { value, diagnostics } = parse('a,label,b\n1,dog,2\n3,cat,4\r\n5.5,dog,-1e-1\n\n');
    expect(diagnostics).toEqual([]);
    expect(value!.count).toBe(3);
    expect(value!.featureShape).toEqual([2]);
    expect(Array.from(value!.features)).toEqual([1, 2, 3, 4, 5.5, Math.fround(-0.1)]);
    expect(value!.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(value!.labels)).toEqual([1, 0, 1]);
    expect(value!.task).toBe('classification');
  });

  it('numeric labels: regression unless the spec says classification', () => {
    const text = 'x,label\n1,10\n2,2\n3,10\n';
    const regression = parse(text).value!;
    expect(regression.task).toBe('regression');
    expect(regression.classNames).toBeNull();
    expect(Array.from(regression.labels)).toEqual([10, 2, 10]);
    const classification = parse(text, 'label', 'classification').value!;
    expect(classification.classNames).toEqual(['2', '10']); // numeric order, not text order
    expect(Array.from(classification.labels)).toEqual([1, 0, 1]);
  });

  it('understands quoted cells', () => {
    const { value } = parse('x,label\n1,"a, b"\n2,"say ""hi"""\n');
    expect(value!.classNames).toEqual(['a, b', 'say "hi"']);
  });

  it('empty file', () => {
    expect(only('')).toMatchObject({ code: 'NN4601', line: 1, column: 1, message: 'data file `/specs/data/points.csv` is empty' });
    expect(only('\n\n')).toMatchObject({ code: 'NN4601' });
  });

  it('header only', () => {
    expect(only('x,label\n')).toMatchObject({
      code: 'NN4606',
      line: 1,
      column: 8,
      message: 'data file `/specs/data/points.csv` has a header but no data rows',
    });
  });

  it('unknown label column with a suggestion', () => {
    expect(only('sepal,species\n1,a\n', 'Species')).toEqual({
      code: 'NN4602',
      line: 1,
      column: 1,
      message: 'label column `Species` is not in the header of `/specs/data/points.csv` (line 1)',
      help: 'did you mean `species`? the columns are `sepal`, `species`',
    });
    expect(only('sepal,species\n1,a\n', 'target').help).toBe('the columns are `sepal`, `species`');
  });

  it('unknown label column of a wide header: close matches, ten columns and a count, a short range', () => {
    const header = [...Array.from({ length: 97 }, (_, index) => `feature_${index}`), 'outcome', 'outcomes', 'Outcome'].join(',');
    const text = `${header}\n${Array.from({ length: 100 }, () => '1').join(',')}\n`;
    const result = parse(text, 'outcme');
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({
      code: 'NN4602',
      file,
      message: 'label column `outcme` is not in the header of `/specs/data/points.csv` (line 1)',
      label: 'the header starts here',
    });
    expect(d.help).toBe(
      'did you mean `outcome`, `outcomes` or `Outcome`? the 100 columns are `feature_0`, `feature_1`, `feature_2`, `feature_3`, `feature_4`, `feature_5`, `feature_6`, `feature_7`, `feature_8`, `feature_9` and 90 more',
    );
    // Under the first cell only, not the 900-character header.
    expect(d.range).toEqual({ start: { offset: 0, line: 1, column: 1 }, end: { offset: 9, line: 1, column: 10 } });
    // Given where the spec names the label, the diagnostic is there, in the spec.
    const labelRange = { start: { offset: 40, line: 2, column: 38 }, end: { offset: 48, line: 2, column: 46 } };
    const placed = parseCsvDataset(text, { file, label: 'outcme', task: null, labelRange }).diagnostics[0];
    expect(placed.range).toEqual(labelRange);
    expect(placed.file).toBeUndefined();
    expect(placed.label).toBe('not a column of `/specs/data/points.csv`');
  });

  it('duplicate column', () => {
    expect(only('x,x,label\n1,2,a\n')).toMatchObject({
      code: 'NN4607',
      line: 1,
      column: 3,
      message: 'column `x` appears twice in the header of `/specs/data/points.csv` (line 1, column 3)',
    });
  });

  it('a quote that is never closed', () => {
    expect(only('x,y,label\n1,2,"a\n3,4,b\n')).toEqual({
      code: 'NN4608',
      line: 2,
      column: 5,
      message: 'the quoted cell at line 2, column 5 of `/specs/data/points.csv` is never closed',
      help: 'close the quote (inside a quoted cell, write a quote as `""`); everything after it was read as one cell',
    });
    // A closed quote that spans lines is a cell like any other.
    expect(parse('x,label\n1,"a\nb"\n').diagnostics).toEqual([]);
  });

  it('empty cell', () => {
    expect(only('x,y,label\n1,2,a\n3,,b\n')).toMatchObject({
      code: 'NN4604',
      line: 3,
      column: 3,
      message: 'empty cell in column `y` of `/specs/data/points.csv` (line 3, column 3)',
    });
    expect(only('x,label\n1,\n')).toMatchObject({
      code: 'NN4604',
      line: 2,
      column: 3,
      message: 'empty cell in column `label` of `/specs/data/points.csv` (line 2, column 3)',
    });
  });

  it('non-numeric feature', () => {
    expect(only('x,y,label\n1,2,a\n3,two,b\n')).toMatchObject({
      code: 'NN4605',
      line: 3,
      column: 3,
      message: '`two` in column `y` of `/specs/data/points.csv` is not a number (line 3, column 3)',
    });
    for (const bad of ['NaN', 'Infinity', '0x10', '1,5']) {
      const result = parse(`x,y,label\n1,2,a\n1,${bad},a\n`);
      expect(result.value).toBeUndefined();
    }
  });

  it('ragged rows: too few and too many cells', () => {
    expect(only('x,y,label\n1,2,a\n3,4\n')).toMatchObject({
      code: 'NN4603',
      line: 3,
      column: 4,
      message: 'row at line 3 of `/specs/data/points.csv` has 2 cells but the header has 3 columns (line 3, column 4)',
      help: 'add the missing cells',
    });
    expect(only('x,y,label\n1,2,a,9\n')).toMatchObject({
      code: 'NN4603',
      line: 2,
      column: 7,
      message: 'row at line 2 of `/specs/data/points.csv` has 4 cells but the header has 3 columns (line 2, column 7)',
    });
  });

  it('text label in a regression', () => {
    expect(only('x,label\n1,2\n2,high\n', 'label', 'regression')).toMatchObject({
      code: 'NN4808',
      line: 3,
      column: 3,
      message: 'label `high` in `/specs/data/points.csv` is not a number, but the spec trains a regression (line 3, column 3)',
    });
  });

  it('reports several errors but returns nothing partial, and caps the count', () => {
    const result = parse('x,y,label\n1,,1\n2,3\n4,5,\n');
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([
      ['NN4604', 2],
      ['NN4603', 3],
      ['NN4604', 4],
    ]);
    const many = `x,label\n${',1\n'.repeat(100)}`;
    expect(parseCsvDataset(many, { file, label: 'label', task: null, maxErrors: 5 }).diagnostics).toHaveLength(5);
  });

  it('ranges carry offsets into the file', () => {
    const result = parse('x,label\n1,a\nzz,b\n');
    expect(result.diagnostics[0].range).toEqual({ start: { offset: 12, line: 3, column: 1 }, end: { offset: 14, line: 3, column: 3 } });
  });

  it('keeps columns, labels and row places in typed arrays, not a string or an object per cell', () => {
    const { value } = parse('a,label,b\n1,dog,2\n3,cat,4\r\n\n"5.5",dog,-1e-1\n');
    const table = value!.table!;
    expect(table.columns.map((column) => [column.name, column.kind, column.values.constructor.name])).toEqual([
      ['a', 'numeric', 'Float64Array'],
      ['b', 'numeric', 'Float64Array'],
    ]);
    expect(Array.from(table.columns[0].values as Float64Array)).toEqual([1, 3, 5.5]);
    expect(value!.features).toBeInstanceOf(Float32Array);
    expect(value!.labels).toBeInstanceOf(Float32Array);
    // Row places: start offset, line, column, end offset, line, column; a blank line skipped, CRLF counted once.
    expect(value!.origin!.rowSpans).toBeInstanceOf(Uint32Array);
    expect(rowRangeOf(value!.origin, 2)).toEqual({ start: { offset: 28, line: 5, column: 1 }, end: { offset: 43, line: 5, column: 16 } });
    expect(rowRangeOf(value!.origin, 3)).toBeUndefined();
    // A category is one string however many rows hold it.
    const text = parse('color,label\nred,1\nred,2\nblue,3\n').value!.table!.columns[0];
    expect(text.kind).toBe('text');
    expect(text.values).toEqual(['red', 'red', 'blue']);
  });

  it('reads numbers in place exactly as Number() does, and cells as the record tokenizer does', () => {
    const cells = [
      '0',
      '-0',
      '+5',
      '1.',
      '.5',
      '00012',
      '0.1',
      '123456789012345',
      '1234567890123456789',
      '1e22',
      '1e23',
      '1e-22',
      '1e-23',
      '2.5E+3',
      '1e400',
      '1e',
      'e5',
      '.',
      '-',
      '1e5.5',
      ' 7 ',
      '"8"',
    ];
    const { value } = parse(`label,${cells.map((_, i) => `c${i}`).join(',')}\n1,${cells.join(',')}\n`, 'label');
    // Text cells make text columns; the numeric ones hold what Number() gives.
    expect(value).toBeDefined();
    value!.table!.columns.forEach((column, i) => {
      const cell = cells[i].trim().replace(/^"(.*)"$/, '$1');
      const number = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(cell) && Number.isFinite(Number(cell)) ? Number(cell) : undefined;
      if (number === undefined) expect([column.name, column.kind]).toEqual([column.name, 'text']);
      else expect([column.name, Object.is(column.values[0], number)]).toEqual([column.name, true]);
    });
    const text = 'a,"b ""q"""\n 1 ,"x\ny"  z\n\n  \n"",2\n';
    expect(
      tokenizeCsv(text).map((record) => [record.line, ...record.cells.map((cell) => [cell.text, cell.offset, cell.line, cell.column, cell.length])]),
    ).toEqual([
      [1, ['a', 0, 1, 1, 1], ['b "q"', 2, 1, 3, 9]],
      // A cell spanning lines is measured on its first line (`"x`), so its range stays on one line.
      [2, ['1', 12, 2, 1, 3], ['x\nyz', 16, 2, 5, 2]],
      [6, ['', 29, 6, 1, 2], ['2', 32, 6, 4, 1]],
    ]);
  });
});

describe('ranges of quoted cells that hold a line break', () => {
  // Found by `npm run fuzz` (seed 16, data #324): the range began on the cell's line and ended a
  // cell's length later on the same line, past the line's end, while its end offset was on the next.
  it("stay on the cell's first line, with offsets that match their line and column", () => {
    const text = 'f0,f1,label\n1,7,a\n"line\nbreak",9,b\n2,3,a\n';
    const diagnostic = parse(text).diagnostics.find((d) => d.code === 'NN4605')!;
    expect(diagnostic.message).toBe(`\`line\nbreak\` in column \`f0\` of \`${file}\` is not a number (line 3, column 1)`);
    expect(diagnostic.range).toEqual({ start: { offset: 18, line: 3, column: 1 }, end: { offset: 23, line: 3, column: 6 } });
    expect(text.slice(diagnostic.range.start.offset, diagnostic.range.end.offset)).toBe('"line');
  });
});
