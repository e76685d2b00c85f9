// The reference server for Earshot's load benchmarks (bench/run.sh).
//
// It speaks the subset of Earshot's protocol (docs/protocol.md) that the load tool uses, written
// the way a typical Node.js party-game server would be: the `ws` package without compression, a
// Map of rooms, JSON.stringify for every broadcast, everything in memory (no disk), no limits on
// slow readers. It is a yardstick, not a second implementation: no timers, no circles beyond one,
// no persistence.
//
//   node server.mjs [--port N] [--bind ADDRESS] [--facilitator-key KEY]
//
// Prints "listening on port N" once it accepts connections.

import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}
const port = Number(option('--port', '8090'));
const host = option('--bind', '127.0.0.1');
const facilitatorKey = option('--facilitator-key', process.env.EARSHOT_FACILITATOR_KEY || 'bench');

const VERSION = '0.1.0-reference';
const REACTIONS = new Set(['applause', 'laugh', 'wow', 'heart']);
const rooms = new Map(); // code -> room

function newCode() {
  const letters = 'BCDFGHJKLMNPQRSTVWXZ';
  for (;;) {
    let code = '';
    for (let i = 0; i < 4; i++) code += letters[Math.floor(Math.random() * letters.length)];
    if (!rooms.has(code)) return code;
  }
}

function createRoom() {
  const room = {
    code: newCode(),
    createdAt: Date.now(),
    participants: new Map(), // id -> {id, name, token, online}
    tokens: new Map(), // token -> id
    clients: new Set(), // sockets in the room
    nextId: 1,
    rounds: 0,
    round: null,
  };
  rooms.set(room.code, room);
  return room;
}

function send(ws, message, re) {
  if (re !== undefined) message.re = re;
  ws.send(JSON.stringify(message));
}

function sendError(ws, code, message, re, field) {
  const e = { type: 'error', code, message };
  if (field) e.field = field;
  send(ws, e, re);
}

function broadcast(room, message, except) {
  const text = JSON.stringify(message);
  for (const client of room.clients) {
    if (client !== except && client.readyState === 1) client.send(text);
  }
}

function participantJson(p) {
  return { id: p.id, name: p.name, online: p.online > 0 };
}

function snapshot(room) {
  const people = [...room.participants.values()];
  return {
    code: room.code,
    joinUrl: `http://${host}:${port}/?r=${room.code}`,
    participants: people.map(participantJson),
    circles: [{ id: 'c1', members: people.map((p) => p.id) }],
  };
}

function roomsJson() {
  return [...rooms.values()].map((r) => ({
    code: r.code,
    participants: r.participants.size,
    online: [...r.participants.values()].filter((p) => p.online > 0).length,
    createdAt: r.createdAt,
  }));
}

// The round view everyone shares; `you` is added per participant.
function roundView(room) {
  const round = room.round;
  const view = { game: round.game, phase: round.phase, paused: false };
  if (round.game === 'chain') {
    view.seedWord = round.seedWord;
    view.phraseWords = 1;
    view.listening = false;
    const circle = { id: 'c1', order: round.order, length: round.transcript.length };
    if (round.phase === 'turns') circle.turn = round.order[round.holder];
    else circle.done = round.done;
    circle.transcript = round.transcript;
    view.circles = [circle];
  } else if (round.game === 'burst') {
    view.set = { index: 0, count: round.stimuli.length, kind: 'stimulus', prompt: round.stimuli[0] };
  }
  view.reactions = round.reactions;
  return view;
}

// Sends the round to everyone in the room: the view is serialized once, and each participant's
// `you` is spliced into it.
function publishRound(room) {
  const round = room.round;
  const viewText = JSON.stringify(roundView(room));
  const head = `{"type":"round","round":{"id":"r${round.number}","number":${round.number},"now":${Date.now()},"view":{`;
  const tail = viewText.slice(1) + '}}';
  for (const client of room.clients) {
    if (client.readyState !== 1) continue;
    const you = client.participant ? `"you":{"id":"${client.participant}","circle":"c1","left":false},` : '';
    client.send(head + you + tail);
  }
}

function roundJson(room, participant) {
  if (!room.round) return null;
  const view = roundView(room);
  if (participant) view.you = { id: participant, circle: 'c1', left: false };
  return { id: `r${room.round.number}`, number: room.round.number, now: Date.now(), view };
}

function welcome(ws, room, re, extra) {
  const message = {
    type: 'welcome',
    role: ws.role,
    view: ws.role === 'participant' ? 'phone' : ws.role,
    ...extra,
    room: room ? snapshot(room) : null,
    round: room ? roundJson(room, ws.participant) : null,
    server: { version: VERSION },
  };
  if (ws.role === 'facilitator') message.rooms = roomsJson();
  send(ws, message, re);
}

function leave(ws) {
  const room = ws.room;
  if (!room) return;
  room.clients.delete(ws);
  ws.room = null;
  if (ws.participant) {
    const p = room.participants.get(ws.participant);
    if (p && --p.online === 0) broadcast(room, { type: 'presence', id: p.id, online: false });
  }
}

function hello(ws, msg, re) {
  if (ws.role) return sendError(ws, 'already_joined', 'This connection has already said hello.', re);
  if (typeof msg.key === 'string') {
    if (msg.key !== facilitatorKey) return sendError(ws, 'bad_key', 'That facilitator key is not right.', re, 'key');
    ws.role = 'facilitator';
    if (!msg.room) return welcome(ws, null, re);
    const room = rooms.get(String(msg.room).toUpperCase());
    if (!room) return sendError(ws, 'room_not_found', 'No such room.', re, 'room');
    ws.room = room;
    room.clients.add(ws);
    return welcome(ws, room, re);
  }
  const room = rooms.get(String(msg.room || '').toUpperCase());
  if (!room) return sendError(ws, 'room_not_found', 'No such room.', re, 'room');
  if (msg.view === 'observer' && msg.name === undefined && msg.token === undefined) {
    ws.role = 'observer';
    ws.room = room;
    room.clients.add(ws);
    return welcome(ws, room, re);
  }
  if (typeof msg.token === 'string') {
    const id = room.tokens.get(msg.token);
    if (!id) return sendError(ws, 'bad_token', 'That participant token is not known in this room.', re, 'token');
    const p = room.participants.get(id);
    ws.role = 'participant';
    ws.participant = id;
    ws.room = room;
    room.clients.add(ws);
    const cameOnline = p.online++ === 0;
    welcome(ws, room, re, { token: p.token, you: { id, name: p.name } });
    if (cameOnline) broadcast(room, { type: 'presence', id, online: true }, ws);
    return;
  }
  const name = typeof msg.name === 'string' ? msg.name.trim() : '';
  if (!name || name.length > 24) return sendError(ws, 'name_invalid', 'Pick a name of 1 to 24 characters.', re, 'name');
  for (const p of room.participants.values()) {
    if (p.name.toLowerCase() === name.toLowerCase()) return sendError(ws, 'name_taken', 'That name is taken.', re, 'name');
  }
  const p = { id: `p${room.nextId++}`, name, token: randomBytes(24).toString('base64url'), online: 1 };
  room.participants.set(p.id, p);
  room.tokens.set(p.token, p.id);
  if (room.round && room.round.game === 'chain' && room.round.phase === 'turns') room.round.order.push(p.id);
  ws.role = 'participant';
  ws.participant = p.id;
  ws.room = room;
  room.clients.add(ws);
  welcome(ws, room, re, { token: p.token, you: { id: p.id, name } });
  broadcast(room, { type: 'joined', participant: participantJson(p), circle: 'c1' });
}

function newRound(ws, msg, re) {
  const room = ws.room;
  if (!room) return sendError(ws, 'room_not_found', 'Open a room first.', re, 'room');
  if (room.round && room.round.phase !== 'ended') return sendError(ws, 'round_running', 'A round is on.', re);
  if (room.participants.size === 0) return sendError(ws, 'no_players', 'Nobody has joined this room yet.', re);
  const config = msg.config;
  if (!config || typeof config !== 'object') return sendError(ws, 'missing_field', 'config is required.', re, 'config');
  const round = { number: ++room.rounds, game: config.game, reactions: {} };
  if (config.game === 'chain') {
    round.seedWord = typeof config.seedWord === 'string' ? config.seedWord : 'snow';
    round.maxTurns = Number.isInteger(config.maxTurns) ? config.maxTurns : 0;
    round.noRepeat = Boolean(config.noRepeat);
    round.order = [...room.participants.keys()];
    round.holder = 0;
    round.transcript = [];
    round.said = new Set([round.seedWord.toLowerCase()]);
  } else if (config.game === 'burst') {
    if (!Array.isArray(config.stimuli) || config.stimuli.length === 0) {
      return sendError(ws, 'missing_field', 'stimuli is required.', re, 'config.stimuli');
    }
    round.stimuli = config.stimuli;
  } else {
    return sendError(ws, 'unknown_game', 'This server plays chain and burst.', re, 'config.game');
  }
  round.phase = msg.start ? (config.game === 'chain' ? 'turns' : 'answering') : 'lobby';
  room.round = round;
  send(ws, { type: 'ok' }, re);
  publishRound(room);
}

function play(ws, msg, re) {
  const room = ws.room;
  if (ws.role !== 'participant') return sendError(ws, 'forbidden', 'Only participants play.', re);
  const round = room.round;
  if (!round) return sendError(ws, 'no_round', 'There is no round in this room yet.', re);
  if (msg.action === 'react') {
    if (!REACTIONS.has(msg.reaction)) return sendError(ws, 'bad_command', 'Unknown reaction.', re);
    round.reactions[msg.reaction] = (round.reactions[msg.reaction] || 0) + 1;
    send(ws, { type: 'ok' }, re);
    broadcast(room, { type: 'reaction', reaction: msg.reaction, circle: 'c1' });
    return;
  }
  if (msg.action !== 'word') return sendError(ws, 'unknown_command', 'This server knows word and react.', re);
  if (round.game !== 'chain' || round.phase !== 'turns') return sendError(ws, 'wrong_phase', 'No turns now.', re);
  if (round.order[round.holder] !== ws.participant) return sendError(ws, 'not_your_turn', 'It is not your turn.', re);
  const text = typeof msg.text === 'string' ? msg.text.trim() : '';
  if (!text) return sendError(ws, 'empty_answer', 'Say a word.', re);
  if (text.length > 60) return sendError(ws, 'answer_too_long', 'That is too long.', re);
  if (/\s/.test(text)) return sendError(ws, 'not_one_word', 'One word only.', re);
  const key = text.toLowerCase();
  if (round.noRepeat && round.said.has(key)) return sendError(ws, 'repeated_word', 'That was said already.', re);
  round.said.add(key);
  round.transcript.push({ participant: ws.participant, text });
  round.holder = (round.holder + 1) % round.order.length;
  if (round.maxTurns > 0 && round.transcript.length >= round.maxTurns) {
    round.phase = 'ended';
    round.done = 'turn_limit';
  }
  send(ws, { type: 'ok' }, re);
  publishRound(room);
}

function handle(ws, data, isBinary) {
  if (isBinary) return sendError(ws, 'binary_frame', 'Send text frames with JSON.');
  let msg;
  try {
    msg = JSON.parse(data.toString());
  } catch {
    return sendError(ws, 'bad_json', 'That is not JSON.');
  }
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') {
    return sendError(ws, 'bad_message', 'A message is a JSON object with a string type.');
  }
  const re = msg.id;
  switch (msg.type) {
    case 'ping':
      return send(ws, { type: 'pong' }, re);
    case 'hello':
      return hello(ws, msg, re);
  }
  if (!ws.role) return sendError(ws, 'not_joined', 'Say hello first.', re);
  switch (msg.type) {
    case 'create_room': {
      if (ws.role !== 'facilitator') return sendError(ws, 'forbidden', 'Only the facilitator can do that.', re);
      leave(ws);
      const room = createRoom();
      ws.room = room;
      room.clients.add(ws);
      return welcome(ws, room, re);
    }
    case 'open_room': {
      if (ws.role !== 'facilitator') return sendError(ws, 'forbidden', 'Only the facilitator can do that.', re);
      const room = rooms.get(String(msg.room || '').toUpperCase());
      if (!room) return sendError(ws, 'room_not_found', 'No such room.', re, 'room');
      leave(ws);
      ws.room = room;
      room.clients.add(ws);
      return welcome(ws, room, re);
    }
    case 'list_rooms':
      return send(ws, { type: 'rooms', rooms: roomsJson() }, re);
    case 'new_round':
      if (ws.role !== 'facilitator') return sendError(ws, 'forbidden', 'Only the facilitator can do that.', re);
      return newRound(ws, msg, re);
    case 'steer':
      if (ws.role !== 'facilitator') return sendError(ws, 'forbidden', 'Only the facilitator can do that.', re);
      if (!ws.room || !ws.room.round) return sendError(ws, 'no_round', 'There is no round.', re);
      if (msg.action === 'end') {
        ws.room.round.phase = 'ended';
        ws.room.round.done = 'facilitator';
        send(ws, { type: 'ok' }, re);
        return publishRound(ws.room);
      }
      return sendError(ws, 'unknown_command', 'This server knows end.', re);
    case 'play':
      return play(ws, msg, re);
  }
  sendError(ws, 'unknown_type', `Unknown message type "${msg.type}".`, re, 'type');
}

const wss = new WebSocketServer({ host, port, path: '/ws', perMessageDeflate: false, maxPayload: 16 * 1024 });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => handle(ws, data, isBinary));
  ws.on('close', () => leave(ws));
  ws.on('error', () => {});
});
wss.on('listening', () => {
  console.log(`listening on port ${wss.address().port}`);
});

function stop() {
  for (const ws of wss.clients) ws.terminate();
  wss.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
