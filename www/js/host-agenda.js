// The agenda of a room that follows a workshop plan (docs/protocol.md, "Running a plan in a
// room"), on the facilitator page: which plan to follow, then each activity marked done, now or
// next, with the notes and the debrief's questions of the one running (or run last) and of the
// next one, and one big button that sets up and starts the next activity exactly as planned.
// "Run this one" starts another activity instead (to go back, or repeat one), "Make this next"
// skips ahead or goes back without starting anything. Rounds set up by hand in between stay
// possible: they do not move the plan. Notes and questions are the facilitator's only: the stage
// and the phones are never told them.

import { t, tn } from './catalog.js';
import { confirmButton } from './confirm.js';
import { button, byId, el, setChildren } from './dom.js';
import { showError } from './errors.js';
import { gameName } from './game.js';
import { circlesWords, planName, planSize } from './host-plans.js';

// conn: the page's Connection. Returns {setPlan(plan), setPlans(list), setRound(round), clear()}.
export function agendaPanel({ conn }) {
  const ui = {
    title: byId('agenda-title'),
    follow: byId('agenda-follow'),
    select: byId('agenda-plan'),
    followButton: byId('agenda-follow-button'),
    stop: byId('agenda-stop'),
    body: byId('agenda'),
    meta: byId('agenda-meta'),
    start: byId('agenda-start'),
    wait: byId('agenda-wait'),
    done: byId('agenda-done'),
    list: byId('agenda-list'),
    error: byId('agenda-error'),
  };
  let plan = null;     // where the room is in its plan ({id, name, minutes, activities, next, ran, current}), or null
  let plans = [];      // the plans to follow
  let running = false; // a round is set up or running (not ended): an activity cannot start now

  const stopping = confirmButton(ui.stop, () => t('agenda.stop_armed'));

  // Sends a plan message; a reply that carries where the room is now is taken at once (the
  // server also tells every facilitator with a `plan` message).
  async function send(message, busy = []) {
    showError(ui.error, null);
    for (const b of busy) b.disabled = true;
    try {
      const reply = await conn.request(message);
      if (reply?.type === 'plan' && 'plan' in reply) set(reply.plan);
      return true;
    } catch (error) {
      showError(ui.error, error);
      return false;
    } finally {
      for (const b of busy) b.disabled = false;
      render();
    }
  }

  function activities() {
    return Array.isArray(plan?.activities) ? plan.activities : [];
  }

  function nextIndex() {
    const n = plan?.next;
    return Number.isInteger(n) && n >= 0 && n < activities().length ? n : null;
  }

  function mark(i) {
    const ran = Array.isArray(plan.ran) ? plan.ran : [];
    if (i === plan.current && running) return 'now';
    if (i === nextIndex()) return 'next';
    if (ran.includes(i)) return 'done';
    return '';
  }

  // The notes and the questions of an activity: for the facilitator's eyes only.
  function details(activity) {
    const notes = typeof activity.notes === 'string' ? activity.notes.trim() : '';
    const questions = Array.isArray(activity.questions) ? activity.questions.filter((q) => typeof q === 'string' && q.trim()) : [];
    if (!notes && !questions.length) return null;
    return el('div', { className: 'agenda-details' },
      notes ? el('h4', { className: 'agenda-details-title', text: t('agenda.notes') }) : null,
      notes ? el('p', { className: 'agenda-notes', text: notes }) : null,
      questions.length ? el('h4', { className: 'agenda-details-title', text: t('agenda.questions') }) : null,
      questions.length ? el('ol', { className: 'agenda-questions' }, ...questions.map((q) => el('li', { text: q }))) : null);
  }

  function item(activity, i) {
    const state = mark(i);
    const title = String(activity.title ?? '') || t('plans.activity.untitled', { n: i + 1 });
    const focus = i === plan.current || i === nextIndex();
    const run = button({
      className: 'button small', text: t('agenda.run'), label: t('agenda.run_label', { name: title }),
      disabled: running, onClick: () => send({ type: 'activity', index: i }, [run]),
    });
    const makeNext = i === nextIndex() ? null : button({
      className: 'button small quiet', text: t('agenda.make_next'), label: t('agenda.make_next_label', { name: title }),
      onClick: () => send({ type: 'plan_next', index: i }, [makeNext]),
    });
    return el('li', { className: `agenda-item${focus ? ' focus' : ''}`, dataset: { index: String(i), state } },
      el('div', { className: 'agenda-item-head' },
        el('span', { className: 'agenda-number', attrs: { 'aria-hidden': 'true' }, text: String(i + 1) }),
        el('div', { className: 'agenda-item-text' },
          el('h3', { className: 'agenda-item-title' },
            state ? el('span', { className: 'agenda-mark', dataset: { state }, text: t(`agenda.mark.${state}`) }) : null,
            state ? ' ' : null,
            el('span', { text: title })),
          el('p', { className: 'meta agenda-item-meta', text: t('agenda.item_meta', { game: gameName(activity.game), circles: circlesWords(activity.circles) }) })),
        el('div', { className: 'agenda-item-actions' }, run, makeNext)),
      focus ? details(activity) : null);
  }

  function render() {
    const following = Boolean(plan);
    ui.follow.hidden = following;
    ui.stop.hidden = !following;
    ui.body.hidden = !following;
    ui.title.textContent = following ? t('agenda.title_plan', { name: planName(plan) }) : t('agenda.title');
    if (!following) {
      ui.list.replaceChildren();
      return;
    }
    const list = activities();
    const ran = Array.isArray(plan.ran) ? plan.ran.length : 0;
    ui.meta.textContent = t('agenda.meta', { size: planSize({ ...plan, size: list.length }), ran: tn('agenda.ran', ran) });
    const next = nextIndex();
    ui.start.hidden = next === null;
    ui.done.hidden = next !== null;
    if (next !== null) {
      setChildren(ui.start, el('span', { attrs: { 'aria-hidden': 'true' }, text: '▶ ' }),
        t('agenda.start', { title: String(list[next].title ?? '') || t('plans.activity.untitled', { n: next + 1 }) }));
      ui.start.disabled = running;
    }
    ui.wait.hidden = !running || next === null;
    setChildren(ui.list, ...list.map((a, i) => item(a && typeof a === 'object' ? a : {}, i)));
  }

  function renderChoices() {
    const chosen = ui.select.value;
    setChildren(ui.select, ...plans.map((p) => el('option', {
      value: p.id,
      text: t('agenda.plan_option', { name: planName(p), size: planSize(p) }),
    })));
    if (plans.some((p) => p.id === chosen)) ui.select.value = chosen;
    ui.followButton.disabled = plans.length === 0;
  }

  function set(next) {
    plan = next && typeof next === 'object' ? next : null;
    stopping.reset();
  }

  ui.follow.addEventListener('submit', (event) => {
    event.preventDefault();
    if (ui.select.value) send({ type: 'plan', plan: ui.select.value }, [ui.followButton]);
  });
  ui.stop.addEventListener('click', () => {
    if (stopping.press()) send({ type: 'plan', plan: null }, [ui.stop]);
  });
  ui.start.addEventListener('click', () => send({ type: 'activity' }, [ui.start]));

  return {
    // Where the room is in its plan (a welcome's `plan`, a `plan` message's), or null.
    setPlan(next) {
      set(next);
      showError(ui.error, null);
      render();
    },
    // The plans there are (host-plans.js fetchPlans), for the choice of one to follow.
    setPlans(list) {
      plans = Array.isArray(list) ? list : [];
      renderChoices();
    },
    // The room's round (null: none): while one runs, no activity starts.
    setRound(round) {
      const now = Boolean(round?.view && round.view.phase !== 'ended');
      if (now === running) return;
      running = now;
      render();
    },
    clear() {
      set(null);
      running = false;
      showError(ui.error, null);
      render();
    },
  };
}
