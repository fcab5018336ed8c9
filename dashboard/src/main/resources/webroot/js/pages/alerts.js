import { api, household, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num, euros, date, dateTime } from '../i18n.js';

const KINDS = ['leak', 'unusual', 'no_data', 'tempo_red', 'budget'];

function text(a) {
  const d = a.detail;
  switch (a.kind) {
    case 'leak': if (d.basis === 'daily') return t('alerts.text.leak_daily', d.days, date(d.to), num(d.lowestLitres, 0), num(d.floorLitres, 0), num(d.litresPerHour, 1));
      return t('alerts.text.leak', date(d.night), num(d.minLitres, 1), num(d.litres, 0));
    case 'unusual': return t('alerts.text.unusual', date(d.day), num(d.quantity, 1), d.unit, t('engage.fluid.' + d.fluid), num(d.ratio, 1), num(d.usual, 1));
    case 'no_data': return t('alerts.text.no_data', d.meter, dateTime(d.last));
    case 'tempo_red': return t('alerts.text.tempo_red', date(d.day));
    default: return t('alerts.text.budget', d.month, euros(d.forecastEur), euros(d.budgetEur));
  }
}

/** Alerts, their settings (which, e-mail, address, report e-mail, budget) and the forecast. */
export async function render(root) {
  const h = household();
  const [r, s, f] = await Promise.all([api(`/households/${h}/alerts`), api(`/households/${h}/engagement-settings`), api(`/households/${h}/forecast`)]);
  clear(root);
  root.append(el('p', { class: 'note', text: t('alerts.intro') }), el('h2', { text: t('alerts.list') }));
  root.append(r.alerts.length ? el('ul', { id: 'alerts' }, r.alerts.map((a) => el('li', { class: 'card alert', 'data-kind': a.kind },
    el('strong', { text: t('alerts.kind.' + a.kind) }), ' ', el('span', { text: text(a) }),
    el('p', { class: 'note', text: `${dateTime(a.raisedAt)} · ${t('alerts.mail.' + a.mail)}` })))) : el('p', { text: t('alerts.none') }));
  if (r.alerts.some((a) => !a.seen)) api(`/households/${h}/alerts/seen`, { method: 'POST' }).catch(() => {});

  root.append(el('h2', { text: t('forecast.title') }));
  for (const x of f.fluids) {
    root.append(el('p', { class: 'forecast', 'data-fluid': x.fluid },
      el('strong', { text: t('engage.fluid.' + x.fluid) }), ' · ',
      `${t('forecast.month')} : ${t('forecast.total', `${num(x.month.total, 0)} ${x.unit}` + (x.month.totalEur === null ? '' : ` · ${euros(x.month.totalEur)}`))} · `,
      `${t('forecast.year')} : ${t('forecast.total', `${num(x.year.total, 0)} ${x.unit}` + (x.year.totalEur === null ? '' : ` · ${euros(x.year.totalEur)}`))}`));
  }
  if (f.budgetEur) {
    root.append(el('p', { id: 'budget', class: f.budgetAtRisk ? 'error' : 'ok' }, t('forecast.budget', euros(f.budgetEur), euros(f.monthEur)), ' — ',
      t(f.budgetAtRisk ? 'forecast.atRisk' : 'forecast.ok')));
  }
  root.append(el('p', { class: 'note', text: t('forecast.method') }));

  root.append(el('h2', { text: t('alerts.settings') }));
  if (!s.mailConfigured) root.append(el('p', { class: 'note', text: t('alerts.mailOff') }));
  const boxes = KINDS.map((k) => el('input', { type: 'checkbox', id: 'kind-' + k, checked: s.alertKinds.includes(k) }));
  const email = el('input', { id: 'alert-email', type: 'email', autocomplete: 'email', value: s.email ?? '' });
  const emailAlerts = el('input', { id: 'alert-email-on', type: 'checkbox', checked: s.emailAlerts });
  const report = el('input', { id: 'report-email-on', type: 'checkbox', checked: s.reportEmail });
  const budget = el('input', { id: 'budget-eur', type: 'number', min: '1', step: '1', value: s.budgetEur ?? '' });
  const msg = el('p', { role: 'status' });
  const form = el('form', { class: 'stack', id: 'alert-settings' },
    KINDS.map((k, i) => el('label', { for: 'kind-' + k }, boxes[i], ' ', t('alerts.kind.' + k))),
    el('label', { for: 'alert-email' }, t('alerts.email'), email),
    el('label', { for: 'alert-email-on' }, emailAlerts, ' ', t('alerts.emailAlerts')),
    el('label', { for: 'report-email-on' }, report, ' ', t('alerts.reportEmail')),
    el('label', { for: 'budget-eur' }, t('alerts.budget'), budget),
    el('button', { class: 'btn primary', type: 'submit', text: t('alerts.save') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api(`/households/${h}/engagement-settings`, { method: 'PUT', body: {
        alertKinds: KINDS.filter((k, i) => boxes[i].checked), email: email.value.trim() || null, emailAlerts: emailAlerts.checked,
        reportEmail: report.checked, budgetEur: budget.value === '' ? null : Number(budget.value) } });
      msg.className = 'ok'; msg.textContent = t('alerts.saved');
    } catch (e) { msg.className = 'error'; msg.textContent = problemText(e); }
  });
  root.append(form);
}
