import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/**
 * NN45xx-NN46xx: reading data files and what is in them (CSV, IDX, column options). Their names
 * join the others' in `DATA_CODE` (data-codes.ts); this file is split out by size.
 */
export const DATA_FILE_FAMILY = defineCodes(
  { family: 'data-file', first: 4500, last: 4699 },
  {
    fileNotFound: {
      code: 'NN4501',
      title: 'data file not found',
      severity: 'error',
      explanation: `A data source names a file that does not exist. Paths in a spec are resolved against the folder of the spec file, not the current directory.

\`\`\`
data digits_csv { source: csv(path: "data/digit.csv", label: "digit") }
\`\`\`

The message shows the path as resolved. Fix the path (relative to the spec's folder) or move the file.`,
    },
    pathIsDirectory: {
      code: 'NN4502',
      title: 'data path is a directory',
      severity: 'error',
      explanation: `A \`csv\` or \`idx\` source names a directory where a file is expected.

\`\`\`
data mnist { source: idx(images: "mnist/", labels: "mnist/train-labels-idx1-ubyte") }
\`\`\`

Name the file inside the directory, e.g. \`"mnist/train-images-idx3-ubyte.gz"\`.`,
    },
    fileUnreadable: {
      code: 'NN4503',
      title: 'data file cannot be read',
      severity: 'error',
      explanation: `The file exists but reading it failed (permissions, an I/O error). The message carries the operating system's reason.

Check the file's permissions (\`ls -l\`) and that it is not locked by another program.`,
    },
    emptyFile: {
      code: 'NN4601',
      title: 'empty data file',
      severity: 'error',
      explanation: `A CSV file has no content at all (not even a header row).

A CSV source needs a header row naming the columns and at least one data row:

\`\`\`
x1,x2,label
0.5,1.2,a
\`\`\``,
    },
    unknownLabelColumn: {
      code: 'NN4602',
      title: 'unknown label column',
      severity: 'error',
      explanation: `The \`label\` parameter of a \`csv\` source does not match any column of the header row. Column names are case-sensitive.

\`\`\`
data iris {
  source: csv(path: "iris.csv", label: "Species")   // the header says "species"
}
\`\`\`

The error is shown under the \`label\` value in the spec. The help line suggests the closest header names (up to three) and lists the columns: all of a header of up to ten, else the first ten and how many more. When a close name exists, the fix replaces the label with it. Use the exact name from the file's first line.`,
    },
    raggedRow: {
      code: 'NN4603',
      title: 'row has the wrong number of cells',
      severity: 'error',
      explanation: `A CSV row has more or fewer cells than the header has columns. The diagnostic points at the first extra cell, or at the end of a short row.

\`\`\`
a,b,label
1,2,x
1,2        <- 2 cells, the header has 3
\`\`\`

Often a stray comma, a missing value at the end of a line, or a cell with a comma that should be quoted (\`"1,5"\`).`,
    },
    emptyCell: {
      code: 'NN4604',
      title: 'empty cell',
      severity: 'error',
      explanation: `A CSV cell is empty. Without \`impute\` in the data block, nnspec does not fill in missing values: every feature and every label must be present.

\`\`\`
a,b,label
1,,x
\`\`\`

Fill in the value, remove the row (or the column), or let nnspec fill missing feature values with \`impute: mean\`, \`impute: median\` or \`impute: constant(0)\` in the data block (fitted on the training split; see docs/data.md). A missing label is never imputed.`,
    },
    notANumber: {
      code: 'NN4605',
      title: 'value is not a number',
      severity: 'error',
      explanation: `A feature cell of a CSV file is not a finite decimal number. Accepted: \`3\`, \`-0.5\`, \`1e-3\`, \`.25\`; rejected: \`n/a\`, \`NaN\`, \`Infinity\`, \`0x10\`, \`1,5\`.

\`\`\`
a,b,label
1,two,x
\`\`\`

A feature column is either numeric (every value a number) or categorical (no value a number): a categorical column is one-hot encoded, one feature per category seen in the training split. A column that mixes numbers and text is this error, pointing at the first cell that differs from the column's first value: usually a typo or a placeholder for a missing value (leave the cell empty instead, and use \`impute\`). Text labels make the data set a classification (a regression with text labels is \`NN4808\`).`,
    },
    noExamples: {
      code: 'NN4606',
      title: 'data set has no examples',
      severity: 'error',
      explanation: `The file has a header but no data rows (or an IDX file with a count of 0).

Add rows below the header, or point the source at the right file.`,
    },
    duplicateColumn: {
      code: 'NN4607',
      title: 'duplicate column name',
      severity: 'error',
      explanation: `Two columns of a CSV header have the same name, so \`label\` could be ambiguous and reports could not name features.

\`\`\`
x,x,label
\`\`\`

Rename one of the columns.`,
    },
    unterminatedQuote: {
      code: 'NN4608',
      title: 'quoted cell never closed',
      severity: 'error',
      explanation: `A CSV cell opens with \`"\` and no closing \`"\` follows before the end of the file. A quoted cell may span lines, so everything after the opening quote would be one cell and the rows below it would be lost.

\`\`\`
a,b,label
1,2,"x
3,4,y
\`\`\`

Close the quote. Inside a quoted cell a quote is written twice (\`"say ""hi"""\`); a value without a comma, quote or line break needs no quotes at all.`,
    },
    unknownColumn: {
      code: 'NN4630',
      title: 'unknown column',
      severity: 'error',
      explanation: `A column named in \`features\` or \`drop\` is not in the CSV file's header (or, for a separate test set, in the test file's header). The diagnostic points at the name in the spec and suggests the closest column.

\`\`\`
data houses {
  source: csv(path: "houses.csv", label: "price")
  features: ["rooms", "aera"]
}
\`\`\`

Spell the column as the header does (names are case-sensitive).`,
    },
    unseenCategory: {
      code: 'NN4631',
      title: 'category not seen in training',
      severity: 'warning',
      explanation: `A categorical (text) feature column is one-hot encoded with the categories of the training split only. A validation or test row holding a category the training split never had is encoded as all zeros in that column's features, and counted: this warning names the column, the split, how many rows and which categories.

\`\`\`
color,size,label        (the training split has only red and blue)
green,3,1               <- a test row: color=blue and color=red are both 0
\`\`\`

The run goes on. Many unseen categories mean the training split misses part of the data: use a larger training fraction, \`stratify\`, or merge rare categories in the file.`,
    },
    classNamesMismatch: {
      code: 'NN4632',
      title: 'class names do not match the classes',
      severity: 'error',
      explanation: `\`class_names\` gives a name per class in class-index order, and the data has a different number of classes (or is a regression).

\`\`\`
data mnist {
  source: idx(images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz")
  class_names: ["zero", "one", "two"]
}
\`\`\`

Give exactly one name per class (MNIST has ten).`,
    },
    nothingToImpute: {
      code: 'NN4633',
      title: 'no value to impute from',
      severity: 'error',
      explanation: `\`impute: mean\` or \`impute: median\` fills a column's missing values with a statistic of the column's values in the training split, and this column has no value at all in the training split.

\`\`\`
rooms,area,price
3,,250000
2,,180000
\`\`\`

Drop the column (\`drop: ["name"]\`), or use \`impute: constant(x)\`.`,
    },
    testColumnKind: {
      code: 'NN4634',
      title: 'test column of another kind',
      severity: 'error',
      explanation: `A separate test set must encode like the data it tests: a column that is numeric in the training data holds text in the test file.

\`\`\`
rooms,price        (train.csv: rooms are numbers)
three,120000       (test.csv)
\`\`\`

Fix the test file's cell (the message names it), or make the column categorical in both files.`,
    },
    notCsv: {
      code: 'NN4635',
      title: 'data file does not look like a CSV file',
      severity: 'error',
      explanation: `A \`csv\` source names a file whose first line is not a CSV header row: it has no \`,\` (and is not just the label column's name), holds a control character (a binary file, or NUL-separated text such as \`/proc/self/environ\`), opens a quote it never closes, or has a field longer than 256 characters.

\`\`\`
data d { source: csv(path: "/etc/passwd", label: "y") }   // first line: fields separated by \`:\`
\`\`\`

Because the file is not taken for a CSV file, nnspec shows none of its contents: the message says what is wrong and points at the \`path\` in the spec, with no line of the file (see "What messages quote" in \`docs/data.md\`). Check the path; a CSV file starts with a header row of column names separated by commas.`,
    },
    badIdxHeader: {
      code: 'NN4610',
      title: 'not an IDX file',
      severity: 'error',
      explanation: `An \`idx\` source names a file whose header is not a valid IDX header. An IDX file (the MNIST format) starts with two zero bytes, a type byte (\`0x08\` unsigned byte, \`0x09\` signed byte, \`0x0B\` int16, \`0x0C\` int32, \`0x0D\` float32, \`0x0E\` float64) and the number of dimensions, followed by one big-endian 32-bit size per dimension. Gzip-compressed files (\`.gz\`) are recognised by their content and decompressed.

Images must have 2 to 4 dimensions (\`[count, features]\`, \`[count, rows, cols]\`, \`[count, rows, cols, channels]\`); labels exactly one (\`[count]\`).

Check that \`images\` and \`labels\` are not swapped and that the download is complete.

A file that does not start with two zero bytes is not taken for an IDX file: the error points at its path in the spec and shows none of its bytes (a data path may name any file; see "What messages quote" in \`docs/data.md\`).`,
    },
    idxSizeMismatch: {
      code: 'NN4611',
      title: 'IDX data size does not match its header',
      severity: 'error',
      explanation: `The IDX header announces dimensions whose product does not match the number of bytes that follow: the file is truncated or has trailing data.

Download the file again; compare its size with \`16 + count * rows * cols\` bytes for MNIST images.`,
    },
    idxCountMismatch: {
      code: 'NN4612',
      title: 'images and labels counts differ',
      severity: 'error',
      explanation: `The IDX images file and the labels file of one \`idx\` source hold a different number of examples, e.g. the training images with the test labels.

\`\`\`
data mnist { source: idx(images: "train-images-idx3-ubyte.gz", labels: "t10k-labels-idx1-ubyte.gz") }
\`\`\`

Pair the files of the same part (train with train, t10k with t10k).`,
    },
    badGzip: {
      code: 'NN4613',
      title: 'corrupt gzip data',
      severity: 'error',
      explanation: `A file starts with the gzip signature (\`1f 8b\`) but could not be decompressed: it is truncated or damaged.

Download it again, or decompress it yourself (\`gunzip -t file.gz\` tells whether it is intact).`,
    },
    headerNotRead: {
      code: 'NN4650',
      title: 'CSV header too long to check',
      severity: 'info',
      explanation: `\`nnspec check --data\` (and the language server's \`checkData\`) reads only the start of each data file: 64 KiB of a CSV, and up to 4 MiB when its header row is longer. This CSV's first line is longer still, so its columns (the \`label\`, the feature count) were not checked before training.

\`\`\`
data genes { source: csv(path: "expression.csv", label: "tissue") }   // 500,000 columns
\`\`\`

Nothing is wrong with the file: \`nnspec train\` reads it whole and checks it then. A file with no line break at all in its first 4 MiB gives this too.`,
    },
    outsideDataRoot: {
      code: 'NN4504',
      title: 'data path outside the data root',
      severity: 'error',
      explanation: `The run was given a data root (\`nnspec train --data-root DIR\`, \`check --data --data-root DIR\`, or \`dataRoot\` in the API), and a \`csv\` or \`idx\` path of the spec resolves outside it: it is absolute, climbs out with \`..\`, or goes through a symbolic link that points outside.

\`\`\`
data d { source: csv(path: "../../../etc/passwd", label: "x") }
\`\`\`

The file is not opened, and the message is the same whether it exists or not, so a spec cannot use it to find out what is on the host. Built-in sources (\`builtin.digits\`, \`builtin.iris\`) and synthetic ones are always allowed.

Put the data file inside the data root and name it relative to the spec. See \`docs/running-untrusted-specs.md\`.`,
    },
    badDataRoot: {
      code: 'NN4505',
      title: 'data root is not a folder',
      severity: 'error',
      explanation: `The data root given to the API (\`dataRoot\`) does not exist or is not a folder, so no data file can be read under it. (The CLI checks \`--data-root\` before anything else and stops with a usage error.)

Give an existing folder; relative paths resolve against the working folder.`,
    },
    fileTooLarge: {
      code: 'NN4614',
      title: 'data file too large',
      severity: 'error',
      explanation: `A data file is larger than the limit: 500 MiB (524,288,000 bytes) by default. The size on disk is checked with \`stat\` before a byte is read, so a huge (or sparse) file is refused at once; a plain file's content is held to the same limit as it is read, should it grow (or be a \`/proc\` file, whose size says 0).

\`\`\`
data big { source: csv(path: "events-2gb.csv", label: "kind") }
\`\`\`

500 MiB is the most a CSV file can be as one string in Node. Train on a sample of the rows, or split the file. Programs using the API can change the limit with \`readLimits\` (\`maxFileBytes\`, \`maxContentBytes\`); see \`docs/data.md\`.`,
    },
    expandsTooLarge: {
      code: 'NN4615',
      title: 'compressed data file expands too much',
      severity: 'error',
      explanation: `A gzip-compressed data file decompresses to more than the limit on a file's content: 500 MiB (524,288,000 bytes) by default. Decompression stops at the limit, so a decompression bomb (a few megabytes that expand to gigabytes) costs no more than the limit in memory. The message gives the compressed size and the limit.

\`\`\`
data d { source: csv(path: "zeros.csv.gz", label: "y") }   // 1.9 MiB that expands to 1 GiB
\`\`\`

Check where the file comes from. If it really is that much data, train on a sample; programs using the API can raise \`readLimits.maxContentBytes\` (see \`docs/data.md\`).`,
    },
    notRegularFile: {
      code: 'NN4616',
      title: 'data path is not a regular file',
      severity: 'error',
      explanation: `A data path names a device (\`/dev/zero\`, \`/dev/urandom\`), a FIFO (named pipe) or a socket. These are never opened: a device can be read forever and opening a FIFO waits for a writer that may never come. The path is checked with \`stat\`, which follows symbolic links, so a link to a regular file is fine.

\`\`\`
data d { source: csv(path: "/dev/zero", label: "y") }
\`\`\`

Name a regular file. To train on a stream, save it to a file first.`,
    },
    idxNotFinite: {
      code: 'NN4617',
      title: 'IDX value is not finite',
      severity: 'error',
      explanation: `A float32 or float64 IDX file holds \`NaN\`, \`Infinity\` or \`-Infinity\`, or a float64 value too large for a 32-bit float (training's number type), which would become infinite. Training on such a value gives a loss of NaN or one stuck for ever, so the file is refused. The position is the value's byte offset (reported as line 1, column = offset + 1), and the message says which example it belongs to.

\`\`\`
00 00 0d 02  00 00 00 02  00 00 00 02  3f 80 00 00  7f c0 00 00 ...
                                                    ^ NaN at byte 16, example 1
\`\`\`

Fix or drop the example where the file was made. CSV files reject the same values (\`NN4605\`).`,
    },
  },
);

/** The names of the data-file codes; use them through `DATA_CODE` (data-codes.ts). */
export const DATA_FILE_CODE = DATA_FILE_FAMILY.codes;

/** Every data-file code's info, for docs/errors and `nnspec explain`. */
export const DATA_FILE_CODES: readonly DiagnosticCodeInfo[] = DATA_FILE_FAMILY.infos;
