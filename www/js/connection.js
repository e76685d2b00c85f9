// One WebSocket to the server, kept alive for as long as the page wants it.
//
//   const conn = new Connection({
//     hello: () => ({type: 'hello', room: 'KXQM', token}),  // asked again on every (re)connect
//     onWelcome: (welcome) => ...,  // each time the server accepts the hello (also after reconnects)
//     onRejected: (error) => ...,   // the hello was refused (ServerError); the connection has stopped
//     onMessage: (msg) => ...,      // every message that is not a reply to a request
//     onStatus: (status) => ...,    // 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline'
//   });
//   conn.join();                     // connect and say hello
//   const reply = await conn.request({type: 'list_rooms'});  // rejects with ServerError on an error
//
// A lost connection is retried with exponential backoff and jitter, and at once when the
// browser comes back online or the page becomes visible again (phones sleep a lot). A periodic
// ping notices connections that died without a close (Wi-Fi gone while the screen was off).

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 15000;
const REQUEST_TIMEOUT_MS = 10000;
const PING_TIMEOUT_MS = 5000;
const HEARTBEAT_MS = 25000;

// An error reply from the server: `code` is stable (see docs/protocol.md), `message` is for people.
export class ServerError extends Error {
  constructor({ code, message, field }) {
    super(typeof message === 'string' ? message : String(code));
    this.name = 'ServerError';
    this.code = String(code);
    this.field = typeof field === 'string' ? field : undefined;
  }
}

function socketUrl() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}

export class Connection {
  #options;
  #ws = null;
  #active = false;       // the page wants to be connected
  #welcomed = false;     // the hello on the current socket was accepted
  #everWelcomed = false; // ...on any socket so far ("reconnecting" rather than "connecting")
  #attempt = 0;          // failed attempts since the last welcome, for the backoff
  #retryTimer = 0;
  #heartbeatTimer = 0;
  #nextId = 1;
  #pending = new Map();  // request id -> {resolve, reject, timer}
  #status = 'idle';

  constructor({ hello, onWelcome = () => {}, onRejected = () => {}, onMessage = () => {}, onStatus = () => {} }) {
    this.#options = { hello, onWelcome, onRejected, onMessage, onStatus };
    const wake = () => this.#wake();
    window.addEventListener('online', wake);
    window.addEventListener('pageshow', wake);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') wake();
    });
    window.addEventListener('offline', () => {
      if (this.#active && !this.#ws) this.#setStatus('offline');
    });
  }

  get status() {
    return this.#status;
  }

  // Connects and says hello (the hello is asked for when the socket opens). A rejected hello
  // stops the connection, so after fixing what was wrong the page simply joins again.
  join() {
    this.#active = true;
    if (!this.#ws) this.#open();
  }

  // Disconnects for good (until the next join()).
  stop() {
    this.#active = false;
    clearTimeout(this.#retryTimer);
    const ws = this.#ws;
    if (ws) {
      this.#forget(ws);
      ws.close(1000);
    }
    this.#setStatus('idle');
  }

  // Sends a message without waiting for a reply. Returns false when not connected.
  send(msg) {
    if (!this.#ws || this.#ws.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(msg));
    return true;
  }

  // Sends a message with a fresh id and resolves with the server's reply to it, or rejects with a
  // ServerError (an error reply) or an Error (not connected, connection lost, no timely reply).
  request(msg, timeoutMs = REQUEST_TIMEOUT_MS) {
    const id = this.#nextId++;
    if (!this.send({ ...msg, id })) return Promise.reject(new Error('not connected'));
    const ws = this.#ws;
    return new Promise((resolve, reject) => {
      // No reply in time: the link is dead or stuck; start over on a fresh socket.
      const timer = setTimeout(() => this.#drop(ws), timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
    });
  }

  #open() {
    clearTimeout(this.#retryTimer);
    this.#setStatus(this.#everWelcomed || this.#attempt > 0 ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new WebSocket(socketUrl());
    } catch {
      this.#scheduleRetry();
      return;
    }
    this.#ws = ws;
    ws.onopen = () => this.#sayHello();
    ws.onmessage = (event) => this.#receive(event.data);
    ws.onclose = () => this.#drop(ws);
  }

  #sayHello() {
    this.request(this.#options.hello()).then(
      (welcome) => {
        this.#welcomed = true;
        this.#everWelcomed = true;
        this.#attempt = 0;
        this.#setStatus('connected');
        this.#startHeartbeat();
        this.#options.onWelcome(welcome);
      },
      (error) => {
        if (!(error instanceof ServerError)) return;  // connection lost: #drop retries
        this.stop();
        this.#options.onRejected(error);
      },
    );
  }

  #receive(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      return;  // not JSON: nothing a page could do with it
    }
    if (msg === null || typeof msg !== 'object' || typeof msg.type !== 'string') return;
    const request = msg.re === undefined ? undefined : this.#pending.get(msg.re);
    if (!request) {
      this.#options.onMessage(msg);
      return;
    }
    this.#pending.delete(msg.re);
    clearTimeout(request.timer);
    if (msg.type === 'error') request.reject(new ServerError(msg));
    else request.resolve(msg);
  }

  // Detaches a socket: no more events from it, and every request waiting on it fails.
  #forget(ws) {
    ws.onopen = ws.onmessage = ws.onclose = null;
    this.#ws = null;
    this.#welcomed = false;
    clearInterval(this.#heartbeatTimer);
    for (const { reject, timer } of this.#pending.values()) {
      clearTimeout(timer);
      reject(new Error('connection lost'));
    }
    this.#pending.clear();
  }

  // The socket closed or stopped answering: forget it and try again (if the page still wants to).
  #drop(ws) {
    if (ws !== this.#ws) return;
    this.#forget(ws);
    if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close();
    if (this.#active) this.#scheduleRetry();
  }

  #scheduleRetry() {
    // Full backoff doubles up to a cap; the jitter spreads a room of phones that all lost the
    // same Wi-Fi so they do not come back in one burst.
    const ceiling = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.#attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#attempt += 1;
    this.#setStatus(navigator.onLine === false ? 'offline' : 'reconnecting');
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  // The network or the page came back: reconnect now rather than at the next backoff step,
  // or make sure a connection that looks open still works.
  #wake() {
    if (!this.#active) return;
    if (!this.#ws) {
      this.#attempt = 0;
      this.#open();
    } else if (this.#welcomed) {
      this.#checkAlive();
    }
  }

  #startHeartbeat() {
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = setInterval(() => {
      if (document.visibilityState === 'visible') this.#checkAlive();
    }, HEARTBEAT_MS);
  }

  #checkAlive() {
    // A missing pong drops the socket (see request()); the answer itself needs no handling.
    this.request({ type: 'ping' }, PING_TIMEOUT_MS).catch(() => {});
  }

  #setStatus(status) {
    if (status === this.#status) return;
    this.#status = status;
    this.#options.onStatus(status);
  }
}
