// Rendering. Everything other people wrote goes in through textContent, with invisible characters made visible.

import { t, lang, has } from './i18n.js';

export const $ = (sel) => document.querySelector(sel);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

// Controls, bidi overrides, zero-width and other format characters could disguise what a name or text says
// (protocol.md, Names): shown as ^X for C0 controls like the terminal client, <U+XXXX> for the rest.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const PICTO = /\p{Extended_Pictographic}/u;
export function visible(s, keepLines = false) {
  return String(s ?? '').replace(INVISIBLE, (ch, at, all) => {
    const cp = ch.codePointAt(0);
    if (keepLines && (ch === '\n' || ch === '\t')) return ch;
    // The joiner inside an emoji sequence (a family, a flag with a sign) hides nothing; keep the emoji whole.
    if (cp === 0x200d && PICTO.test(String.fromCodePoint(all.codePointAt(at + 1) || 0))
        && PICTO.test(all.slice(Math.max(0, at - 3), at).replace(/\uFE0F$/, '').slice(-2))) return ch;
    if (cp < 0x20) return '^' + String.fromCharCode(cp + 64);
    if (cp === 0x7f) return '^?';
    return '<U+' + cp.toString(16).toUpperCase().padStart(4, '0') + '>';
  });
}

export function userLabel(store, id) {
  const name = store.name(id);
  return name ? `${visible(name)} (${id})` : t('user', { id });
}

export function convTitle(store, conv) {
  if (conv.kind === 'all') return t('everyone');
  if (conv.kind === 'user') return userLabel(store, conv.target);
  return visible(conv.target);
}

// Keyed update of a list in place, so focus and screen-reader position survive re-renders.
function reconcile(ul, items, keyOf, make, update) {
  const existing = new Map();
  for (const li of ul.children) existing.set(li._key, li);
  const keep = new Set();
  let cursor = ul.firstElementChild;
  for (const item of items) {
    const k = keyOf(item);
    let li = existing.get(k);
    if (!li) { li = make(item); li._key = k; }
    update(li, item);
    keep.add(li);
    if (li === cursor) { cursor = cursor.nextElementSibling; continue; }
    const focused = li.contains(document.activeElement) ? document.activeElement : null;
    ul.insertBefore(li, cursor);
    if (focused) focused.focus();
  }
  for (const li of [...ul.children]) if (!keep.has(li)) li.remove();
}

function setText(node, text) { if (node.textContent !== text) node.textContent = text; }

export function renderConversations(ul, store, onOpen) {
  const convs = [...store.convs.values()].sort((a, b) => {
    if (a.id === 'all') return -1;
    if (b.id === 'all') return 1;
    return b.last - a.last || a.id.localeCompare(b.id);
  });
  reconcile(ul, convs, (c) => c.id, (c) => {
    const li = el('li', 'conv');
    li.dataset.conv = c.id;
    const b = el('button', 'conv-btn');
    b.type = 'button';
    b.addEventListener('click', () => onOpen(c.id));
    const dot = el('span', 'dot');
    dot.setAttribute('aria-hidden', 'true');
    const name = el('span', 'name');
    const unread = el('span', 'unread');
    b.append(dot, name, unread);
    li.append(b);
    return li;
  }, (li, c) => {
    const title = convTitle(store, c);
    setText(li.querySelector('.name'), title);
    const u = li.querySelector('.unread');
    setText(u, c.unread ? String(c.unread) : '');
    u.hidden = !c.unread;
    const status = c.kind === 'user' ? store.online.get(c.target) : undefined;
    const presence = c.kind !== 'user' ? 'none' : status === 2 ? 'busy' : status === 0 || c.target === store.userId ? 'online' : 'offline';
    li.dataset.presence = presence;
    const label = [title];
    if (presence === 'online' || presence === 'busy') label.push(t(presence === 'busy' ? 'statusBusy' : 'statusOnline'));
    if (c.unread) label.push(t('unread', { n: c.unread }));
    li.querySelector('button').setAttribute('aria-label', label.join(', '));
    if (c.id === store.openId) li.setAttribute('aria-current', 'true');
    else li.removeAttribute('aria-current');
  });
}

export function renderOnline(ul, store, onOpen) {
  const ids = [...store.online.keys()].sort((a, b) => a - b);
  reconcile(ul, ids, (id) => String(id), (id) => {
    const li = el('li', 'person');
    li.dataset.user = String(id);
    const b = el('button', 'person-btn');
    b.type = 'button';
    b.addEventListener('click', () => onOpen('user:' + id));
    const dot = el('span', 'dot');
    dot.setAttribute('aria-hidden', 'true');
    b.append(dot, el('span', 'name'));
    li.append(b);
    return li;
  }, (li, id) => {
    setText(li.querySelector('.name'), userLabel(store, id));
    li.dataset.presence = store.online.get(id) === 2 ? 'busy' : 'online';
  });
  const others = store.online.size;
  setText($('#online-count'), others || store.onlineTotal ? `(${Math.max(store.onlineTotal, others + 1)})` : '');
  $('#online-empty').hidden = others > 0;
}

export function renderGroups(ul, groups, onPick) {
  if (!groups) { ul.replaceChildren(); return; }
  if (!groups.length) { const li = el('li', 'muted', t('noGroups')); li._key = ''; ul.replaceChildren(li); return; }
  reconcile(ul, groups, (g) => g.name, (g) => {
    const li = el('li', 'group');
    li.dataset.group = g.name;
    const b = el('button', 'group-btn');
    b.type = 'button';
    b.addEventListener('click', () => onPick(li._group));
    b.append(el('span', 'name'), el('span', 'meta'));
    li.append(b);
    return li;
  }, (li, g) => {
    li._group = g;
    li.dataset.joined = String(!!g.joined);
    setText(li.querySelector('.name'), visible(g.name));
    const meta = (g.members === 1 && has('groupCount1') ? t('groupCount1') : t('groupCount', { n: g.members })) + (g.joined ? ' · ' + t('groupJoined') : ' · ' + t('groupJoin'));
    setText(li.querySelector('.meta'), meta);
  });
}

export function renderMembers(ul, members, store) {
  reconcile(ul, members || [], (id) => String(id), (id) => {
    const li = el('li', 'member');
    li.dataset.user = String(id);
    const dot = el('span', 'dot');
    dot.setAttribute('aria-hidden', 'true');
    li.append(dot, el('span', 'name'), el('span', 'sr-only status'));
    return li;
  }, (li, id) => {
    setText(li.querySelector('.name'), id === store.userId ? `${userLabel(store, id)} · ${t('you')}` : userLabel(store, id));
    const on = id === store.userId || store.online.has(id);
    li.dataset.presence = on ? 'online' : 'offline';
    setText(li.querySelector('.status'), on ? ', ' + t('statusOnline') : '');
  });
}

function timeText(ts) {
  const d = new Date(ts);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  const opts = sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(lang() === 'zh' ? 'zh-CN' : 'en', opts).format(d);
}

export function renderMessages(ul, conv, store, onRetry) {
  reconcile(ul, conv ? conv.messages : [], (m) => m.key, (m) => {
    const li = el('li', 'message' + (m.own ? ' own' : ''));
    const meta = el('div', 'meta');
    meta.append(el('span', 'who'), el('time', 'when'));
    const text = el('div', 'text');
    const foot = el('div', 'foot');
    const state = el('span', 'state');
    foot.append(state);
    li.append(meta, text, foot);
    return li;
  }, (li, m) => {
    li.dataset.from = String(m.from);
    if (m.msgId != null) li.dataset.id = String(m.msgId); else delete li.dataset.id;
    li.dataset.state = m.state;
    setText(li.querySelector('.who'), m.own ? t('you') : userLabel(store, m.from));
    const when = li.querySelector('.when');
    setText(when, timeText(m.sentAt));
    when.dateTime = new Date(m.sentAt).toISOString();
    when.title = new Date(m.sentAt).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en');
    setText(li.querySelector('.text'), visible(m.text, true));
    const state = li.querySelector('.state');
    const foot = li.querySelector('.foot');
    let retry = li.querySelector('.retry');
    if (m.own) {
      const mark = { sending: '…', stored: '✓', failed: '!' }[m.state] || '';
      const why = m.state === 'failed' && m.error ? ` — ${m.error}` : '';
      setText(state, `${mark} ${t('msg.' + m.state)}${why}`);
    } else setText(state, '');
    if (m.own && m.state === 'failed') {
      if (!retry) {
        retry = el('button', 'retry link', t('retry'));
        retry.type = 'button';
        retry.addEventListener('click', () => onRetry(li._msg));
        foot.append(retry);
      }
      setText(retry, t('retry'));
    } else if (retry) retry.remove();
    li._msg = m;
  });
}

export function setConnectionState(state) {
  const box = $('#connection-state');
  box.dataset.state = state;
  const label = box.querySelector('.label');
  label.dataset.i18n = 'state.' + state;
  label.textContent = t('state.' + state);
}

// One readable sentence per failure, in the current language, with the server's own words where they add detail.
export function errorText(e, context) {
  const code = e?.code;
  const detail = visible(e?.detail || e?.message || '');
  const secs = Math.max(1, Math.ceil((e?.retryAfterMs || 1000) / 1000));
  if (code === 'offline') return t('err.offline');
  if (code === 'timeout') return t('err.timeout');
  if (code === 429) return t('err.429', { s: secs });
  if (code === 503) return t('err.503');
  if (context && has(`err.${context}.${code}`)) return t(`err.${context}.${code}`, { detail });
  if (code === 409 && e.reqType && has(`err.409.${e.reqType}`)) return t(`err.409.${e.reqType}`);
  if (code === 404 && /^Group/.test(e.reqType || '')) return t('err.404.group');
  if (has(`err.${code}`)) return t(`err.${code}`, { detail });
  return t('err.unknown', { code, detail });
}
