// The facilitator page's round panel: the round in play with the buttons that steer it (only
// those that make sense in its phase; "End round" asks twice), the live view with a skip button
// per circle, the notes for the debrief, and the last round's results. The set-up form shows
// while no round runs.

import { has, t } from './catalog.js';
import { byId, el, setChildren } from './dom.js';
import { showError } from './errors.js';
import { TwoStep } from './confirm.js';
import { acceptRound, allows, gameName, phaseName } from './game.js';
import { liveRound } from './live.js';
import { resultsView } from './results.js';

// Where what the facilitator does next is not obvious, the phase's name says it (a
// host.phase_hint.PHASE phrase): "Get ready: start when everyone is looking".
function phaseLabel(view) {
  const phase = phaseName(view);
  if (view.paused || !has(`host.phase_hint.${view.phase}`)) return phase;
  return t('host.phase_with_hint', { phase, hint: t(`host.phase_hint.${view.phase}`) });
}

function hasMoreSets(view) {
  return view.set && view.set.index + 1 < view.set.count;
}

// conn: the page's Connection; roster: the room's Roster; setup: the set-up form (host-setup.js).
// Returns {set(round), render(), clear()}.
export function roundPanel({ conn, roster, setup }) {
  const ui = {
    steer: byId('steer'),
    status: byId('round-status'),
    error: byId('steer-error'),
    live: byId('host-live'),
    noteForm: byId('note-form'),
    note: byId('note'),
    notes: byId('notes'),
    resultsBox: byId('host-results-box'),
    results: byId('host-results'),
  };
  const buttons = Object.fromEntries(
    ['start', 'pause', 'resume', 'skip', 'reveal', 'next', 'end'].map((a) => [a, byId(`steer-${a}`)]),
  );
  // Ending is final: the button asks to be tapped a second time.
  const ending = new TwoStep(4000, {
    onArm: () => {
      buttons.end.dataset.armed = 'true';
      buttons.end.textContent = t('host.steer.end_armed');
    },
    onDisarm: () => {
      buttons.end.textContent = t('host.steer.end');
      delete buttons.end.dataset.armed;
    },
  });
  let round = null;  // the room's round: {id, number, now, view}

  async function steer(action, extra = {}) {
    showError(ui.error, null);
    try {
      await conn.request({ type: 'steer', action, ...extra });
      return true;
    } catch (error) {
      showError(ui.error, error);
      return false;
    }
  }

  function render() {
    const view = round?.view;
    const running = view && view.phase !== 'ended';
    setup.form.hidden = Boolean(running);
    ui.steer.hidden = !running;
    const results = view?.phase === 'ended' && view.results;
    ui.resultsBox.hidden = !results;
    if (results) setChildren(ui.results, resultsView(view.results, { roster, audience: 'host' }));
    else ui.results.replaceChildren();
    if (!running) {
      setChildren(ui.notes);
      return;
    }
    ui.status.textContent = t('host.round.status', { n: round.number ?? '', game: gameName(view.game), phase: phaseLabel(view) });
    ui.status.dataset.phase = view.phase;

    // The buttons are those the server says the round takes now (the view's `allowed`). Skipping
    // a turn is per circle (in the live view); this button closes answers or picking.
    const b = buttons;
    for (const [action, node] of Object.entries(b)) node.hidden = !allows(view, action);
    if (view.phase === 'turns') b.skip.hidden = true;
    b.skip.textContent = view.phase === 'picking' ? t('host.steer.close_picking') : t('host.steer.close_answers');
    if (view.phase === 'turns') b.next.textContent = view.game === 'waat' ? t('host.steer.finish_stories') : t('host.steer.finish_chains');
    else if (view.set?.pick && view.phase === 'revealed') b.next.textContent = view.set.pick === 'vote' ? t('host.steer.open_vote') : t('host.steer.open_picking');
    else b.next.textContent = hasMoreSets(view) ? t('host.steer.next_word') : t('host.steer.show_results');
    ending.reset();

    const ctx = { roster, audience: 'host', roundId: round.id, onSkip: (circle) => steer('skip', { circle }) };
    setChildren(ui.live, liveRound(view, ctx));
    setChildren(ui.notes, ...(view.notes ?? []).map((n) => el('li', { text: n })));
  }

  for (const [action, button] of Object.entries(buttons)) {
    button.addEventListener('click', () => {
      if (action === 'end' && !ending.press()) return;
      steer(action);
    });
  }
  ui.noteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = ui.note.value.trim();
    if (!text) return;
    if (await steer('note', { text })) ui.note.value = '';
  });

  return {
    // A welcome's or a round message's round (null: none).
    set(next) {
      round = acceptRound(next);
      render();
    },
    // Again, after a change of the roster (a rename shows in the live view).
    render() {
      if (round) render();
    },
    clear() {
      round = null;
    },
  };
}
