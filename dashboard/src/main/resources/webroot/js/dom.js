import { problemText } from './api.js';
// Tiny DOM helpers: elements are built with textContent, never innerHTML with data, so nothing can inject markup.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function page() {
  return document.getElementById('page');
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function showError(container, err) {
  container.append(el('p', { class: 'error', role: 'alert', text: problemText(err) }));
}
