/**
 * The tooltips a large report writes once each (explore/sharedTips.ts): a JSON list of texts in
 * `<script type="application/json" id="explore-tips">`, and `data-tip="<index>"` on each mark that names one.
 * Shared by the server and the page script: no DOM types here.
 */
export const TIPS_ID = 'explore-tips';
export const TIP_ATTRIBUTE = 'data-tip';
