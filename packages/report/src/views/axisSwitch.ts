import { html, type SafeHtml } from '../_html.js';
import type { CurveAxis } from '../curves.js';
import { CURVE_AXIS_LABELS } from '../curves.js';

export interface AxisPanel {
  axis: CurveAxis;
  body: SafeHtml;
}

/**
 * Radio buttons that switch between one chart per x-axis, by CSS alone (`:checked ~`), so the switch
 * works with scripts disabled and prints every panel. The page CSS knows the four axis names.
 */
export function axisSwitch(name: string, panels: AxisPanel[], initial: CurveAxis): SafeHtml {
  return html`<div class="axis-switch">
<span class="axis-choice">x-axis:</span>
${panels.map(
  (panel) => html`<input type="radio" name="${name}" id="${name}-${panel.axis}" value="${panel.axis}"${
    panel.axis === initial ? html` checked` : html``
  }><label for="${name}-${panel.axis}">${CURVE_AXIS_LABELS[panel.axis]}</label>
`,
)}<div class="axis-panels">
${panels.map((panel) => html`<div class="axis-panel" data-axis="${panel.axis}">${panel.body}</div>
`)}</div>
</div>`;
}
