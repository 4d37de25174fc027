import { invocationOf, shellCommand } from '@descent/sweep';
import { html, type SafeHtml } from '../_html.js';
import type { SweepInfo } from '@descent/runner';
import type { SweepInProgress } from '../types.js';

/**
 * The line at the top of a report rewritten while its sweep runs: how many runs are done, that the page reloads
 * itself, and what to do if the run that rewrites it has stopped (a killed process leaves this page behind).
 */
export function inProgressBanner(sweep: SweepInfo, { done, total, reloadSeconds }: SweepInProgress): SafeHtml {
  const report = shellCommand(...invocationOf(sweep.command), 'report', sweep.name);
  return html`<p class="note in-progress" role="status"><strong>In progress:</strong> ${done} of ${total} runs done (of those planned so far). This page reloads every ${reloadSeconds} s while <code>exp run</code> works on the sweep; if it has stopped, <code>${report}</code> writes the finished report.</p>
`;
}
