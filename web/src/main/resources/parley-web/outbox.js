// Own messages until the server says they are stored. Each keeps its clientMsgId for life, so whatever is resent
// (after a reconnect, a timeout, a reload or the retry button) is stored and delivered once (protocol rule 3).

const ACK_TIMEOUT_MS = 10000;
const WINDOW = 20; // sends awaiting an ack at once; keeps a long queue inside the server's burst and in order

export function newClientMsgId() {
  const rnd = crypto.getRandomValues(new Uint32Array(2));
  return 'w-' + Date.now().toString(36) + '-' + rnd[0].toString(36) + rnd[1].toString(36);
}

export function envelopeFor(conv, content, clientMsgId) {
  if (conv === 'all') {
    return ['SmsMes', { content, userId: 0, userPwd: '', userName: '', userStatus: 0, sex: '', clientMsgId }];
  }
  if (conv.startsWith('user:')) return ['PrivateMes', { toUserId: Number(conv.slice(5)), content, clientMsgId }];
  return ['GroupMes', { group: conv.slice(6), content, clientMsgId }];
}

export class Outbox {
  constructor(conn, { canSend, onState }) {
    this.conn = conn;
    this.canSend = canSend;
    this.onState = onState; // (item, state, extra) -> the store shows it
    this.items = [];
    this.userId = null;
    this.flushTimer = 0;
  }

  key() { return 'parley.outbox.' + this.userId; }

  load(userId) {
    this.userId = userId;
    this.items = [];
    try { this.items = JSON.parse(localStorage.getItem(this.key()) || '[]'); } catch { this.items = []; }
    for (const it of this.items) { it.inFlight = false; clearTimeout(it.timer); }
  }

  save() {
    if (this.userId == null) return;
    const data = this.items.map(({ cmid, conv, content, createdAt, state, error }) => ({ cmid, conv, content, createdAt, state, error }));
    try { localStorage.setItem(this.key(), JSON.stringify(data)); } catch (e) { console.warn('outbox not saved', e); }
  }

  clear() {
    for (const it of this.items) clearTimeout(it.timer);
    this.items = [];
    try { localStorage.removeItem(this.key()); } catch { /* nothing kept */ }
    this.userId = null;
  }

  add(conv, content) {
    const it = { cmid: newClientMsgId(), conv, content, createdAt: Date.now(), state: 'sending', inFlight: false };
    this.items.push(it);
    this.save();
    this.onState(it, 'sending');
    this.flush();
    return it;
  }

  // In order, oldest first; failed ones wait for the retry button so a refused message does not loop.
  flush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = 0;
    if (!this.canSend()) return;
    let inFlight = this.items.filter((i) => i.inFlight).length;
    const now = Date.now();
    for (const it of this.items) {
      if (inFlight >= WINDOW) break;
      if (it.inFlight || it.state !== 'sending') continue;
      if (it.notBefore && it.notBefore > now) { this.later(it.notBefore - now); continue; }
      const [type, data] = envelopeFor(it.conv, it.content, it.cmid);
      if (!this.conn.send(type, data)) return;
      it.inFlight = true;
      inFlight++;
      clearTimeout(it.timer);
      it.timer = setTimeout(() => this.timedOut(it), ACK_TIMEOUT_MS);
    }
  }

  later(ms) {
    if (!this.flushTimer) this.flushTimer = setTimeout(() => { this.flushTimer = 0; this.flush(); }, ms);
  }

  find(cmid) { return this.items.find((i) => i.cmid === cmid); }

  acked({ clientmsgid, msgid, sentat }) {
    const it = this.find(clientmsgid);
    if (!it) return;
    clearTimeout(it.timer);
    this.items.splice(this.items.indexOf(it), 1);
    this.save();
    this.onState(it, 'stored', { msgId: msgid, sentAt: sentat });
    this.flush();
  }

  refused(err) {
    const it = this.find(err.clientmsgid);
    if (!it) return false;
    clearTimeout(it.timer);
    it.inFlight = false;
    if (err.code === 429) {
      // A rate limit: nothing was stored and the same send will succeed after the wait.
      it.notBefore = Date.now() + (err.retryafterms || 1000);
      this.later(err.retryafterms || 1000);
    } else {
      it.state = 'failed';
      it.error = { code: err.code, detail: err.error, reqType: err.reqtype };
      this.save();
      this.onState(it, 'failed', it.error);
    }
    this.flush();
    return true;
  }

  // No ack yet: show it as failed, but keep it in flight so a late ack still lands, and resend it on reconnect.
  timedOut(it) {
    if (!this.items.includes(it)) return;
    it.timedOut = true;
    this.onState(it, 'failed', { code: 'timeout' });
  }

  retry(cmid) {
    const it = this.find(cmid);
    if (!it) return;
    it.state = 'sending';
    it.inFlight = false;
    it.timedOut = false;
    it.error = null;
    clearTimeout(it.timer);
    this.save();
    this.onState(it, 'sending');
    this.flush();
  }

  // The socket died: whatever was in flight may or may not be stored, so it all goes again, same ids.
  connectionLost() {
    for (const it of this.items) {
      clearTimeout(it.timer);
      it.inFlight = false;
      if (it.timedOut) { it.timedOut = false; this.onState(it, 'sending'); }
    }
  }

  pending() { return this.items.length; }
}
