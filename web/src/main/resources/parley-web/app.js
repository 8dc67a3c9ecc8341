// Wiring: connection, session, outbox and store events to the page, and the page's controls to requests.

import { Connection } from './protocol.js';
import { Session } from './session.js';
import { Outbox } from './outbox.js';
import { Store } from './store.js';
import * as i18n from './i18n.js';
import {
  $, renderConversations, renderOnline, renderGroups, renderMembers, renderMessages,
  setConnectionState, errorText, convTitle, visible,
} from './ui.js';

const GROUP_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const HISTORY_PAGE = 50;
const INBOX_SCAN_PAGES = 5;

const conn = new Connection((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
const session = new Session(conn);
const store = new Store();
const outbox = new Outbox(conn, {
  canSend: () => session.loggedIn,
  onState: (it, state, extra) => {
    store.addOwn(it.conv, it.cmid, it.content, it.createdAt);
    const patch = { state };
    if (state === 'stored') { patch.msgId = extra.msgId; patch.serverAt = extra.sentAt; patch.error = null; }
    if (state === 'failed') patch.error = errorText(extra?.code === 'timeout' ? { code: 'timeout' } : { ...extra });
    store.updateOwn(it.conv, it.cmid, patch);
  },
});
const narrow = matchMedia('(max-width: 720px)');
const chat = $('#chat');

// ---- language ----
i18n.setLang(i18n.detectLang(), false);
$('#lang').value = i18n.lang();
$('#lang').addEventListener('change', (e) => i18n.setLang(e.target.value, true));
i18n.onLangChange(() => { showState(); renderNow(); });

// ---- rendering, batched so an offline backlog of many messages does not render once per message ----
// Only the parts whose data changed are redrawn: the online list can hold thousands of people.
const ALL_PARTS = ['convs', 'online', 'groups', 'pane'];
let renderTimer = 0;
let dirty = new Set(ALL_PARTS);
let prepending = false;
let groupsShown = false;
function scheduleRender(...parts) {
  for (const p of parts.length ? parts : ALL_PARTS) dirty.add(p);
  if (!renderTimer) renderTimer = setTimeout(render, 0);
}

function renderNow(...parts) {
  for (const p of parts.length ? parts : ALL_PARTS) dirty.add(p);
  render();
}

function render() {
  clearTimeout(renderTimer);
  renderTimer = 0;
  const parts = dirty;
  dirty = new Set();
  if (parts.has('convs')) renderConversations($('#conversations'), store, (id) => openConv(id, true));
  if (parts.has('online')) renderOnline($('#online'), store, (id) => openConv(id, true));
  // The full listing can be long; it is shown once asked for (the login only needs it for the joined groups).
  if (parts.has('groups')) renderGroups($('#groups'), groupsShown ? store.groups : null, pickGroup);
  if (parts.has('pane')) renderPane();
  const unread = [...store.convs.values()].reduce((n, c) => n + c.unread, 0);
  document.title = (unread ? `(${unread}) ` : '') + 'Parley';
}

function renderPane() {
  const conv = store.convs.get(store.openId) || store.ensure('all');
  $('#conversation-title').textContent = convTitle(store, conv);
  const presence = $('#conversation-presence');
  if (conv.kind === 'user' && conv.target !== store.userId) {
    const on = store.online.has(conv.target);
    presence.textContent = on ? i18n.t('statusOnline') : '';
    presence.dataset.presence = on ? 'online' : 'offline';
  } else presence.textContent = '';
  const isGroup = conv.kind === 'group';
  $('#group-leave').hidden = !isGroup;
  $('#members-box').hidden = !isGroup;
  $('#group-members').hidden = !isGroup;
  if (isGroup) renderMembers($('#group-members'), conv.members, store);

  const scroller = $('#scroller');
  const list = $('#messages');
  const fromBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
  const oldHeight = scroller.scrollHeight;
  const oldTop = scroller.scrollTop;
  const switched = list._conv !== conv.id;
  if (switched) {
    // A whole conversation appearing at once is not news: keep the live region from reading all of it out.
    list.setAttribute('aria-busy', 'true');
    list.replaceChildren();
    list._conv = conv.id;
    setTimeout(() => list.setAttribute('aria-busy', 'false'), 0);
  }
  renderMessages(list, conv, store, (m) => outbox.retry(m.cmid));
  if (prepending) scroller.scrollTop = oldTop + (scroller.scrollHeight - oldHeight);
  else if (fromBottom < 80 || list._stick) scroller.scrollTop = scroller.scrollHeight;
  list._stick = false;

  // Kept in place and focusable (aria-disabled, not disabled) so a keyboard user's focus is not lost under it.
  const older = $('#load-older');
  older.setAttribute('aria-disabled', String(!!(conv.loading || conv.noOlder)));
  older.hidden = conv.id === 'all';
  older.textContent = i18n.t(conv.loading ? 'loading' : conv.noOlder ? 'noOlder' : 'loadOlder');
  $('#older-note').textContent = conv.id === 'all' ? i18n.t('noHistoryAll') : '';
}

store.on('convs', () => scheduleRender('convs'));
store.on('messages', () => scheduleRender('pane'));
store.on('online', () => scheduleRender('online', 'convs', 'pane'));
store.on('names', () => scheduleRender());
store.on('open', () => scheduleRender('convs', 'pane'));

// ---- connection state ----
function showState() {
  let s = conn.state;
  if (s === 'open') s = session.hasSaved() && !session.loggedIn ? 'connecting' : 'online';
  setConnectionState(s);
}
conn.on('state', showState);
session.on('resuming', showState);
showState();

// ---- views ----
function showAuth() {
  $('#auth').hidden = false;
  chat.hidden = true;
}

function showChat() {
  $('#auth').hidden = true;
  chat.hidden = false;
  $('#me').textContent = String(store.userId);
  $('#me-name').textContent = visible(session.userName || '');
}

// The user is looking at the open conversation only when the tab shows and, on a phone, the pane is in front.
function updateViewing() {
  store.visible = document.visibilityState === 'visible' && (!narrow.matches || chat.classList.contains('pane-open'));
  if (store.visible) store.markRead(store.openId);
}
document.addEventListener('visibilitychange', updateViewing);
narrow.addEventListener('change', updateViewing);

let notifyTimer = 0;
function notice(text) {
  const n = $('#notice');
  n.textContent = text;
  clearTimeout(notifyTimer);
  notifyTimer = setTimeout(() => { n.textContent = ''; }, 8000);
}

// ---- the user's data, per user id ----
function adopt(userId) {
  if (store.userId === userId) return;
  store.reset(userId);
  outbox.load(userId);
  const waiting = new Set(outbox.items.map((it) => it.cmid));
  for (const conv of store.convs.values()) {
    for (const m of conv.messages) {
      // The outbox drops a send only on its ack, so a cached "sending" it no longer holds was stored.
      if (m.own && m.cmid && m.state !== 'stored' && !waiting.has(m.cmid)) m.state = 'stored';
    }
  }
  for (const it of outbox.items) {
    store.addOwn(it.conv, it.cmid, it.content, it.createdAt);
    store.updateOwn(it.conv, it.cmid, { state: it.state });
  }
  $('#messages')._conv = null;
}

// ---- session ----
session.on('login', async ({ userId, onlineCount, resumed }) => {
  adopt(userId);
  store.learnName(userId, session.userName);
  store.onlineTotal = onlineCount || 0;
  showChat();
  showState();
  if (!resumed) {
    $('#login-password').value = '';
    openConv(store.openId, !narrow.matches, false);
  }
  updateViewing();
  outbox.flush();
  flushAcks();
  // Independent requests; each failing alone only shows a notice.
  refreshOnline();
  refreshGroups().then(watch);
  // Nothing kept from before (a new browser, or after logging out): the newest inbox page brings back the
  // private conversations, read already, so the list is not empty.
  if (![...store.convs.values()].some((c) => c.kind === 'user')) recentInbox();
  const conv = store.convs.get(store.openId);
  if (conv?.kind === 'group') refreshMembers(conv);
  if (conv && !conv.historyLoaded) loadOlder(conv);
  scheduleRender();
});

session.on('down', () => { outbox.connectionLost(); showState(); scheduleRender(); });

session.on('ended', ({ reason, userId }) => {
  store.save();
  if (reason === 'logout') { store.forget(); outbox.clear(); }
  store.reset(null);
  outbox.userId = null;
  groupsShown = false;
  $('#messages')._conv = null;
  chat.classList.remove('pane-open');
  showAuth();
  showState();
  $('#auth-info').textContent = '';
  $('#auth-error').textContent = reason === 'logout' ? '' : i18n.t(reason);
  if (userId) $('#login-id').value = String(userId);
  (userId ? $('#login-password') : $('#login-id')).focus();
  renderNow();
});

session.on('error', (e) => notice(errorText(e)));

// ---- incoming ----
const acks = {};
let ackTimer = 0;
function ack(log, seq) {
  if (!store.acked[log] || seq > store.acked[log]) store.acked[log] = seq;
  if (!acks[log] || seq > acks[log]) acks[log] = seq;
  if (!ackTimer) ackTimer = setTimeout(flushAcks, 150);
}
// Cumulative receipts, one per log per burst: "I hold everything up to seq".
function flushAcks() {
  clearTimeout(ackTimer);
  ackTimer = 0;
  if (!session.loggedIn) return;
  for (const [log, seq] of Object.entries(acks)) {
    if (conn.send('AckMes', { log, seq })) delete acks[log];
  }
}

function incoming(log, d, convId) {
  // A redelivery of something already held (its receipt was lost with the old connection): just confirm it.
  if (d.seq && store.acked[log] >= d.seq) { ack(log, d.seq); return; }
  store.receive({
    conv: convId, msgId: d.msgid, seq: d.seq, log, from: d.fromuserid,
    fromName: d.fromusername, text: d.content, sentAt: d.sentat,
  });
  if (d.seq) ack(log, d.seq);
}

conn.on('PrivateMes', (d) => incoming('inbox', d, 'user:' + d.fromuserid));
conn.on('GroupMes', (d) => {
  incoming('group:' + d.group, d, 'group:' + d.group);
  // Joins and leaves have no notice of their own; a new voice is the hint that the member list changed.
  const conv = store.convs.get('group:' + d.group);
  if (conv?.members && !conv.members.includes(d.fromuserid) && store.openId === conv.id) refreshMembers(conv);
});
conn.on('SmsMes', (d) => {
  if (!d.userid) return; // user 0 speaks only to tutorial connections
  store.receive({
    conv: 'all', msgId: d.msgid ?? 'b' + Date.now() + Math.random(), log: 'all', from: d.userid,
    fromName: d.username, text: d.content, sentAt: d.sentat,
  });
});
conn.on('SendAckMes', (d) => outbox.acked(d));
conn.on('NotifyUserStatusMes', (d) => {
  const was = store.online.has(d.userid);
  store.setOnline(d.userid, d.status);
  if (d.status === 1 && was) store.onlineTotal = Math.max(0, store.onlineTotal - 1);
  if (d.status !== 1 && !was && d.userid !== store.userId) store.onlineTotal++;
});
conn.on('ErrorMes', (d) => {
  if (d.clientmsgid && outbox.refused(d)) return;
  if (['LoginMes', 'RegisterMes', 'ResumeMes', 'HelloMes'].includes(d.reqtype)) return; // the session's
  if (d.code === 401 && !d.reqtype) return; // the session's: logged out everywhere
  if (session.loggedIn) notice(errorText({ code: d.code, detail: d.error, reqType: d.reqtype, retryAfterMs: d.retryafterms }));
});

// ---- paged lists ----
// Pages until the end or maxPages: with a hundred thousand users online, the list a person can use is the first
// few thousand (the count shows the rest), and paging all of it would cost the server and the page for nothing.
async function pageAll(type, base, key, limit, maxPages = 10) {
  const items = [];
  const extra = [];
  let offset = 0;
  let total = 0;
  for (let pages = 0; pages < maxPages; pages++) {
    const d = await conn.request(type, { ...base, offset, limit });
    const page = d[key] || [];
    items.push(...page);
    if (d.online) extra.push(...d.online);
    total = d.total || 0;
    offset += page.length;
    if (!page.length || !total || offset >= total) break;
  }
  return { items, total, extra };
}

async function refreshOnline() {
  try {
    const { items, total } = await pageAll('OnlineListMes', {}, 'userids', 1000, 3);
    const next = new Map();
    for (const id of items) if (id !== store.userId) next.set(id, store.online.get(id) ?? 0);
    store.online = next;
    store.onlineTotal = total || items.length;
    store.emit('online');
  } catch (e) { if (e.code !== 'offline') notice(errorText(e)); }
}

// Above the presence broadcast limit only watched users' changes arrive, so the list is re-read now and then.
setInterval(() => { if (session.loggedIn && store.onlineTotal >= 1000) refreshOnline(); }, 60000);

async function refreshGroups() {
  try {
    const { items, total } = await pageAll('GroupListMes', {}, 'groups', 100);
    store.groups = items;
    const joined = new Set(items.filter((g) => g.joined).map((g) => 'group:' + g.name));
    for (const id of joined) store.ensure(id);
    // Left from another device: a complete listing is the truth.
    if (!total || items.length >= total) {
      for (const c of [...store.convs.values()]) if (c.kind === 'group' && !joined.has(c.id)) store.remove(c.id);
    }
    scheduleRender('groups');
  } catch (e) { if (e.code !== 'offline') notice(errorText(e)); }
}

// People we talk to privately stay live in presence even when the server stops broadcasting it to everyone.
let watchTimer = 0;
function watch() {
  clearTimeout(watchTimer);
  watchTimer = setTimeout(async () => {
    if (!session.loggedIn) return;
    const ids = [...store.convs.values()].filter((c) => c.kind === 'user' && c.target !== store.userId).map((c) => c.target).slice(0, 1000);
    if (!ids.length) return;
    try {
      const d = await conn.request('WatchMes', { userIds: ids });
      const on = new Set(d.online || []);
      for (const id of ids) {
        if (on.has(id) && !store.online.has(id)) store.setOnline(id, 0);
        if (!on.has(id) && store.online.has(id)) store.setOnline(id, 1);
      }
    } catch (e) { if (e.code !== 'offline') console.warn('watch', e); }
  }, 300);
}

async function refreshMembers(conv) {
  try {
    const { items, extra } = await pageAll('GroupMembersMes', { group: conv.target }, 'members', 1000);
    conv.members = items;
    for (const id of extra) if (!store.online.has(id) && id !== store.userId) store.setOnline(id, 0);
    scheduleRender();
  } catch (e) { if (e.code !== 'offline') notice(errorText(e)); }
}

// ---- history ----
function historyItem(log, it) {
  return {
    conv: log === 'inbox' ? 'user:' + it.fromuserid : log, msgId: it.msgid, seq: it.seq, log,
    from: it.fromuserid, fromName: it.fromusername, text: it.content, sentAt: it.sentat,
  };
}

async function recentInbox() {
  try {
    const d = await conn.request('HistoryMes', { log: 'inbox', beforeSeq: 0, limit: 100 });
    for (const it of d.items || []) store.receive(historyItem('inbox', it), { history: true });
    watch();
  } catch (e) { if (e.code !== 'offline') console.warn('inbox', e); }
}

async function loadOlder(conv) {
  if (conv.loading || conv.noOlder || !session.loggedIn) return;
  conv.loading = true;
  scheduleRender();
  const list = $('#messages');
  list.setAttribute('aria-busy', 'true');
  try {
    const log = conv.kind === 'group' ? conv.id : 'inbox';
    // The inbox holds every private conversation; scan back until this one gets something or it ends.
    for (let page = 0; page < (log === 'inbox' ? INBOX_SCAN_PAGES : 1); page++) {
      const before = store.oldestSeq(conv, log);
      if (before === 1) { conv.noOlder = true; break; }
      const d = await conn.request('HistoryMes', { log, beforeSeq: before, limit: log === 'inbox' ? 100 : HISTORY_PAGE });
      const items = d.items || [];
      if (!items.length) { conv.noOlder = true; break; }
      prepending = store.openId === conv.id;
      let found = false;
      for (const it of items) {
        const m = historyItem(log, it);
        store.receive(m, { history: true });
        if (m.conv === conv.id) found = true;
      }
      conv.scannedTo = Math.min(...items.map((i) => i.seq));
      if (conv.scannedTo <= 1) { conv.noOlder = true; break; }
      if (found) break;
    }
  } catch (e) {
    if (e.code !== 'offline') notice(errorText(e));
  } finally {
    conv.loading = false;
    conv.historyLoaded = true;
    renderNow('pane', 'convs');
    prepending = false;
    list.setAttribute('aria-busy', 'false');
  }
}

$('#load-older').addEventListener('click', () => loadOlder(store.convs.get(store.openId)));
$('#scroller').addEventListener('scroll', (e) => {
  const conv = store.convs.get(store.openId);
  if (e.target.scrollTop < 40 && conv && conv.historyLoaded) loadOlder(conv);
}, { passive: true });

// ---- conversations ----
function openConv(id, focus, showPane = true) {
  const isNew = !store.convs.has(id);
  store.open(id);
  if (showPane) chat.classList.add('pane-open');
  $('#messages')._stick = true;
  updateViewing();
  renderNow('convs', 'pane');
  const conv = store.convs.get(id);
  if (session.loggedIn) {
    if (conv.kind === 'group') refreshMembers(conv);
    if (!conv.historyLoaded) loadOlder(conv);
    if (isNew && conv.kind === 'user') watch();
  }
  if (focus) $('#composer-input').focus();
}

$('#back').addEventListener('click', () => {
  chat.classList.remove('pane-open');
  updateViewing();
  const b = document.querySelector(`#conversations li[data-conv="${CSS.escape(store.openId)}"] button`);
  if (b) b.focus();
});

$('#new-chat').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('#new-chat-user');
  const id = parseUserId(input.value);
  if (!id) { notice(i18n.t('badUserId')); input.focus(); return; }
  input.value = '';
  openConv('user:' + id, true);
});

// ---- composer ----
const composer = $('#composer-input');
composer.addEventListener('keydown', (e) => {
  // An IME's Enter picks a candidate (Chinese input); it must not send.
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
    e.preventDefault();
    $('#composer').requestSubmit();
  }
});
composer.addEventListener('input', () => {
  composer.rows = Math.min(6, composer.value.split('\n').length);
});
$('#composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = composer.value;
  if (!text.trim()) return;
  const max = conn.hello?.maxcontentlength || 4096;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > max) { notice(i18n.t('tooLong', { n: bytes, max })); return; }
  outbox.add(store.openId, text);
  composer.value = '';
  composer.rows = 1;
  $('#messages')._stick = true;
  if (!session.loggedIn) notice(i18n.t('queuedOffline'));
});

// ---- groups ----
function groupNameInput() {
  const input = $('#group-name');
  const name = input.value.trim();
  if (!GROUP_NAME.test(name) || name === '.' || name === '..') { notice(i18n.t('badGroupName')); input.focus(); return null; }
  return name;
}

async function groupRequest(type, name) {
  try {
    await conn.request(type, { group: name });
    return true;
  } catch (e) {
    // Already a member is as good as joined.
    if (type === 'GroupJoinMes' && e.code === 409) return true;
    notice(errorText(e));
    return false;
  }
}

async function createOrJoin(type) {
  const name = groupNameInput();
  if (!name) return;
  if (await groupRequest(type, name)) {
    $('#group-name').value = '';
    store.ensure('group:' + name).historyLoaded = false;
    notice(i18n.t(type === 'GroupCreateMes' ? 'createdGroup' : 'joinedGroup', { g: name }));
    openConv('group:' + name, true);
    if (store.groups) refreshGroups();
  }
}

$('#group-create').addEventListener('click', () => createOrJoin('GroupCreateMes'));
$('#group-join').addEventListener('click', () => createOrJoin('GroupJoinMes'));
$('#group-name').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.isComposing) { e.preventDefault(); createOrJoin('GroupJoinMes'); }
});
$('#group-list').addEventListener('click', () => { groupsShown = true; refreshGroups(); });

async function pickGroup(g) {
  if (!g.joined && !(await groupRequest('GroupJoinMes', g.name))) return;
  g.joined = true;
  openConv('group:' + g.name, true);
  refreshGroups();
}

$('#group-leave').addEventListener('click', async () => {
  const conv = store.convs.get(store.openId);
  if (conv?.kind !== 'group') return;
  try {
    await conn.request('GroupLeaveMes', { group: conv.target });
  } catch (e) {
    if (e.code !== 409) { notice(errorText(e)); return; }
  }
  store.remove(conv.id);
  notice(i18n.t('leftGroup', { g: conv.target }));
  openConv('all', false);
  if (store.groups) refreshGroups();
  $('#conversations li[data-conv="all"] button')?.focus();
});

// ---- auth forms ----
function parseUserId(v) {
  const s = String(v).trim();
  if (!/^\d{1,10}$/.test(s)) return 0;
  const n = Number(s);
  return n > 0 && n <= 2147483647 ? n : 0;
}

function authMessage(err, info) {
  $('#auth-error').textContent = err || '';
  $('#auth-info').textContent = info || '';
}

$('#login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const id = parseUserId($('#login-id').value);
  const pwd = $('#login-password').value;
  if (!id) { authMessage(i18n.t('badUserId')); $('#login-id').focus(); return; }
  if (!pwd) { $('#login-password').focus(); return; }
  authMessage();
  const btn = $('#login-submit');
  btn.disabled = true;
  try {
    await session.login(id, pwd);
  } catch (err) {
    authMessage(errorText(err, 'login'));
  } finally { btn.disabled = false; }
});

$('#register-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const id = parseUserId($('#register-id').value);
  const name = $('#register-name').value.trim();
  const pwd = $('#register-password').value;
  if (!id) { authMessage(i18n.t('badUserId')); $('#register-id').focus(); return; }
  if (!name) { $('#register-name').focus(); return; }
  if (!pwd) { $('#register-password').focus(); return; }
  authMessage();
  const btn = $('#register-submit');
  btn.disabled = true;
  try {
    await session.register(id, name, pwd);
    $('#register-form').reset();
    $('#login-id').value = String(id);
    authMessage('', i18n.t('auth.registered', { id }));
    $('#login-password').focus();
  } catch (err) {
    authMessage(errorText(err, 'register'));
  } finally { btn.disabled = false; }
});

$('#logout').addEventListener('click', () => session.logout());

// The server closes a socket that has not logged in within 20 s; one is opened again as soon as the user
// turns to the forms, so the submit does not wait for it.
$('#auth').addEventListener('focusin', () => { if (!conn.ws) conn.connectNow(); });

addEventListener('pagehide', () => { store.save(); outbox.save(); });

// ---- start ----
if (session.hasSaved()) {
  // Show what we already hold while the token is checked; a refused token sends us to the login form.
  adopt(session.userId);
  showChat();
  updateViewing();
  renderNow();
} else {
  showAuth();
}
session.start();
