import { describe, expect, it } from 'vitest';
import { parseCsvDataset } from '../../src/train/data/csv-dataset.js';

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
    expect(only('x,label\n')).toMatchObject({ code: 'NN4606', line: 1, column: 8, message: 'data file `/specs/data/points.csv` has a header but no data rows' });
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
    expect(d).toMatchObject({ code: 'NN4602', file, message: 'label column `outcme` is not in the header of `/specs/data/points.csv` (line 1)', label: 'the header starts here' });
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
    expect(only('x,x,label\n1,2,a\n')).toMatchObject({ code: 'NN4607', line: 1, column: 3, message: 'column `x` appears twice in the header of `/specs/data/points.csv` (line 1, column 3)' });
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
    expect(only('x,y,label\n1,2,a\n3,,b\n')).toMatchObject({ code: 'NN4604', line: 3, column: 3, message: 'empty cell in column `y` of `/specs/data/points.csv` (line 3, column 3)' });
    expect(only('x,label\n1,\n')).toMatchObject({ code: 'NN4604', line: 2, column: 3, message: 'empty cell in column `label` of `/specs/data/points.csv` (line 2, column 3)' });
  });

  it('non-numeric feature', () => {
    expect(only('x,y,label\n1,2,a\n3,two,b\n')).toMatchObject({ code: 'NN4605', line: 3, column: 3, message: '`two` in column `y` of `/specs/data/points.csv` is not a number (line 3, column 3)' });
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
    const many = 'x,label\n' + ',1\n'.repeat(100);
    expect(parseCsvDataset(many, { file, label: 'label', task: null, maxErrors: 5 }).diagnostics).toHaveLength(5);
  });

  it('ranges carry offsets into the file', () => {
    const result = parse('x,label\n1,a\nzz,b\n');
    expect(result.diagnostics[0].range).toEqual({ start: { offset: 12, line: 3, column: 1 }, end: { offset: 14, line: 3, column: 3 } });
  });
});
