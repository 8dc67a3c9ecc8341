// Strings for the two languages the tutorial speaks. Keys are used from HTML (data-i18n*) and from JS.
const STRINGS = {
  en: {
    appName: 'Parley',
    language: 'Language',
    'state.connecting': 'Connecting…',
    'state.online': 'Online',
    'state.offline': 'Offline',
    'auth.login': 'Log in',
    'auth.register': 'Create an account',
    'auth.userId': 'User id (a number)',
    'auth.password': 'Password',
    'auth.name': 'Display name',
    'auth.registered': 'Registered as {id}. Now log in.',
    'auth.resuming': 'Signing you back in…',
    'auth.intro': 'Chat with everyone online, privately, or in groups.',
    me: 'You',
    logout: 'Log out',
    conversations: 'Conversations',
    online: 'Online now',
    onlineCount: '{n} online',
    nobodyOnline: 'Nobody else is online.',
    newChat: 'Private chat with user id',
    open: 'Open',
    groups: 'Groups',
    groupName: 'Group name',
    groupCreate: 'Create',
    groupJoin: 'Join',
    groupList: 'List all groups',
    groupLeave: 'Leave group',
    groupMembers: 'Members',
    groupJoined: 'joined',
    groupCount: '{n} members',
    groupCount1: '1 member',
    noGroups: 'There are no groups yet.',
    everyone: 'Everyone',
    user: 'User {id}',
    back: 'Back',
    loadOlder: 'Load older messages',
    noOlder: 'No older messages.',
    noHistoryAll: 'Messages to everyone are not kept for later; only what arrives while you are here is shown.',
    loading: 'Loading…',
    messages: 'Messages',
    composer: 'Message',
    composerPlaceholder: 'Write a message…',
    composerHint: 'Enter sends, Shift+Enter starts a new line.',
    send: 'Send',
    retry: 'Retry',
    'msg.sending': 'sending',
    'msg.stored': 'stored',
    'msg.failed': 'not sent',
    unread: '{n} unread',
    statusBusy: 'busy',
    statusOnline: 'online',
    you: 'you',
    tooLong: 'The message is too long ({n} of {max} bytes).',
    badUserId: 'A user id is a whole number above 0.',
    badGroupName: 'A group name is 1–64 letters, digits, “-”, “_” or “.”.',
    queuedOffline: 'You are offline; messages will be sent when the connection is back.',
    loggedOutElsewhere: 'You were logged out (everywhere, or your password changed). Please log in again.',
    sessionEnded: 'Your session has ended. Please log in again.',
    joinedGroup: 'You joined {g}.',
    createdGroup: 'You created {g}.',
    leftGroup: 'You left {g}.',
    'err.login.500': 'There is no user with this id.',
    'err.login.403': 'Wrong password.',
    'err.login.505': 'The server had an error. Please try again.',
    'err.login.409': 'A login is already in progress.',
    'err.login.400': 'The login request was not understood.',
    'err.register.505': 'This user id is already taken.',
    'err.register.506': 'These details are not accepted: {detail}',
    'err.register.409': 'Another request is still being checked; try again.',
    'err.429': 'Too many attempts. Try again in {s} s.',
    'err.503': 'The server is busy. Try again in a moment.',
    'err.400': 'The request was not understood: {detail}',
    'err.401': 'You are not logged in.',
    'err.403': 'You are not a member of this group.',
    'err.404': 'No such user or group: {detail}',
    'err.404.group': 'There is no group with this name.',
    'err.409': 'Conflict: {detail}',
    'err.409.GroupCreateMes': 'A group with this name already exists.',
    'err.409.GroupJoinMes': 'You are already a member of this group.',
    'err.409.GroupLeaveMes': 'You are not a member of this group.',
    'err.413': 'That is too long for the server.',
    'err.507': 'A quota is full: {detail}',
    'err.timeout': 'The server did not answer in time.',
    'err.offline': 'Not connected. Try again when you are online.',
    'err.unknown': 'Error {code}: {detail}',
  },
  zh: {
    appName: 'Parley',
    language: '语言',
    'state.connecting': '正在连接…',
    'state.online': '在线',
    'state.offline': '离线',
    'auth.login': '登录',
    'auth.register': '注册新用户',
    'auth.userId': '用户 id（数字）',
    'auth.password': '密码',
    'auth.name': '昵称',
    'auth.registered': '已注册为 {id}，请登录。',
    'auth.resuming': '正在恢复登录…',
    'auth.intro': '和所有在线用户、单个用户或群组聊天。',
    me: '我',
    logout: '退出登录',
    conversations: '会话',
    online: '在线用户',
    onlineCount: '{n} 人在线',
    nobodyOnline: '没有其他用户在线。',
    newChat: '与用户 id 私聊',
    open: '打开',
    groups: '群组',
    groupName: '群组名称',
    groupCreate: '创建',
    groupJoin: '加入',
    groupList: '列出所有群组',
    groupLeave: '退出群组',
    groupMembers: '成员',
    groupJoined: '已加入',
    groupCount: '{n} 名成员',
    noGroups: '还没有群组。',
    everyone: '所有人',
    user: '用户 {id}',
    back: '返回',
    loadOlder: '加载更早的消息',
    noOlder: '没有更早的消息了。',
    noHistoryAll: '群发消息不会保存，只显示你在线时收到的消息。',
    loading: '正在加载…',
    messages: '消息',
    composer: '消息',
    composerPlaceholder: '输入消息…',
    composerHint: '回车发送，Shift+回车换行。',
    send: '发送',
    retry: '重试',
    'msg.sending': '发送中',
    'msg.stored': '已保存',
    'msg.failed': '未发送',
    unread: '{n} 条未读',
    statusBusy: '忙碌',
    statusOnline: '在线',
    you: '我',
    tooLong: '消息太长（{n} / {max} 字节）。',
    badUserId: '用户 id 必须是大于 0 的整数。',
    badGroupName: '群组名称为 1–64 个字母、数字、“-”、“_” 或 “.”。',
    queuedOffline: '你已离线；连接恢复后消息会自动发送。',
    loggedOutElsewhere: '你已被登出（在所有设备上，或密码已修改）。请重新登录。',
    sessionEnded: '登录已失效，请重新登录。',
    joinedGroup: '你已加入 {g}。',
    createdGroup: '你创建了 {g}。',
    leftGroup: '你已退出 {g}。',
    'err.login.500': '该用户不存在。',
    'err.login.403': '密码错误。',
    'err.login.505': '服务器出错，请重试。',
    'err.login.409': '正在登录中。',
    'err.login.400': '登录请求无法识别。',
    'err.register.505': '该用户 id 已被占用。',
    'err.register.506': '注册信息不被接受：{detail}',
    'err.register.409': '另一个请求仍在处理中，请重试。',
    'err.429': '尝试次数过多，请 {s} 秒后再试。',
    'err.503': '服务器繁忙，请稍后再试。',
    'err.400': '请求无法识别：{detail}',
    'err.401': '你尚未登录。',
    'err.403': '你不是该群组的成员。',
    'err.404': '没有这个用户或群组：{detail}',
    'err.404.group': '没有这个名称的群组。',
    'err.409': '冲突：{detail}',
    'err.409.GroupCreateMes': '同名群组已存在。',
    'err.409.GroupJoinMes': '你已经是该群组的成员。',
    'err.409.GroupLeaveMes': '你不是该群组的成员。',
    'err.413': '内容超出服务器限制。',
    'err.507': '已达配额上限：{detail}',
    'err.timeout': '服务器没有及时响应。',
    'err.offline': '未连接，请在恢复在线后重试。',
    'err.unknown': '错误 {code}：{detail}',
  },
};

const HTML_LANG = { en: 'en', zh: 'zh-CN' };
const KEY = 'parley.lang';
let current = 'en';
const listeners = [];

export function detectLang() {
  const saved = safeGet(KEY);
  if (saved && STRINGS[saved]) return saved;
  const wanted = [...(navigator.languages || []), navigator.language || ''];
  for (const l of wanted) {
    if (/^zh/i.test(l)) return 'zh';
    if (/^en/i.test(l)) return 'en';
  }
  return 'en';
}

export function lang() { return current; }
export function htmlLang() { return HTML_LANG[current]; }

export function setLang(l, remember) {
  current = STRINGS[l] ? l : 'en';
  if (remember) safeSet(KEY, current);
  document.documentElement.lang = HTML_LANG[current];
  applyI18n(document);
  for (const fn of listeners) fn(current);
}

export function onLangChange(fn) { listeners.push(fn); }

export function t(key, params) {
  let s = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m));
  return s;
}

export function has(key) { return key in STRINGS[current]; }

// Static text lives in the HTML as keys, so the page is translated in place without re-rendering.
export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

function safeGet(k) { try { return localStorage.getItem(k); } catch { return null; } }
function safeSet(k, v) { try { localStorage.setItem(k, v); } catch { /* private mode: the choice just is not kept */ } }
