import { api, household } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num, euros, lang } from '../i18n.js';

/** The ecogesture catalogue costed for this home: done / not for me, progress. */
export async function render(root) {
  const h = household();
  const g = await api(`/households/${h}/ecogestures`);
  clear(root);
  const p = g.progress;
  root.append(el('p', { class: 'note', text: t('gestures.intro') }),
    el('p', { id: 'gestures-progress' }, el('progress', { max: String(p.applicable), value: String(p.done), 'aria-label': t('page.ecogestures') }),
      ' ', t('gestures.progress', p.done, p.applicable)));
  for (const s of p.savedPerYear) {
    root.append(el('p', { class: 'saved', text: t('gestures.saved', `${num(s.quantity, 0)} ${s.unit} · ${euros(s.eur)}`) }));
  }
  const list = el('ul', { class: 'gestures', id: 'gestures' });
  const applies = g.gestures.filter((x) => x.applies);
  applies.sort((a, b) => (b.saving?.quantity ?? -1) - (a.saving?.quantity ?? -1));
  for (const x of applies) {
    const set = async (status) => {
      await api(`/households/${h}/ecogestures/${x.id}`, { method: 'PUT', body: { status } });
      await render(root);
    };
    const s = x.saving;
    list.append(el('li', { class: 'card gesture', 'data-id': x.id, 'data-status': x.status || '' },
      el('h2', { text: x.title[lang] }), el('p', { text: x.text[lang] }),
      el('p', { class: 'saving', text: s ? t('gestures.saving', `${num(s.quantity, 0)} ${s.unit}` + (s.eur === null ? '' : ` · ${euros(s.eur)}`))
        : t('gestures.noSaving') }),
      el('p', { class: 'note' }, t('gestures.source', ''), el('a', { href: x.source.url, rel: 'noopener', text: x.source.name })),
      x.status ? el('p', {}, el('strong', { text: t('gestures.status.' + x.status) }), ' ',
        el('button', { type: 'button', class: 'btn', text: t('gestures.undo'), onclick: () => set(null) }))
        : el('p', {}, el('button', { type: 'button', class: 'btn primary done', text: t('gestures.done'), onclick: () => set('done') }), ' ',
          el('button', { type: 'button', class: 'btn not-for-me', text: t('gestures.notForMe'), onclick: () => set('not_for_me') }))));
  }
  root.append(list);
  const others = g.gestures.length - applies.length;
  if (others > 0) root.append(el('p', { class: 'note', text: t('gestures.others', others) }));
}
