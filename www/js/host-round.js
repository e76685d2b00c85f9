// The facilitator page's round panel: the round in play with the buttons that steer it (only
// those that make sense in its phase; "End round" asks twice), the live view with a skip button
// per circle, the notes for the debrief, and the last round's results. The set-up form shows
// while no round runs. After a reveal and at the end, Back and Next move the stage through the
// results' steps (the same steps as the stage's: steps.js), also from a phone used as a remote.

import { has, t } from './catalog.js';
import { button, byId, el, setChildren } from './dom.js';
import { showError } from './errors.js';
import { confirmButton } from './confirm.js';
import { acceptRound, activityWords, allows, gameName, phaseName } from './game.js';
import { liveRound } from './live.js';
import { resultsView } from './results.js';
import { StepPlace, stepName, stepsOf } from './steps.js';

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
    activity: byId('round-activity'),
    steps: byId('stage-steps'),
    stepsWhere: byId('stage-steps-where'),
    stepBack: byId('step-back'),
    stepNext: byId('step-next'),
    stepError: byId('step-error'),
    stepsList: byId('stage-steps-list'),
  };
  const buttons = Object.fromEntries(
    ['start', 'pause', 'resume', 'skip', 'reveal', 'next', 'end'].map((a) => [a, byId(`steer-${a}`)]),
  );
  // Ending is final: the button asks to be tapped a second time.
  const ending = confirmButton(buttons.end, () => t('host.steer.end_armed'));
  let round = null;  // the room's round: {id, number, now, view}
  const place = new StepPlace();  // the step the stage shows
  let plan = null;   // the steps the round shows now ({key, steps}), or null

  // Where the stage is in the steps: "Step 3 of 9: Retellings", the buttons, the list.
  function renderSteps() {
    ui.steps.hidden = !plan;
    if (!plan) return;
    const at = place.at(plan);
    ui.stepsWhere.textContent = t('host.steps.where', { n: at + 1, count: plan.steps.length, name: stepName(plan.steps[at]) });
    ui.stepBack.disabled = at === 0;
    ui.stepNext.disabled = at === plan.steps.length - 1;
    for (const item of ui.stepsList.children) item.classList.toggle('here', Number(item.dataset.first) <= at && at <= Number(item.dataset.last));
  }

  function listSteps() {
    const items = [];
    plan?.steps.forEach((step, i) => {
      const last = items.at(-1);
      if (last && last.chapter === step.chapter) last.last = i;
      else items.push({ chapter: step.chapter, first: i, last: i });
    });
    setChildren(ui.stepsList, ...items.map((c) => el(
      'li',
      { dataset: { first: String(c.first), last: String(c.last) } },
      button({ className: 'button small quiet', text: `${c.first + 1} · ${c.chapter}`, onClick: () => goTo(c.first) }),
    )));
  }

  async function goTo(index) {
    if (!plan) return;
    const step = Math.max(0, Math.min(plan.steps.length - 1, index));
    place.tell({ steps: plan.key, step });
    renderSteps();
    showError(ui.stepError, null);
    try {
      await conn.request({ type: 'step', step, steps: plan.key });
    } catch (error) {
      if (error.code !== 'steps_changed') showError(ui.stepError, error);
    }
  }

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
    const next = round ? stepsOf(round, { roster }) : null;
    const changed = next?.key !== plan?.key || next?.steps.length !== plan?.steps.length;
    plan = next;
    if (changed) listSteps();
    renderSteps();
    const running = view && view.phase !== 'ended';
    // A round started from the room's plan says which activity it is.
    const activity = activityWords(round?.activity);
    ui.activity.textContent = activity;
    ui.activity.hidden = !activity;
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
  ui.stepBack.addEventListener('click', () => goTo(place.at(plan) - 1));
  ui.stepNext.addEventListener('click', () => goTo(place.at(plan) + 1));
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
      plan = null;
    },
    // Which step the stage shows (a `step` message, or the welcome's `step`).
    tellStep(message) {
      place.tell(message);
      renderSteps();
    },
  };
}
