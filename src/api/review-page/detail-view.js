/**
 * One proposal for a reviewer: the change (current against proposed config), the rationale, the confidence
 * and how it was made, the evidence as charts, the expected impact and guardrails, the approval workflow's
 * state and the audit trail, with the approve, reject and revert actions that go through the same API
 * (and so the same policy) as every other client.
 */
import { ApiFailure, callApi, fetchHtml } from './api.js';
import { panelFigure } from './charts.js';
import { markdownNodes } from './markdown.js';
import { fetchSimilar, similarSection } from './similar-view.js';
import { el, toDom } from './tree.js';
import { formatAge, formatMoney, jsonText, jsonView, statusBadge } from './views-common.js';

const isPlainObject = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);

function section(title, ...content) {
  return el('section', { class: 'card' }, el('h2', {}, title), content);
}

function diffTable(proposal) {
  const diff = Array.isArray(proposal.diff_json) ? proposal.diff_json : [];
  const snapshot = isPlainObject(proposal.current_config_snapshot_json) ? proposal.current_config_snapshot_json : {};
  const version = snapshot.config_version_id ? ` (against version ${snapshot.config_version_id})` : '';
  return section(
    `Change${version}`,
    diff.length === 0
      ? el('p', { class: 'muted' }, 'The proposal records no field-level change.')
      : el(
          'table',
          { class: 'diff', id: 'diff' },
          el('thead', {}, el('tr', {}, el('th', {}, 'field'), el('th', {}, 'current'), el('th', {}, 'proposed'))),
          el(
            'tbody',
            {},
            diff.map((d) =>
              el(
                'tr',
                { class: `op-${d.op ?? 'replace'}` },
                el('td', {}, el('code', {}, d.path)),
                el('td', { class: 'from' }, d.op === 'add' ? el('span', { class: 'muted' }, '(absent)') : el('code', {}, jsonText(d.from))),
                el(
                  'td',
                  { class: 'to' },
                  d.op === 'remove' ? el('span', { class: 'muted' }, '(removed)') : el('code', {}, jsonText(d.to)),
                  Array.isArray(d.added) && d.added.length ? el('div', { class: 'muted' }, `adds ${d.added.map(jsonText).join(', ')}`) : null,
                  Array.isArray(d.removed) && d.removed.length ? el('div', { class: 'muted' }, `removes ${d.removed.map(jsonText).join(', ')}`) : null,
                ),
              ),
            ),
          ),
        ),
    el(
      'details',
      {},
      el('summary', {}, 'Whole configs'),
      el(
        'div',
        { class: 'configs' },
        el('div', {}, el('h3', {}, 'current'), el('pre', {}, JSON.stringify(snapshot.config_json ?? snapshot, null, 2))),
        el('div', {}, el('h3', {}, 'proposed'), el('pre', {}, JSON.stringify(proposal.proposed_config_json, null, 2))),
      ),
    ),
  );
}

function rationaleSection(proposal) {
  const text = proposal.rationale_text ?? proposal.deterministic_rationale_text ?? '';
  const source = [proposal.rationale_status, proposal.rationale_model].filter(Boolean).join(', ');
  const showDeterministic = proposal.deterministic_rationale_text && proposal.deterministic_rationale_text !== text;
  return section(
    'Rationale',
    source ? el('p', { class: 'muted' }, source) : null,
    el('div', { class: 'rationale', id: 'rationale' }, text ? markdownNodes(text) : el('p', { class: 'muted' }, 'No rationale yet.')),
    showDeterministic
      ? el(
          'details',
          {},
          el('summary', {}, 'Rationale from the deterministic template'),
          el('div', { class: 'rationale' }, markdownNodes(proposal.deterministic_rationale_text)),
        )
      : null,
  );
}

/** The effect before and after shrinkage, as the confidence used it. */
function shrinkageLine(effect) {
  if (!isPlainObject(effect) || typeof effect.raw !== 'number' || typeof effect.shrunk !== 'number') return null;
  const pooled = isPlainObject(effect.prior)
    ? `shrunk by ${Math.round((effect.shrinkage ?? 0) * 100)} % towards the mean of ${effect.prior.k} cells of its kind`
    : 'not shrunk: too few cells of its kind';
  return el('p', { id: 'shrinkage' }, `Effect ${jsonText(effect.raw)} raw → ${jsonText(effect.shrunk)} (${pooled}).`);
}

/** The confidence (a probability, its components multiplied), the shrunk effect, and what was not measured. */
function confidenceSection(proposal) {
  const breakdown = isPlainObject(proposal.confidence_json) ? proposal.confidence_json : {};
  const components = isPlainObject(breakdown.components) ? Object.entries(breakdown.components) : [];
  const bars = components
    .map(([name, c]) => (isPlainObject(c) ? { label: name, value: c.value, note: c.detail } : { label: name, value: c }))
    .filter((bar) => typeof bar.value === 'number');
  const caps = Array.isArray(breakdown.caps) ? breakdown.caps : [];
  const notMeasured = Array.isArray(breakdown.not_measured) ? breakdown.not_measured : [];
  return section(
    'Confidence',
    el(
      'p',
      { class: 'big', id: 'confidence' },
      proposal.confidence.toFixed(2),
      proposal.auto_applicable ? el('span', { class: 'muted' }, ' — may be applied automatically') : null,
    ),
    bars.length
      ? panelFigure({
          title: 'Components',
          subtitle: caps.length
            ? 'confidence = min(caps, product of the components)'
            : 'confidence = probability of improvement × robustness × adequacy × selection across runs',
          reference: 0,
          bars,
        })
      : jsonView(breakdown),
    shrinkageLine(breakdown.effect),
    bars.some((b) => b.note)
      ? el(
          'ul',
          { class: 'details' },
          bars.filter((b) => b.note).map((b) => el('li', {}, el('strong', {}, b.label), `: ${b.note}`)),
        )
      : null,
    notMeasured.length
      ? [
          el('h3', {}, 'Not measured, left out'),
          el(
            'ul',
            { class: 'details', id: 'not-measured' },
            notMeasured.map((what) => el('li', {}, String(what))),
          ),
        ]
      : null,
    caps.length ? [el('h3', {}, 'Caps'), jsonView(caps)] : null,
  );
}

/** The expected change of the target metric and the money per week, with their 95 % intervals. */
function impactSection(proposal) {
  const estimate = isPlainObject(proposal.evidence_json) ? proposal.evidence_json.impact_estimate : null;
  const interval = (ci) => (Array.isArray(ci) ? ` (95 % interval [${ci.map(jsonText).join(', ')}])` : '');
  const lines = isPlainObject(estimate)
    ? [
        el(
          'p',
          { class: 'big', id: 'expected-money' },
          typeof estimate.money_per_week === 'number' ? `${formatMoney(estimate.money_per_week)} per week` : 'no money figure',
        ),
        el('p', { class: 'muted' }, typeof estimate.money_per_week === 'number' ? `at the recent activity${interval(estimate.money_per_week_ci)}` : ''),
        el('p', { id: 'expected-change' }, `${estimate.metric}: ${jsonText(estimate.change)}${interval(estimate.change_ci)}`),
        Array.isArray(estimate.basis)
          ? el(
              'ul',
              { class: 'details' },
              estimate.basis.map((line) => el('li', {}, String(line))),
            )
          : null,
      ]
    : [el('p', { class: 'muted', id: 'expected-money' }, 'No estimate: nothing live to move.')];
  return section('Expected impact', ...lines, el('details', {}, el('summary', {}, 'What the verification measures'), jsonView(proposal.expected_impact_json)));
}

function findingsTable(evidence) {
  const findings = isPlainObject(evidence) && Array.isArray(evidence.findings) ? evidence.findings : [];
  if (findings.length === 0) return null;
  return jsonView(
    findings.map((f) => ({
      kind: f.kind,
      cell: isPlainObject(f.subject) ? Object.values(f.subject).join(' · ') : '',
      metric: f.metric,
      n: f.n,
      effect: f.effect,
      interval: Array.isArray(f.ci) ? `[${f.ci.map(jsonText).join(', ')}]` : '',
      p: f.p,
      q: f.q,
      provenance: f.provenance,
      regimes: Array.isArray(f.regimes_covered) ? f.regimes_covered.join(', ') : '',
    })),
  );
}

function evidenceSection(proposal, panels) {
  const evidence = proposal.evidence_json;
  const quality = isPlainObject(evidence) ? evidence.data_quality : undefined;
  return section(
    'Evidence',
    el('div', { class: 'panels', id: 'evidence-charts' }, panels.length ? panels.map(panelFigure) : el('p', { class: 'muted' }, 'No chartable evidence.')),
    findingsTable(evidence),
    quality ? [el('h3', {}, 'Data quality of the run'), jsonView(quality)] : null,
  );
}

function workflowSection(workflow) {
  if (!workflow) return section('Approval workflow', el('p', { class: 'muted' }, 'Not reachable: no decision can be sent now.'));
  const deadline =
    workflow.phase === 'REVIEW'
      ? workflow.waitingForPerson
        ? `the review window ended; it waits for a person, because ${workflow.waitingForPerson}`
        : `review window ends ${workflow.reviewDeadline} (then auto-apply or expire)`
      : workflow.phase === 'EVALUATION'
        ? `revert possible until ${workflow.evaluationDeadline}`
        : '';
  return section(
    'Approval workflow',
    el('p', { id: 'workflow-phase' }, statusBadge(workflow.status), ` phase ${workflow.phase}`, deadline ? ` — ${deadline}` : ''),
    workflow.decision ? jsonView(workflow.decision) : null,
    workflow.refusalCount ? el('p', { class: 'muted' }, `${workflow.refusalCount} refused message(s)`) : null,
  );
}

function actionsFor(proposal, workflow) {
  if (proposal.status === 'PENDING') return ['approve', 'reject'];
  if (proposal.status === 'APPLIED' && workflow?.phase === 'EVALUATION') return ['revert'];
  return [];
}

/**
 * The reason box and the buttons; a refusal (409) is shown with the workflow's reason. After an accepted
 * decision the page is shown again with the outcome (`afterDecision(message)`).
 */
function decisionSection(proposal, workflow, afterDecision) {
  const actions = actionsFor(proposal, workflow);
  if (actions.length === 0) return null;
  const result = toDom(el('p', { id: 'decision-result', role: 'status' }));
  const reason = /** @type {HTMLTextAreaElement} */ (
    toDom(el('textarea', { id: 'decision-reason', rows: 3, maxlength: 2000, placeholder: 'why (kept in the audit trail)' }))
  );
  const buttons = actions.map(
    (action) =>
      /** @type {HTMLButtonElement} */ (
        toDom(el('button', { id: action, type: 'button', class: `action ${action}` }, action[0].toUpperCase() + action.slice(1)))
      ),
  );
  const decide = async (action) => {
    buttons.forEach((b) => (b.disabled = true));
    result.className = 'pending';
    result.textContent = `${action} sent; waiting for the workflow…`;
    try {
      const answer = await callApi('POST', `/proposals/${encodeURIComponent(proposal.proposal_id)}/${action}`, { reason: reason.value });
      await afterDecision(`${action} accepted: the proposal is ${answer.status}`);
    } catch (err) {
      result.className = 'refused';
      result.setAttribute('role', 'alert');
      result.textContent = err instanceof ApiFailure ? `${err.code}: ${err.message}` : String(err);
      buttons.forEach((b) => (b.disabled = false));
    }
  };
  buttons.forEach((button, i) => button.addEventListener('click', () => void decide(actions[i])));
  const card = toDom(section('Decision'));
  card.append(reason, toDom(el('div', { class: 'buttons' })), result);
  card.querySelector('.buttons')?.append(...buttons);
  return card;
}

function header(proposal) {
  return el(
    'header',
    { class: 'proposal-header' },
    el('p', {}, el('a', { href: '/review/' }, '← all proposals')),
    el('h1', {}, `${proposal.target_type} `, el('span', { id: 'target-id' }, proposal.target_id)),
    el(
      'p',
      { class: 'meta' },
      el('span', { id: 'status' }, statusBadge(proposal.status)),
      ` ${proposal.kind} · proposed by ${proposal.proposed_by} ${formatAge(proposal.created_at)} ago · `,
      el('code', {}, proposal.proposal_id),
      proposal.decided_by ? ` · decided by ${proposal.decided_by}${proposal.decision_reason ? `: ${proposal.decision_reason}` : ''}` : '',
    ),
  );
}

/** A button that opens the analysis run's report in a new tab (fetched with the token, shown from a blob). */
function runReportButton(runId) {
  const problem = toDom(el('span', { class: 'refused' }));
  const open = async () => {
    try {
      const html = await fetchHtml(`/analysis-runs/${encodeURIComponent(runId)}/report`);
      window.open(URL.createObjectURL(new Blob([html], { type: 'text/html' })), '_blank', 'noopener');
    } catch (err) {
      problem.textContent = ` ${err instanceof Error ? err.message : String(err)}`;
    }
  };
  const paragraph = toDom(el('p', {}, el('button', { type: 'button', class: 'link', onclick: () => void open() }, `Report of analysis run ${runId}`)));
  paragraph.append(problem);
  return paragraph;
}

/**
 * Shows proposal `id` in `container`, with `notice` (the outcome of the decision just taken) on top.
 *
 * @param {HTMLElement} container
 * @param {string} id
 * @param {string} [notice]
 */
export async function mountDetail(container, id, notice) {
  const path = `/proposals/${encodeURIComponent(id)}`;
  const [detail, evidence, similar] = await Promise.all([callApi('GET', path), callApi('GET', `${path}/evidence`), fetchSimilar(id)]);
  const { proposal, workflow, events } = detail;
  const decision = decisionSection(proposal, workflow, (message) => mountDetail(container, id, message));
  container.replaceChildren(
    toDom(header(proposal)),
    ...(notice ? [toDom(el('p', { id: 'decision-outcome', class: 'ok', role: 'status' }, notice))] : []),
    ...(decision ? [decision] : []),
    toDom(diffTable(proposal)),
    toDom(rationaleSection(proposal)),
    toDom(confidenceSection(proposal)),
    toDom(evidenceSection(proposal, evidence.panels)),
    toDom(similarSection(similar)),
    toDom(impactSection(proposal)),
    toDom(section('Guardrails', jsonView(proposal.guardrails_json))),
    toDom(workflowSection(workflow)),
    toDom(section('Audit trail', jsonView(events.map((e) => ({ at: e.at, kind: e.kind, actor: e.actor, detail: e.detail_json }))))),
    ...(proposal.analysis_run_id ? [runReportButton(proposal.analysis_run_id)] : []),
  );
}
