import { api, household } from './api.js';
import { setZone } from './i18n.js';
import { page, showError } from './dom.js';

const name = document.body.dataset.page;
const signout = document.getElementById('signout');
if (signout) {
  signout.addEventListener('click', async () => {
    try { await api('/session', { method: 'DELETE' }); } finally { location.assign('/signin'); }
  });
}

const modules = {
  signin: './pages/signin.js', invite: './pages/invite.js', overview: './pages/overview.js',
  electricity: './pages/fluid.js', gas: './pages/fluid.js', water: './pages/fluid.js', live: './pages/live.js',
  analysis: './pages/analysis.js', data: './pages/data.js', account: './pages/account.js', home: './pages/home.js',
  sharing: './pages/sharing.js', advisor: './pages/advisor.js', onboarding: './pages/onboarding.js',
  commissioning: './pages/commissioning.js',
  // engagement (#16)
  report: './pages/report.js', ecogestures: './pages/ecogestures.js', challenges: './pages/challenges.js', alerts: './pages/alerts.js',
};
if (modules[name]) {
  // A household's pages show times in its own zone, never the browser's (#16): read the zone before the page renders.
  const zone = household() ? api(`/households/${household()}`).then((h) => setZone(h.timezone)) : Promise.resolve();
  zone.then(() => import(modules[name])).then((m) => m.render(page(), name)).catch((e) => showError(page(), e));
}
