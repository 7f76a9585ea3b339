import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/** NN4905-NN4919: a study's output folder, written as trials finish and read back by `--resume`. */
export const STUDY_RUN_FAMILY = defineCodes(
  { family: 'study-run', first: 4905, last: 4919 },
  {
    otherStudyInFolder: {
      code: 'NN4905',
      title: 'output folder holds another study',
      severity: 'error',
      explanation: `\`nnspec study --out DIR\` was given a folder that already holds the trials of a different study: its \`study.json\` names another spec (a different SHA-256 of the spec's text), other data files, or another study plan. Mixing two studies' trials in one folder would make its results meaningless, so nothing runs.

\`\`\`
nnspec study dropout.nn --out runs/       # writes runs/study.json and runs/trials/
nnspec study learning-curve.nn --out runs/   # NN4905
\`\`\`

Give each study its own folder (\`--out runs/learning-curve\`), or delete the old folder if its results are no longer wanted. To continue the same study after an interruption, run it with \`--resume\`.`,
    },
    specChanged: {
      code: 'NN4906',
      title: 'spec changed since the study began',
      severity: 'error',
      explanation: `\`--resume\` continues a study whose trials are in \`--out DIR\`, but the spec's text is not the one the study began with (\`study.json\` keeps its SHA-256). The trials already in the folder trained another spec, so they cannot be mixed with new ones; nothing runs.

Restore the spec as it was when the study began (from version control), or run the study without \`--resume\` into a new folder (\`--out\`) to start it afresh.`,
    },
    dataChanged: {
      code: 'NN4907',
      title: 'data changed since the study began',
      severity: 'error',
      explanation: `\`--resume\` continues a study whose trials are in \`--out DIR\`, but a data file the study reads is not the one it began with: \`study.json\` keeps each file's path, size and SHA-256, and the message names the file that differs (or is new, or gone). Trials trained on other data cannot be compared with new ones; nothing runs.

Restore the data file as it was, or run the study without \`--resume\` into a new folder (\`--out\`) to start it afresh on the new data.`,
    },
    planChanged: {
      code: 'NN4908',
      title: 'study plan changed since the study began',
      severity: 'error',
      explanation: `\`--resume\` continues a study whose trials are in \`--out DIR\`, and the spec and data are unchanged, but the trials it would run are not the ones the study began with: another study of the same spec (\`--name\`), other settings or seeds, or a version of nnspec that lowers the spec differently. \`study.json\` keeps a hash of the plan. Nothing runs.

Resume with the same study and the same nnspec version, or run the study without \`--resume\` into a new folder (\`--out\`).`,
    },
    notStudyFolder: {
      code: 'NN4909',
      title: 'not a study output folder',
      severity: 'error',
      explanation: `The study's output (\`--out DIR\`) cannot be used: \`DIR\` is a file, or it has a \`trials\` folder but no readable \`study.json\` beside it (a folder nnspec did not write, or one whose manifest was edited or deleted), so nothing tells whose trials those are. Nothing runs.

Give the study a new or empty folder, or restore \`study.json\`.`,
    },
    badTrialFile: {
      code: 'NN4910',
      title: 'unreadable trial file',
      severity: 'error',
      explanation: `\`--resume\` reads back every finished trial from \`DIR/trials/\`, and one of them is not a trial nnspec wrote for this study: not valid JSON, not a trial result, or written for another study plan. nnspec writes each trial file whole (to a temporary file, then renamed), so such a file was edited, copied in, or damaged on disk. Nothing runs.

Delete that file: \`--resume\` then runs its trial again.`,
    },
    writeFailed: {
      code: 'NN4911',
      title: 'cannot write the study output',
      severity: 'error',
      explanation: `A file of the study's output folder (\`study.json\` or a trial's file in \`trials/\`) could not be written: the disk is full, the folder is read-only, or a path is taken by a folder. The message names the file and the system's reason. The study stops (as after Ctrl-C); every trial written before stays in the folder.

Free space or fix the permissions, then continue with \`--resume\`.`,
    },
  },
);

/** The codes of running a study (`nnspec study`, `runStudy`): its output folder and resuming it. NN4905-NN4919. */
export const STUDY_RUN_CODE = STUDY_RUN_FAMILY.codes;

/** Every study-run code's info, for docs/errors and `nnspec explain`. */
export const STUDY_RUN_CODES: readonly DiagnosticCodeInfo[] = STUDY_RUN_FAMILY.infos;
