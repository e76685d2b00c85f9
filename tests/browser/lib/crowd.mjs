// A crowd of participants without phone pages: one page of the server's origin holds a WebSocket
// for each (as many phones would), and each plays its part as the rounds come: a word on its turn
// (the next of its circle's list), its answer to each answer set, a guess of its partner's
// answer, a pick or a vote of another answer of its circle. For tests about the stage and the
// facilitator page, where what the phones look like is not the point (the play-* tests drive
// real phone pages).

import { openPage } from './browser.mjs';

// script: {words: {c1: [...], c2: [...]}, answers: {KIND: [[by person] for each set]}, guesses: [by person]}
export async function crowd(context, errors, server, room, names, script) {
  const page = await openPage(context, errors);
  await page.goto(`${server.base}/healthz`);
  await page.evaluate(async ({ room, names, script }) => {
    const url = `${location.origin.replace(/^http/, 'ws')}/ws`;
    const bots = [];
    const send = (bot, message, once) => {
      if (bot.done.has(once)) return;
      bot.done.add(once);
      bot.ws.send(JSON.stringify({ ...message, round: bot.round.id, id: bot.next++ }));
    };
    const act = (bot) => {
      const r = bot.round;
      const v = r?.view;
      if (!v || v.paused || !bot.id) return;
      const circle = v.you?.circle;
      if (v.phase === 'turns') {
        const c = (v.circles ?? [])[0];
        if (!c || c.turn !== bot.id) return;
        const words = script.words[c.id] ?? script.words.c1;
        send(bot, { type: 'play', action: 'word', text: words[c.length % words.length] }, `w:${r.id}:${c.id}:${c.length}`);
      } else if (v.phase === 'answering' && v.set) {
        const s = v.set;
        if (!s.mine) {
          const lists = script.answers[s.kind] ?? [];
          const list = lists[s.index] ?? lists[0] ?? [];
          send(bot, { type: 'play', action: 'answer', text: list[bot.i % list.length] ?? `answer ${bot.i}` }, `a:${r.id}:${s.index}`);
        } else if (s.partner && s.myGuess === undefined && script.guesses) {
          send(bot, { type: 'play', action: 'predict', text: script.guesses[bot.i % script.guesses.length] }, `p:${r.id}:${s.index}`);
        }
      } else if (v.phase === 'picking' && v.set && v.set.myPick === undefined) {
        const mine = v.set.mine?.n;
        const options = (v.set.answers ?? []).filter((a) => a.n !== mine && a.circle === circle);
        if (options.length) send(bot, { type: 'play', action: 'pick', answer: options[bot.i % options.length].n }, `k:${r.id}:${v.set.index}`);
      }
    };
    for (const [i, name] of names.entries()) {
      const bot = { i, name, id: null, round: null, next: 1, done: new Set() };
      bot.ws = new WebSocket(url);
      bot.ws.onmessage = (event) => {
        const m = JSON.parse(event.data);
        if (m.type === 'welcome') {
          bot.id = m.you.id;
          bot.round = m.round;
        } else if (m.type === 'round') {
          bot.round = m.round;
        } else {
          return;
        }
        act(bot);
      };
      await new Promise((resolve) => {
        bot.ws.onopen = resolve;
      });
      bot.ws.send(JSON.stringify({ type: 'hello', room, name }));
      // One after the other: the circles deal them out in this order.
      while (!bot.id) await new Promise((resolve) => setTimeout(resolve, 10));
      bots.push(bot);
    }
    window.crowd = bots;
  }, { room, names, script });
  return page;
}
