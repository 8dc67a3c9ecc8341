// The WebSocket connection: envelopes, hello, heartbeat, request/reply by reqId, and reconnecting with backoff.
// It knows nothing about users; session.js decides when a dead connection should come back.

export const HELLO_VERSION = 3;
const CLIENT = 'parley-web/1.0';
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 10000;
const HELLO_TIMEOUT_MS = 10000;
const REQUEST_TIMEOUT_MS = 15000;

export function encode(type, data) {
  // The envelope's data is itself a JSON string (double-encoded), as on the TCP wire.
  return JSON.stringify({ type, data: JSON.stringify(data ?? {}) });
}

export function decode(text) {
  const env = JSON.parse(text);
  if (!env || typeof env.type !== 'string') throw new Error('bad envelope');
  const raw = typeof env.data === 'string' && env.data !== '' ? JSON.parse(env.data) : {};
  return { type: env.type, data: lowerKeys(raw) };
}

// The server matches keys case-insensitively and sends e.g. "UsersId"; reading one spelling keeps callers simple.
function lowerKeys(v) {
  if (Array.isArray(v)) return v.map(lowerKeys);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, val] of Object.entries(v)) out[k.toLowerCase()] = lowerKeys(val);
    return out;
  }
  return v;
}

export class RequestError extends Error {
  constructor(code, detail, reqType, extra) {
    super(detail || String(code));
    this.code = code;
    this.detail = detail || '';
    this.reqType = reqType;
    this.retryAfterMs = extra?.retryAfterMs;
  }
}

export class Connection {
  constructor(url) {
    this.url = url;
    this.ws = null;
    this.state = 'offline';
    this.ready = false; // HelloResMes received on the current socket
    this.hello = null;
    this.reconnect = false; // set by the session while it holds a login worth keeping
    this.attempt = 0;
    this.timer = 0;
    this.pingTimer = 0;
    this.helloTimer = 0;
    this.lastHeard = 0;
    this.nextReq = 1;
    this.pending = new Map();
    this.handlers = new Map();
    addEventListener('online', () => { if (this.reconnect && !this.ws) this.connectNow(); });
  }

  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(fn);
  }

  emit(type, data) {
    // A copy: a handler may remove itself (whenReady does), which must not skip the next one.
    for (const fn of [...(this.handlers.get(type) || [])]) {
      try { fn(data); } catch (e) { console.error(type, e); }
    }
  }

  setState(s) {
    if (s === this.state) return;
    this.state = s;
    this.emit('state', s);
  }

  // Waiting out a backoff is pointless when the user is asking for something now.
  connectNow() {
    clearTimeout(this.timer);
    this.timer = 0;
    if (this.ws) return;
    this.open();
  }

  whenReady() {
    if (this.ready) return Promise.resolve();
    this.connectNow();
    return new Promise((resolve, reject) => {
      const done = () => { this.off('ready', done); this.off('down', fail); resolve(); };
      const fail = () => { this.off('ready', done); this.off('down', fail); reject(new RequestError('offline')); };
      this.on('ready', done);
      this.on('down', fail);
    });
  }

  off(type, fn) {
    const list = this.handlers.get(type);
    if (list) { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); }
  }

  open() {
    this.setState('connecting');
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.dropped(null, { code: 0 });
      return;
    }
    this.ws = ws;
    this.ready = false;
    // One deadline from dialling to the hello reply: a connect that hangs (a black-holed network) is given up too.
    clearTimeout(this.helloTimer);
    this.helloTimer = setTimeout(() => this.kill(ws), HELLO_TIMEOUT_MS);
    ws.onopen = () => {
      if (ws !== this.ws) return;
      this.lastHeard = Date.now();
      ws.send(encode('HelloMes', { version: HELLO_VERSION, client: CLIENT }));
    };
    ws.onmessage = (ev) => {
      if (ws !== this.ws || typeof ev.data !== 'string') return;
      this.lastHeard = Date.now();
      let msg;
      try { msg = decode(ev.data); } catch (e) { console.warn('undecodable frame', e); return; }
      this.dispatch(msg);
    };
    ws.onclose = (ev) => this.dropped(ws, ev);
    ws.onerror = () => { /* a close event always follows */ };
  }

  dispatch({ type, data }) {
    if (type === 'HelloResMes') {
      clearTimeout(this.helloTimer);
      this.hello = data;
      this.ready = true;
      this.setState('open');
      this.startHeartbeat((data.heartbeatseconds || 30) * 1000);
      this.emit('ready', data);
      return;
    }
    if (type === 'PongMes') return;
    if (type === 'ErrorMes' && data.reqtype === 'HelloMes') {
      // Refused at admission (429/503): the server closes; wait at least as long as it asks.
      this.minDelay = data.retryafterms || 2000;
    }
    const reqId = data.reqid;
    if (reqId && this.pending.has(reqId)) {
      const p = this.pending.get(reqId);
      this.pending.delete(reqId);
      clearTimeout(p.timer);
      if (type === 'ErrorMes') p.reject(new RequestError(data.code, data.error, data.reqtype, { retryAfterMs: data.retryafterms }));
      else p.resolve(data);
      return;
    }
    this.emit(type, data);
    this.emit('*', { type, data });
  }

  startHeartbeat(ms) {
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.pingTimer = setInterval(() => {
      if (ws !== this.ws) return;
      // A socket that went quiet for over two periods is dead even if the browser has not noticed.
      if (Date.now() - this.lastHeard > ms * 2.5) { this.kill(ws); return; }
      this.send('PingMes', { ts: Date.now() });
    }, ms);
  }

  send(type, data) {
    if (!this.ws || !this.ready || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(encode(type, data));
    return true;
  }

  // Sent before the hello reply would be refused, so auth messages wait for ready too.
  request(type, data, { timeout = REQUEST_TIMEOUT_MS } = {}) {
    const reqId = 'r-' + (this.nextReq++);
    if (!this.send(type, { ...data, reqId })) return Promise.reject(new RequestError('offline', '', type));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(reqId);
        reject(new RequestError('timeout', '', type));
      }, timeout);
      this.pending.set(reqId, { resolve, reject, timer });
    });
  }

  // Our own close: no reconnect (logout, or nobody logged in).
  close() {
    this.reconnect = false;
    clearTimeout(this.timer);
    const ws = this.ws;
    if (ws) this.kill(ws, 1000);
    else this.setState('offline');
  }

  // Let the server finish with this socket (it closes after LogoutMes) while a new one serves the next login.
  retire() {
    this.reconnect = false;
    const ws = this.ws;
    if (!ws) return;
    setTimeout(() => { try { ws.close(1000); } catch { /* closed already */ } }, 3000);
    this.dropped(ws, { code: 1000 });
  }

  kill(ws, code = 4000) {
    try { ws.close(code); } catch { /* already closing */ }
    // A dead network can hold the close event back for a long time; do not wait for it.
    this.dropped(ws, { code, reason: 'local' });
  }

  dropped(ws, ev) {
    if (ws && ws !== this.ws) return;
    if (ws) { ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null; }
    this.ws = null;
    const wasReady = this.ready;
    this.ready = false;
    clearInterval(this.pingTimer);
    clearTimeout(this.helloTimer);
    // Requests are not resent: they may not be idempotent. The caller sees them fail as the doc's client does.
    for (const [, p] of this.pending) { clearTimeout(p.timer); p.reject(new RequestError('offline')); }
    this.pending.clear();
    this.emit('down', { code: ev?.code, wasReady });
    if (this.reconnect) {
      this.setState('connecting');
      this.schedule();
    } else {
      this.setState('offline');
    }
  }

  schedule() {
    clearTimeout(this.timer);
    // Full jitter under a doubling cap, so a restarted server is not hit by every browser at once.
    const cap = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    const delay = Math.max(this.minDelay || 0, Math.random() * cap);
    this.minDelay = 0;
    this.attempt++;
    // Past a few failures the user should see that we are offline rather than forever "connecting".
    if (this.attempt > 2) this.setState('offline');
    this.timer = setTimeout(() => { this.timer = 0; if (!this.ws) this.open(); }, delay);
  }

  healthy() { this.attempt = 0; }
}
