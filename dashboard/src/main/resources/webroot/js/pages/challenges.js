import { api, household, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num, date } from '../i18n.js';

function line(c) {
  return t('challenges.line', c.targetPct, t('engage.fluid.' + c.fluid), date(c.startsOn), date(c.endsOn));
}

/** Challenges: start one (a week, N % less than the usual week), the one under way with its progress, the history. */
export async function render(root) {
  const h = household();
  const r = await api(`/households/${h}/challenges`);
  clear(root);
  root.append(el('p', { class: 'note', text: t('challenges.intro') }));
  const open = r.challenges.filter((c) => !c.result);
  for (const c of open) {
    const q = (v) => `${num(v, 1)} ${c.unit}`;
    root.append(el('section', { class: 'card challenge', id: 'challenge-current' }, el('h2', { text: t('challenges.current') }),
      el('p', { text: line(c) }),
      el('progress', { max: String(c.target), value: String(Math.min(c.soFar, c.target)), 'aria-label': line(c) }),
      el('p', { class: 'progress', text: t('challenges.progress', q(c.soFar), c.daysWithData, q(c.allowedSoFar), q(c.target)) }),
      c.pctVsUsual === null ? null : el('p', { text: t('challenges.vsUsual', (c.pctVsUsual > 0 ? '+' : '') + num(c.pctVsUsual, 0) + ' %') }),
      el('p', { class: c.onTrack ? 'ok' : 'error', text: t(c.onTrack ? 'challenges.onTrack' : 'challenges.offTrack') })));
  }
  const fluid = el('select', { id: 'challenge-fluid' }, r.fluids.map((f) => el('option', { value: f, text: t('engage.fluid.' + f) })));
  const target = el('input', { id: 'challenge-target', type: 'number', min: '1', max: '50', step: '1', value: '10' });
  const msg = el('p', { role: 'status' });
  const form = el('form', { class: 'stack', id: 'challenge-form' },
    el('label', { for: 'challenge-fluid' }, t('challenges.fluid'), fluid),
    el('label', { for: 'challenge-target' }, t('challenges.target'), target),
    el('button', { class: 'btn primary', type: 'submit', text: t('challenges.start') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api(`/households/${h}/challenges`, { method: 'POST', body: { fluid: fluid.value, targetPct: Number(target.value) } });
      await render(root);
    } catch (e) { msg.className = 'error'; msg.textContent = problemText(e); }
  });
  root.append(form, el('h2', { text: t('challenges.history') }));
  const past = r.challenges.filter((c) => c.result);
  root.append(past.length ? el('ul', { id: 'challenge-history' }, past.map((c) => el('li', {},
    `${line(c)} : ${t('challenges.result.' + c.result)}`))) : el('p', { text: t('challenges.none') }));
}
