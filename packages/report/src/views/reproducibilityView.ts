import { invocationOf, rerunCommand } from '@descent/sweep';
import { html, type SafeHtml } from '../_html.js';
import { compareText } from '../configurations.js';
import { formatCount } from '../format.js';
import { section } from '../page.js';
import { environmentOf } from '../listedRun.js';
import type { ReportModel } from '../reportModel.js';

export const REPRODUCIBILITY_SECTION_ID = 'reproducibility';

/** Distinct values, sorted, joined: what the runs' meta files say about where they ran. */
function distinct(values: Iterable<string>): string {
  const unique = [...new Set(values)].sort(compareText);
  return unique.length === 0 ? 'not recorded (no run meta found)' : unique.join(', ');
}

/** Up to this many runs the section lists their ids itself; beyond, it points to the table of runs. */
const MAX_LISTED_RUN_IDS = 500;

export function reproducibilityView(model: ReportModel): SafeHtml {
  const { environment } = model;
  const metas = model.runs.flatMap((run) => environmentOf(run) ?? []);
  const sweepFacts = model.sweeps.map(
    (sweep) => html`<h3>${sweep.name}</h3>
<dl class="facts-list">
<dt>sweep file</dt><dd><code>${sweep.file}</code></dd>
<dt>re-create with</dt><dd><code>${rerunCommand(sweep.file, invocationOf(sweep.command))}</code></dd>
<dt>sweep seed</dt><dd><code>${sweep.seed}</code></dd>
<dt>search</dt><dd>${sweep.method}; varied: ${sweep.varied.length === 0 ? 'nothing' : sweep.varied.join(', ')}</dd>
<dt>metric</dt><dd>${sweep.metric.name} (${sweep.metric.goal}${sweep.metric.target === null ? '' : `, target ${sweep.metric.target}`})</dd>
</dl>`,
  );
  // Plain words in a monospace paragraph: a <code> around each of a thousand ids added 13 bytes to each. A large
  // sweep's ids are left to the table of runs, which lists them all already (14 KB at 1,000 runs).
  const runIds = () => model.configurations.flatMap((configuration) => configuration.runs.map((run) => html`${run.record.runId} `));
  return section({
    id: REPRODUCIBILITY_SECTION_ID,
    title: 'Reproducibility',
    caption:
      'What re-creates these results: each run\'s seed derives from the sweep seed, its configuration and its replicate index, so re-running the command reproduces every record byte for byte; finished runs are skipped.',
    body: [
      ...sweepFacts,
      html`<h3>Environment</h3>
<dl class="facts-list">
<dt>report made by</dt><dd>${environment.generatedBy}, Descent ${environment.descentVersion}, Node ${environment.node}, git commit <code>${environment.gitCommit ?? 'not recorded (not a git checkout)'}</code></dd>
<dt>runs made with</dt><dd>Descent ${distinct(metas.map((meta) => meta.descentVersion))}; commit ${distinct(metas.map((meta) => meta.gitCommit ?? 'not recorded'))}; Node ${distinct(metas.map((meta) => meta.node))}; tensor kernels ${distinct(metas.map((meta) => meta.kernels ?? 'not recorded'))} (they fix the last bits)</dd>
<dt>machines</dt><dd>${distinct(metas.map((meta) => meta.machine))}</dd>
</dl>
${
  model.runs.length <= MAX_LISTED_RUN_IDS
    ? html`<details><summary>All ${model.runs.length} run ids</summary><p class="mono">${runIds()}</p></details>`
    : model.page === null
      ? html`<p>The ${model.runs.length} run ids are in the first column of the table of runs.</p>`
      : html`<p>The table of runs lists ${formatCount(model.page.runs)} of the ${formatCount(model.runs.length)} run ids; ${model.sweeps.map((sweep, i) => html`${i > 0 ? ', ' : ''}<code>pnpm exp list ${sweep.name}</code>`)} ${model.sweeps.length > 1 ? 'list' : 'lists'} every one.</p>`
}`,
    ],
  });
}
