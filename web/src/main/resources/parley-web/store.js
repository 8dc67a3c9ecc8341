// Conversations, their messages and unread counts, who is online, the groups; kept per user in localStorage so a
// reload shows what was already received (received messages are acknowledged, so the server will not resend them).

const KEEP_PER_CONV = 200;
const KEEP_CONVS = 100;

export function convOf(log, fromUserId) {
  return log === 'inbox' ? 'user:' + fromUserId : log; // 'group:<name>' is both the log and the conversation id
}

export class Store {
  constructor() {
    this.listeners = new Map();
    this.reset(null);
  }

  reset(userId) {
    this.userId = userId;
    this.convs = new Map();
    this.names = new Map();
    this.online = new Map(); // userId -> status (0 online, 2 busy)
    this.onlineTotal = 0;
    this.groups = null; // the last full GroupListResMes listing, or null before one was asked for
    this.acked = {}; // log -> highest seq received (and acknowledged)
    this.openId = 'all';
    this.ensure('all');
    if (userId != null) this.load();
  }

  on(ev, fn) { if (!this.listeners.has(ev)) this.listeners.set(ev, []); this.listeners.get(ev).push(fn); }
  emit(ev, arg) { for (const fn of this.listeners.get(ev) || []) fn(arg); }

  key() { return 'parley.cache.' + this.userId; }

  load() {
    let raw;
    try { raw = JSON.parse(localStorage.getItem(this.key()) || 'null'); } catch { raw = null; }
    if (!raw) return;
    for (const [id, n] of raw.names || []) this.names.set(id, n);
    this.acked = raw.acked || {};
    for (const c of raw.convs || []) {
      const conv = this.ensure(c.id);
      conv.unread = c.unread || 0;
      conv.last = c.last || 0;
      // A send the page was closed on is the outbox's to finish; here it only shows where it was.
      for (const m of c.messages || []) this.insert(conv, m);
    }
  }

  save() {
    if (this.userId == null) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    const convs = [...this.convs.values()]
      .sort((a, b) => b.last - a.last)
      .slice(0, KEEP_CONVS)
      .map((c) => ({ id: c.id, unread: c.unread, last: c.last, messages: c.messages.slice(-KEEP_PER_CONV) }));
    const data = { convs, names: [...this.names].slice(-2000), acked: this.acked };
    try { localStorage.setItem(this.key(), JSON.stringify(data)); } catch (e) { console.warn('cache not saved', e); }
  }

  saveSoon() {
    if (!this.saveTimer) this.saveTimer = setTimeout(() => this.save(), 400);
  }

  forget() {
    try { localStorage.removeItem(this.key()); } catch { /* nothing kept */ }
  }

  ensure(id) {
    let c = this.convs.get(id);
    if (!c) {
      const [kind, ...rest] = id.split(':');
      c = {
        id, kind, target: kind === 'user' ? Number(rest[0]) : kind === 'group' ? rest.join(':') : null,
        messages: [], byKey: new Map(), byMsgId: new Map(), unread: 0, last: 0,
        historyLoaded: false, noOlder: id === 'all', loading: false, scannedTo: 0, members: null,
      };
      this.convs.set(id, c);
      this.emit('convs');
    }
    return c;
  }

  remove(id) {
    if (id === 'all') return;
    this.convs.delete(id);
    if (this.openId === id) this.openId = 'all';
    this.emit('convs');
    this.saveSoon();
  }

  // Sorted by time so history, live messages and own sends interleave correctly however they arrive.
  insert(conv, m) {
    if (m.msgId != null && conv.byMsgId.has(m.msgId)) return false;
    if (conv.byKey.has(m.key)) return false;
    let i = conv.messages.length;
    const ts = m.sentAt || 0;
    while (i > 0 && (conv.messages[i - 1].sentAt || 0) > ts) i--;
    conv.messages.splice(i, 0, m);
    conv.byKey.set(m.key, m);
    if (m.msgId != null) conv.byMsgId.set(m.msgId, m);
    if (ts > conv.last) conv.last = ts;
    return true;
  }

  name(userId) { return this.names.get(userId); }

  learnName(userId, name) {
    if (name && this.names.get(userId) !== name) { this.names.set(userId, name); this.emit('names'); }
  }

  // A message that reached us from the server, live or as an offline one. Returns whether it was new.
  receive({ conv: convId, msgId, seq, log, from, fromName, text, sentAt }, { history = false } = {}) {
    this.learnName(from, fromName);
    const conv = this.ensure(convId);
    const own = from === this.userId;
    const m = {
      key: 'm:' + msgId, msgId, seq, log, from, text, sentAt: sentAt || Date.now(),
      state: own ? 'stored' : 'received', own,
    };
    const unseen = !history && !own && !(this.openId === convId && this.visible);
    if (!this.insert(conv, m)) {
      // History can fetch a message before its offline delivery arrives; that delivery says it is unread.
      const had = conv.byMsgId.get(msgId);
      if (had?.fromHistory && !history) {
        had.fromHistory = false;
        if (unseen) { conv.unread++; this.emit('convs'); this.saveSoon(); }
      }
      return false;
    }
    if (history) m.fromHistory = true;
    if (unseen) conv.unread++;
    this.emit('messages', convId);
    this.emit('convs');
    this.saveSoon();
    return true;
  }

  addOwn(convId, cmid, text, createdAt) {
    const conv = this.ensure(convId);
    const m = { key: 'c:' + cmid, cmid, from: this.userId, text, sentAt: createdAt, state: 'sending', own: true };
    if (this.insert(conv, m)) { this.emit('messages', convId); this.emit('convs'); this.saveSoon(); }
  }

  updateOwn(convId, cmid, patch) {
    const conv = this.convs.get(convId);
    const m = conv?.byKey.get('c:' + cmid);
    if (!m) return;
    Object.assign(m, patch);
    if (patch.msgId != null) {
      // A message to oneself also comes back as a received one; one copy is enough.
      const dup = conv.byMsgId.get(patch.msgId);
      if (dup && dup !== m) {
        conv.messages.splice(conv.messages.indexOf(dup), 1);
        conv.byKey.delete(dup.key);
      }
      conv.byMsgId.set(patch.msgId, m);
    }
    if (patch.serverAt && patch.serverAt !== m.sentAt) {
      // The server's clock orders the conversation for everyone; a fast or slow local clock must not.
      conv.messages.splice(conv.messages.indexOf(m), 1);
      conv.byKey.delete(m.key);
      conv.byMsgId.delete(m.msgId);
      m.sentAt = patch.serverAt;
      this.insert(conv, m);
    }
    this.emit('messages', convId);
    this.saveSoon();
  }

  markRead(convId) {
    const c = this.convs.get(convId);
    if (c && c.unread) { c.unread = 0; this.emit('convs'); this.saveSoon(); }
  }

  open(convId) {
    this.ensure(convId);
    this.openId = convId;
    if (this.visible) this.markRead(convId);
    this.emit('open', convId);
    this.emit('convs');
  }

  setOnline(userId, status) {
    if (userId === this.userId) return;
    if (status === 1) this.online.delete(userId);
    else this.online.set(userId, status);
    this.emit('online');
  }

  oldestSeq(conv, log) {
    let min = conv.scannedTo || 0;
    for (const m of conv.messages) if (m.log === log && m.seq && (!min || m.seq < min)) min = m.seq;
    return min;
  }
}
