#!/usr/bin/env node
// What a phone downloads to open the join page: Debian's Chromium (driven by playwright-core, as
// in the browser tests) opens /?r=CODE, the address of a room's QR code, through a proxy that
// counts every byte each way, first with an empty cache (a first visit), then again in the same
// browser (a phone that comes back). It prints the figures; it asserts nothing.
//
//   node bench/pages.mjs [--bin PATH] [--url URL] [--json]
//
// --bin   the earshot binary to start (default $EARSHOT_BIN, else build/server/earshot)
// --url   measure a server that is already running instead (e.g. http://127.0.0.1:8080)
// --json  print the figures as JSON
//
// Each visit is measured twice: with the browser at 127.0.0.1, where Chromium offers
// "gzip, deflate, br, zstd", and at this machine's LAN address if it has one, where it offers only
// "gzip, deflate" (Chromium offers brotli to secure origins only, and a phone on the venue's Wi-Fi
// opens plain http://192.168.x.y:8080/). The counts are HTTP bytes as the TCP connections carry
// them (headers and bodies, both ways); a WebSocket opened by the page is counted apart.
// Needs tests/browser/node_modules (scripts/setup.sh --test).

import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser, PHONE } from '../tests/browser/lib/browser.mjs';
import { startServer } from '../tests/browser/lib/server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function option(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const JSON_OUT = process.argv.includes('--json');

// A TCP proxy on `host` in front of `target` ({host, port}) that counts the bytes of every
// connection, and reads the HTTP requests and responses going through to list them. Each request
// is tagged with `proxy.visit` as it was when the request came; a WebSocket's bytes go to the visit
// they came in.
async function countingProxy(host, target) {
  const proxy = { visit: 0, requests: [], websocket: new Map() };
  const wsBytes = (up, down) => {
    const t = proxy.websocket.get(proxy.visit) ?? { up: 0, down: 0 };
    t.up += up;
    t.down += down;
    proxy.websocket.set(proxy.visit, t);
  };
  const server = createServer((client) => {
    const conn = { websocket: false, requests: [], upText: '', downBuf: Buffer.alloc(0) };
    const upstream = connect(target.port, target.host);
    client.on('data', (chunk) => {
      if (conn.websocket) {
        wsBytes(chunk.length, 0);
      } else {
        conn.upText += chunk.toString('latin1');
        // A browser's GET has no body: a request ends at the blank line.
        for (let end; (end = conn.upText.indexOf('\r\n\r\n')) >= 0;) {
          const head = conn.upText.slice(0, end);
          conn.upText = conn.upText.slice(end + 4);
          const request = {
            line: head.split('\r\n')[0], up: end + 4, down: 0, status: 0, coding: '', left: 0, done: false,
            upgrade: /^upgrade:\s*websocket/im.test(head), visit: proxy.visit,
          };
          conn.requests.push(request);
          proxy.requests.push(request);
          if (request.upgrade) conn.websocket = true;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      const rest = readResponses(conn, chunk);
      if (rest) wsBytes(0, rest);
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  server.listen(0, host);
  await once(server, 'listening');
  proxy.base = `http://${host}:${server.address().port}`;
  proxy.close = () => server.close();
  return proxy;
}

// Attributes the bytes of a response chunk to the requests of its connection, in order (browsers
// do not pipeline). Returns how many bytes of it are WebSocket frames (after a 101).
function readResponses(conn, chunk) {
  if (conn.switched) return chunk.length;
  conn.downBuf = Buffer.concat([conn.downBuf, chunk]);
  for (;;) {
    const req = conn.requests.find((r) => !r.done);
    if (!req) return 0;
    if (!req.status) {
      const end = conn.downBuf.indexOf('\r\n\r\n');
      if (end < 0) return 0;
      const head = conn.downBuf.subarray(0, end).toString('latin1');
      req.status = Number(head.split(' ')[1]);
      req.coding = /^content-encoding:\s*(\S+)/im.exec(head)?.[1] ?? '';
      req.left = req.status === 304 || req.status === 101 || req.line.startsWith('HEAD ')
        ? 0 : Number(/^content-length:\s*(\d+)/im.exec(head)?.[1] ?? 0);
      req.down += end + 4;
      conn.downBuf = conn.downBuf.subarray(end + 4);
      if (req.status === 101) {
        req.done = true;
        conn.switched = true;
        return conn.downBuf.length;  // WebSocket frames from here on
      }
    }
    const take = Math.min(req.left, conn.downBuf.length);
    req.down += take;
    req.left -= take;
    conn.downBuf = conn.downBuf.subarray(take);
    if (req.left > 0) return 0;
    req.done = true;
  }
}

// The figures of one visit: its HTTP requests, and the WebSocket apart (its opening handshake too).
function tally(proxy, visit) {
  const out = { requests: [], httpUp: 0, httpDown: 0, wsUp: 0, wsDown: 0 };
  for (const r of proxy.requests.filter((q) => q.visit === visit)) {
    if (r.upgrade) {
      out.wsUp += r.up;
      out.wsDown += r.down;
      continue;
    }
    out.requests.push({ request: r.line, status: r.status, coding: r.coding, up: r.up, down: r.down });
    out.httpUp += r.up;
    out.httpDown += r.down;
  }
  const ws = proxy.websocket.get(visit);
  if (ws) {
    out.wsUp += ws.up;
    out.wsDown += ws.down;
  }
  return out;
}

// Opens `url` in a new page of `context` and waits until the join form shows and the network is quiet.
async function visit(context, url) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => document.documentElement.dataset.catalog === undefined);
  await page.waitForTimeout(300);
  await page.close();
}

function lanAddress() {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

async function main() {
  let server = null;
  let target;
  const url = option('--url');
  if (url) {
    const u = new URL(url);
    target = { host: u.hostname, port: Number(u.port || 80) };
  } else {
    const bin = option('--bin') ?? process.env.EARSHOT_BIN ?? join(ROOT, 'build/server/earshot');
    if (!existsSync(bin)) throw new Error(`no earshot binary at ${bin} (--bin PATH or EARSHOT_BIN)`);
    process.env.EARSHOT_BIN = bin;
    server = await startServer();
    target = { host: '127.0.0.1', port: server.port };
  }

  const browser = await launchBrowser();
  const results = [];
  try {
    const hosts = [['127.0.0.1', 'loopback (br offered)']];
    const lan = lanAddress();
    if (lan) hosts.push([lan, `LAN address ${lan} (gzip offered)`]);
    for (const [host, label] of hosts) {
      const proxy = await countingProxy(host, target);
      const context = await browser.newContext(PHONE);
      const address = `${proxy.base}/?r=HTKM`;  // a room's QR code; nothing asks the server about it
      proxy.visit = 1;
      await visit(context, address);
      proxy.visit = 2;
      await visit(context, address);
      proxy.visit = 0;
      const first = tally(proxy, 1);
      const back = tally(proxy, 2);
      await context.close();
      proxy.close();
      results.push({ where: label, first, back });
    }
  } finally {
    await browser.close();
    if (server) await server.stop();
  }

  if (JSON_OUT) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  for (const r of results) {
    console.log(`\nThe join page, ${r.where}`);
    for (const [name, t] of [['first visit', r.first], ['return visit', r.back]]) {
      const ws = t.wsUp + t.wsDown ? `; WebSocket ${kb(t.wsDown)} down, ${kb(t.wsUp)} up` : '';
      console.log(`  ${name.padEnd(13)} ${String(t.requests.length).padStart(2)} requests, ` +
                  `${kb(t.httpDown)} down, ${kb(t.httpUp)} up, ${kb(t.httpDown + t.httpUp)} in all${ws}`);
    }
    for (const [name, t] of [['first visit', r.first], ['return visit', r.back]]) {
      console.log(`  ${name}:`);
      for (const q of t.requests) {
        console.log(`    ${String(q.status).padEnd(4)}${(q.coding || '-').padEnd(5)}${String(q.down).padStart(7)} down ` +
                    `${String(q.up).padStart(5)} up  ${q.request.replace(/ HTTP\/1\.1$/, '')}`);
      }
    }
  }
}

main().catch((e) => {
  console.error(`bench/pages.mjs: ${e.stack ?? e}`);
  process.exit(1);
});
