// Who is logged in: register, password login, resume with the token across reloads and reconnects, logout.

import { RequestError } from './protocol.js';

const KEY = 'parley.session';

function readSaved() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (s && Number.isInteger(s.userId) && s.userId > 0 && typeof s.token === 'string') return s;
  } catch { /* unreadable: as if absent */ }
  return null;
}

export class Session {
  constructor(conn) {
    this.conn = conn;
    this.saved = readSaved();
    this.userId = this.saved?.userId ?? null;
    this.userName = this.saved?.userName ?? '';
    this.loggedIn = false; // on the current socket
    this.resuming = false;
    this.auth = null; // the register/login/resume waiting for its reply (they carry no reqId)
    this.listeners = new Map();

    conn.on('ready', () => { if (this.saved && !this.auth) this.resume(); });
    conn.on('down', () => {
      this.loggedIn = false;
      this.resuming = false;
      if (this.auth) { const a = this.auth; this.auth = null; a.reject(new RequestError('offline', '', a.type)); }
      this.emit('down');
    });
    conn.on('LoginResMes', (d) => this.settle('LoginResMes', d));
    conn.on('RegisterResMes', (d) => this.settle('RegisterResMes', d));
    conn.on('ErrorMes', (d) => this.error(d));
    addEventListener('storage', (e) => {
      // Another tab logged out: this one's token died with it.
      if (e.key === KEY && !e.newValue && this.saved) this.logout();
    });
  }

  on(ev, fn) { if (!this.listeners.has(ev)) this.listeners.set(ev, []); this.listeners.get(ev).push(fn); }
  emit(ev, arg) { for (const fn of this.listeners.get(ev) || []) fn(arg); }

  hasSaved() { return !!this.saved; }

  start() {
    if (this.saved) {
      this.conn.reconnect = true;
      this.resuming = true;
      this.conn.connectNow();
    } else {
      // Open early so the first login is quick; without a login the server closes it after 20 s, and the next
      // form submit opens another.
      this.conn.connectNow();
    }
  }

  ask(type, data, replyType) {
    return new Promise((resolve, reject) => {
      if (this.auth) { reject(new RequestError(409, '', type)); return; }
      this.auth = { type, replyType, resolve, reject };
      if (!this.conn.send(type, data)) { this.auth = null; reject(new RequestError('offline', '', type)); }
    });
  }

  settle(replyType, d) {
    const a = this.auth;
    if (!a || a.replyType !== replyType) return;
    this.auth = null;
    if (d.code === 200) a.resolve(d);
    else a.reject(new RequestError(d.code, d.error, a.type));
  }

  error(d) {
    if (this.auth && d.reqtype === this.auth.type) {
      const a = this.auth;
      this.auth = null;
      a.reject(new RequestError(d.code, d.error, d.reqtype, { retryAfterMs: d.retryafterms }));
      return;
    }
    // Unprompted 401: the user logged out everywhere or changed the password; the server closes next.
    if (d.code === 401 && !d.reqtype && !d.reqid && this.loggedIn) this.ended('loggedOutElsewhere');
  }

  async register(userId, userName, password) {
    await this.conn.whenReady();
    return this.ask('RegisterMes', { user: { userId, userPwd: password, userName, userStatus: 0, sex: '' } }, 'RegisterResMes');
  }

  async login(userId, password) {
    await this.conn.whenReady();
    const d = await this.ask('LoginMes', { userId, userPwd: password, userName: '' }, 'LoginResMes');
    this.loggedInAs(userId, d, false);
    return d;
  }

  async resume() {
    if (!this.saved) return;
    this.resuming = true;
    this.emit('resuming');
    const { userId, token } = this.saved;
    try {
      const d = await this.ask('ResumeMes', { userId, token }, 'LoginResMes');
      this.loggedInAs(userId, d, true);
    } catch (e) {
      this.resuming = false;
      if (e.code === 429 || e.code === 503) {
        setTimeout(() => { if (this.conn.ready && !this.loggedIn && this.saved) this.resume(); }, e.retryAfterMs || 2000);
      } else if (e.code === 403 || e.code === 500) {
        this.ended('sessionEnded');
      } else if (e.code !== 'offline' && e.code !== 409) {
        this.emit('error', e);
      }
    }
  }

  loggedInAs(userId, d, resumed) {
    this.userId = userId;
    if (d.username) this.userName = d.username;
    this.saved = { userId, token: d.resumetoken, userName: this.userName };
    try { localStorage.setItem(KEY, JSON.stringify(this.saved)); } catch { /* then a reload asks for the password */ }
    this.loggedIn = true;
    this.resuming = false;
    this.conn.reconnect = true;
    this.conn.healthy();
    this.emit('login', { userId, resumed, onlineCount: d.onlinecount, userName: this.userName });
  }

  forget() {
    this.saved = null;
    this.loggedIn = false;
    this.resuming = false;
    try { localStorage.removeItem(KEY); } catch { /* nothing kept */ }
  }

  ended(reason) {
    const userId = this.userId;
    this.forget();
    this.conn.reconnect = false;
    this.emit('ended', { reason, userId });
  }

  logout() {
    const userId = this.userId;
    const wasLoggedIn = this.loggedIn;
    this.forget();
    this.conn.reconnect = false;
    if (wasLoggedIn && this.conn.send('LogoutMes', {})) {
      // The server revokes the tokens and closes; our close waits so the logout is read first.
      this.conn.retire();
    } else {
      this.conn.close();
    }
    this.userId = null;
    this.emit('ended', { reason: 'logout', userId });
  }
}
