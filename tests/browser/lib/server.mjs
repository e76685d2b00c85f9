// Starts the Earshot server under test on a free loopback port, and stops it again.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export const FACILITATOR_KEY = 'browser-test-facilitator-key';

// A port that was free a moment ago. The server is told to use it (rather than --port 0) because
// its join URLs must name the port, and --public-url is fixed at start-up.
async function freePort() {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  await once(probe, 'close');
  return port;
}

// Resolves with the first line the child prints on stdout, or null if it exits first.
function firstLine(child) {
  return new Promise((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', () => resolve(null));
    // Keep draining stdout afterwards so the server can never block on a full pipe.
    lines.on('line', () => {});
  });
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return { code: child.exitCode, signal: child.signalCode };
  }
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
  const [code, signal] = await exited;
  clearTimeout(timer);
  return { code, signal };
}

// Starts `$EARSHOT_BIN` with a fixed facilitator key, on `port` if given (to restart a stopped
// server in place), else on a free one. Set EARSHOT_WWW to serve the pages from a directory
// instead of the copies in the binary. Returns {base, port, key, stop(), stderr()}.
// `dataDir`: the data directory (pass the previous server's to restart it with its rooms);
// by default a fresh temporary one.
export async function startServer({ key = FACILITATOR_KEY, port: fixedPort, dataDir } = {}) {
  const data = dataDir ?? mkdtempSync(join(tmpdir(), 'earshot-browser-'));
  const attempts = fixedPort ? 1 : 3;
  const bin = process.env.EARSHOT_BIN;
  if (!bin) throw new Error('EARSHOT_BIN must name the earshot binary to test');
  let lastError = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = fixedPort ?? (await freePort());
    const base = `http://127.0.0.1:${port}`;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--facilitator-key', key,
                  '--public-url', base, '--threads', '2', '--quiet', '--data', data];
    if (process.env.EARSHOT_WWW) args.push('--www', process.env.EARSHOT_WWW);
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-20000);
    });
    // Never leave a server behind, even if the test process dies half-way.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);

    const line = await firstLine(child);
    if (line === `earshot: listening on port ${port}`) {
      return {
        base,
        port,
        key,
        dataDir: data,
        stderr: () => stderr,
        stop: async () => {
          const result = await stopProcess(child);
          process.removeListener('exit', killOnExit);
          return result;
        },
      };
    }
    // Most likely someone else took the port in between: try another one.
    await stopProcess(child);
    process.removeListener('exit', killOnExit);
    lastError = `first line ${JSON.stringify(line)}; stderr:\n${stderr}`;
  }
  throw new Error(`earshot did not start: ${lastError}`);
}
