// The round on a participant's phone: whose turn it is (an unmistakable "Your turn" with colour,
// vibration, a countdown and a screen-reader announcement), the forms with the server's limits,
// answers, predictions, picks, the reveal and the end, and reactions. The forms are part of the
// page and only shown and hidden, so a word being typed survives every update from the server.

import { catalogLanguage, t, tn } from './catalog.js';
import { button, byId, el, phraseNodes, setChildren, showText } from './dom.js';
import { PageError, showError } from './errors.js';
import { acceptRound, doneReason, gameName, setCountdown, setLabel } from './game.js';
import { setReactionButtons } from './reactions.js';
import { icon } from './icons.js';
import { clusterList, transcriptList } from './live.js';
import { WakeLock } from './wake-lock.js';

const LIMITS = { chain: 60, waat: 40 };  // characters of one chain answer / one story word

const ui = {
  game: byId('play-game'),
  countdown: byId('play-countdown'),
  title: byId('play-title'),
  prompt: byId('play-prompt'),
  sub: byId('play-sub'),
  paused: byId('play-paused'),
  wordForm: byId('word-form'),
  wordLabel: byId('word-label'),
  word: byId('word'),
  wordHint: byId('word-hint'),
  wordError: byId('word-error'),
  wordSend: byId('word-send'),
  marks: byId('marks'),
  pass: byId('pass'),
  answerForm: byId('answer-form'),
  answerLabel: byId('answer-label'),
  answer: byId('answer'),
  answerHint: byId('answer-hint'),
  answerError: byId('answer-error'),
  answerSend: byId('answer-send'),
  predictForm: byId('predict-form'),
  predictLabel: byId('predict-label'),
  predict: byId('predict'),
  predictError: byId('predict-error'),
  predictSend: byId('predict-send'),
  pickPanel: byId('pick-panel'),
  pickList: byId('pick-list'),
  pickError: byId('pick-error'),
  words: byId('play-words'),
  reactionBar: byId('reaction-bar'),
  reactionError: byId('reaction-error'),
  announce: byId('announce'),
};

// Text typed by someone, in quotes that are part of the text (so they survive copying).
function quoted(text) {
  return el('strong', { className: 'quoted', text: t('common.quoted', { text }) });
}

// "You’re 2nd in line.": the catalog has a phrase for each of the language's ordinal forms
// (English: one 1st, two 2nd, few 3rd, other 4th; a language's other forms fall back on other).
const ORDINAL_FORMS = ['one', 'two', 'few', 'other'];
const ordinals = new Intl.PluralRules(catalogLanguage(), { type: 'ordinal' });

function placeInLine(n) {
  const form = ordinals.select(n);
  return t(`phone.turn.place.${ORDINAL_FORMS.includes(form) ? form : 'other'}`, { n });
}

// An error under a form (or the pick list), with its code for tests and its input marked.
function showPlayError(node, error) {
  showError(node, error);
  const input = node.id === 'word-error' ? ui.word : node.id === 'answer-error' ? ui.answer : node.id === 'predict-error' ? ui.predict : null;
  input?.setAttribute('aria-invalid', error ? 'true' : 'false');
  if (error) node.dataset.code = error.code ?? 'network';
}

export class Round {
  #conn;
  #roster;
  #me;
  #showLobby;
  #showPlay;
  #round = null;       // {id, number, now, view} or null
  #turnKey = '';       // set while it is this phone's turn, to notice when a turn starts
  #focusKey = '';      // which form was last focused, so updates do not steal the focus
  #wake = new WakeLock();
  #stopped = false;

  constructor({ conn, roster, me, showLobby, showPlay }) {
    this.#conn = conn;
    this.#roster = roster;
    this.#me = me;
    this.#showLobby = showLobby;
    this.#showPlay = showPlay;
    this.#setUpForms();
  }

  set(round) {
    this.#round = acceptRound(round);
    this.#render();
  }

  stop() {
    this.#stopped = true;
    this.#wake.want(false);
    document.body.classList.remove('your-turn');
  }

  rosterChanged() {
    if (this.#round?.view?.you) this.#render();
  }

  // A line for the lobby while a round is on that this phone is not part of.
  lobbyNote() {
    const v = this.#round?.view;
    if (!v || v.you || v.phase === 'ended') return '';
    return t('phone.lobby.round_on');
  }

  // --- Rendering -------------------------------------------------------------------------------

  #render() {
    if (this.#stopped) return;
    const v = this.#round?.view;
    const me = v?.you;
    if (!v || !me || me.left) {
      this.#wake.want(false);
      this.#setYourTurn(false);
      this.#showLobby();
      return;
    }
    this.#wake.want(v.phase !== 'ended');
    document.body.dataset.phase = v.phase;
    ui.game.textContent = gameName(v.game);
    ui.paused.hidden = !v.paused;
    ui.prompt.hidden = true;

    // Everything off; each state turns on what it needs.
    let yourTurn = false;
    const show = { word: false, answer: false, predict: false, pick: false };
    let countdown = {};
    let words = null;

    const circle = Array.isArray(v.circles) ? v.circles[0] : null;
    const set = v.set;

    if (v.phase === 'lobby') {
      this.#text(t('phone.ready.title'), t('phone.ready.sub', { game: gameName(v.game) }));
    } else if (v.phase === 'turns' && circle) {
      words = this.#words(v, circle);
      if (circle.done) {
        this.#text(t('phone.circle_done.title'), t('phone.circle_done.sub', { reason: doneReason(circle.done) }));
      } else if (circle.turn === me.id) {
        yourTurn = true;
        show.word = !v.paused;
        countdown = { deadline: v.paused ? undefined : circle.turnDeadline, remainingMs: circle.turnRemainingMs };
        this.#yourTurnText(v, circle);
      } else {
        const who = this.#roster.name(circle.turn);
        const at = circle.order.indexOf(me.id) - circle.order.indexOf(circle.turn);
        const place = (at + circle.order.length) % circle.order.length;
        const line = place === 1 ? t('phone.turn.next') : place > 1 ? placeInLine(place) : '';
        const listen = v.listening ? t('phone.turn.listen') : '';
        this.#text(t('phone.turn.whose', { name: who }), [line, listen].filter(Boolean).join(' '));
        ui.title.className = `play-title hue-${this.#roster.hue(circle.turn)}`;
        ui.title.dataset.turn = circle.turn;
        countdown = { deadline: v.paused ? undefined : circle.turnDeadline, remainingMs: circle.turnRemainingMs };
      }
    } else if (set && (v.phase === 'answering' || v.phase === 'closed')) {
      countdown = v.phase === 'answering' ? { deadline: v.paused ? undefined : v.deadline, remainingMs: v.remainingMs } : {};
      if (v.phase === 'answering' && !set.mine) {
        show.answer = !v.paused;
        this.#answerText(v, set);
      } else if (v.phase === 'answering' && set.partner && set.myGuess === undefined) {
        show.predict = !v.paused;
        const partner = this.#roster.name(set.partner);
        this.#text(t('phone.predict.title', { name: partner }), t('phone.predict.sub', { name: partner }));
        this.#promptLine(set.prompt);
        ui.predictLabel.textContent = t('phone.predict.label_partner', { name: partner });
        ui.predict.maxLength = set.maxChars || 140;
      } else if (v.phase === 'answering') {
        this.#text(t('phone.sent.title'), t('phone.sent.sub', { answered: set.answered, expected: set.expected }));
        words = this.#mine(set);
      } else {
        this.#text(t('phone.all_in.title'), t('phone.all_in.sub'));
        words = this.#mine(set);
      }
    } else if (set && v.phase === 'revealed') {
      this.#text(t('phone.revealed.title'), t('phone.revealed.sub'));
      this.#promptLine(set.prompt);
      words = this.#revealed(v, set);
    } else if (set && v.phase === 'picking') {
      countdown = { deadline: v.paused ? undefined : v.deadline, remainingMs: v.remainingMs };
      const options = (set.answers ?? []).filter((a) => a.circle === me.circle && a.n !== set.mine?.n && a.participant !== me.id);
      if (set.myPick === undefined && options.length) {
        show.pick = !v.paused;
        const title = set.pick === 'vote' ? t('phone.pick.vote') : set.pick === 'surprising' ? t('phone.pick.surprising') : t('phone.pick.closest');
        this.#text(title, set.pick === 'vote' ? t('phone.pick.vote_sub') : t('phone.pick.sub'));
        this.#promptLine(set.prompt);
        this.#pickOptions(options);
      } else {
        const picked = (set.answers ?? []).find((a) => a.n === set.myPick);
        this.#text(t('phone.picked.title'), picked ? t('phone.picked.sub', { text: picked.text }) : t('phone.picked.waiting'));
      }
    } else if (v.phase === 'ended') {
      this.#text(t('phone.ended.title'), t('phone.ended.sub'));
      words = this.#ended(v);
    } else {
      this.#text(gameName(v.game), t('phone.look_up'));
    }

    ui.wordForm.hidden = !show.word;
    ui.answerForm.hidden = !show.answer;
    ui.predictForm.hidden = !show.predict;
    ui.pickPanel.hidden = !show.pick;
    setCountdown(ui.countdown, countdown);
    setChildren(ui.words, ...(words ? [words] : []));
    this.#setYourTurn(yourTurn);
    this.#focusForm(show, v);
    this.#showPlay();
    document.title = yourTurn ? t('phone.title.turn') : t('phone.title.game', { game: gameName(v.game) });
  }

  #text(title, sub) {
    ui.title.textContent = title;
    ui.title.className = 'play-title';
    delete ui.title.dataset.turn;
    showText(ui.sub, sub);
  }

  #promptLine(prompt) {
    showText(ui.prompt, prompt ? t('common.quoted', { text: prompt }) : '');
  }

  #yourTurnText(v, circle) {
    const story = v.game === 'waat';
    const last = (circle.transcript ?? []).filter((e) => !e.pass).at(-1);
    // Several words this turn (a story's budget): said in brackets after the sentence.
    const many = circle.wordsLeftThisTurn > 1 ? tn('phone.turn.many', circle.wordsLeftThisTurn) : '';
    const title = v.title;
    let sub;
    if (v.listening && story) sub = many ? t('phone.turn.listen_story_many', { many }) : t('phone.turn.listen_story');
    else if (v.listening) sub = t('phone.turn.listen_chain');
    else if (story && last) sub = many ? t('phone.turn.next_word_many', { many }) : t('phone.turn.next_word');
    else if (story && title) sub = many ? t('phone.turn.start_titled_many', { title, many }) : t('phone.turn.start_titled', { title });
    else if (story) sub = many ? t('phone.turn.start_many', { many }) : t('phone.turn.start');
    else sub = t('phone.turn.chain', { word: last?.text ?? v.seedWord ?? '' });
    this.#text(t('phone.turn.title'), sub);
    const limit = LIMITS[v.game] ?? 60;
    ui.word.maxLength = limit;
    const phrase = !story && v.phraseWords > 1;
    ui.wordLabel.textContent = phrase ? tn('phone.word.label_phrase', v.phraseWords) : t('phone.word.label');
    ui.wordHint.textContent = story ? t('phone.word.hint_story') : t('phone.word.hint_chain');
    ui.marks.hidden = !story || !last || Boolean(last.end);
  }

  #answerText(v, set) {
    const max = set.maxChars || 140;
    ui.answer.maxLength = max;
    ui.answer.rows = max > 60 ? 3 : 1;
    ui.answerHint.textContent = tn('phone.answer.hint', max);
    if (set.kind === 'stimulus') {
      this.#text(t('phone.stimulus.title'), t('phone.stimulus.sub', { set: setLabel(set) }));
      this.#promptLine(set.prompt);
      ui.answerLabel.textContent = t('phone.stimulus.label', { prompt: set.prompt });
      ui.answerSend.textContent = t('phone.form.send');
    } else if (set.kind === 'prompt') {
      this.#text(t('phone.prompt.title'), t('phone.prompt.sub'));
      this.#promptLine(set.prompt);
      ui.answerLabel.textContent = t('phone.answer.label');
      ui.answerSend.textContent = t('phone.answer.send');
    } else if (set.kind === 'retell') {
      this.#text(t('set.retell'), t('phone.retell.sub'));
      ui.answerLabel.textContent = t('phone.retell.label');
      ui.answerSend.textContent = t('phone.form.send');
    } else {
      this.#text(t('set.title'), t('phone.title_set.sub'));
      ui.answerLabel.textContent = t('phone.title_set.label');
      ui.answerSend.textContent = t('phone.title_set.send');
    }
  }

  #words(v, circle) {
    if (circle.hidden) {
      return el('div', { className: 'listening-note' },
        el('p', { className: 'listening-icon' }, icon('ear')),
        el('p', { text: t('phone.listening.note') }));
    }
    // On a small screen the last words matter most: the rest is on the big screen.
    const all = circle.transcript ?? [];
    const shown = all.slice(-12);
    const list = transcriptList(shown, this.#roster, { seedWord: v.game === 'chain' && shown.length === all.length ? v.seedWord : undefined, story: v.game === 'waat' });
    if (shown.length < all.length) list.prepend(el('li', { className: 'word more', text: '…' }));
    return el('div', { className: 'phone-transcript' }, list);
  }

  #mine(set) {
    const parts = [];
    if (set.mine) parts.push(el('p', { className: 'mine' }, ...phraseNodes(t('phone.mine.said'), { answer: quoted(set.mine.text) })));
    if (set.myGuess !== undefined && set.partner) {
      const guessed = { name: this.#roster.name(set.partner), guess: quoted(set.myGuess) };
      parts.push(el('p', { className: 'mine' }, ...phraseNodes(t('phone.mine.guessed'), guessed)));
    }
    return parts.length ? el('div', { className: 'mine-box' }, ...parts) : null;
  }

  #revealed(v, set) {
    const me = v.you;
    if (set.kind === 'retell' || set.kind === 'title') {
      return el('ul', { className: 'retellings' }, ...(set.answers ?? []).filter((a) => a.circle === me.circle).map((a) => el(
        'li',
        { className: a.participant === me.id ? 'retelling own' : 'retelling' },
        el('q', { className: 'retelling-text', text: a.text }),
        a.participant ? el('span', { className: 'by', text: a.participant === me.id ? t('phone.by_you') : this.#roster.name(a.participant) }) : null,
      )));
    }
    return clusterList(set, { roster: this.#roster });
  }

  #pickOptions(options) {
    const key = options.map((a) => a.n).join(',');
    if (ui.pickList.dataset.key === key) return;
    ui.pickList.dataset.key = key;
    setChildren(ui.pickList, ...options.map((a) => el(
      'li',
      {},
      button({
        className: 'button pick-option',
        dataset: { n: String(a.n) },
        onClick: (event) => this.#pick(a.n, event.currentTarget),
      }, el('span', { className: 'pick-text', text: a.text }), a.participant ? el('span', { className: 'by', text: this.#roster.name(a.participant) }) : null),
    )));
  }

  #ended(v) {
    const r = v.results;
    const me = v.you;
    if (!r) return null;
    const parts = [];
    const circle = (r.circles ?? []).find((c) => c.id === me.circle);
    if (circle) {
      parts.push(el('h2', { className: 'phone-section', text: v.game === 'waat' ? t('phone.ended.story') : t('phone.ended.chain') }));
      parts.push(transcriptList(circle.transcript, this.#roster, { seedWord: r.config?.seedWord, story: v.game === 'waat' }));
    }
    for (const s of r.sets ?? []) {
      const mine = s.answers.find((a) => a.participant === me.id);
      if (s.kind === 'stimulus' && mine) {
        const cluster = s.clusters?.find((c) => c.participants?.includes(me.id) || c.answers?.includes(mine.n));
        const same = cluster ? cluster.count - 1 : 0;
        const said = { prompt: s.prompt, answer: quoted(mine.text) };
        const phrase = same > 0 ? tn('phone.ended.same', same) : t('phone.ended.alone');
        parts.push(el('p', { className: 'mine' }, ...phraseNodes(phrase, said)));
      }
      if (s.predict?.guesses) {
        const g = s.predict.guesses.find((x) => x.guesser === me.id);
        const res = s.predict.results?.find((x) => x.guesser === me.id);
        if (g) {
          const guessed = { name: this.#roster.name(g.target), guess: quoted(g.guess), actual: quoted(g.actual) };
          parts.push(el('p', { className: res?.match ? 'mine match' : 'mine' },
            `${res?.match ? '✓' : '✗'} `, ...phraseNodes(t('phone.ended.guess'), guessed)));
        }
      }
    }
    return parts.length ? el('div', { className: 'ended-box' }, ...parts) : null;
  }

  // --- Your turn ---------------------------------------------------------------------------------

  #setYourTurn(on) {
    document.body.classList.toggle('your-turn', on);
    const key = on ? `${this.#round?.id}` : '';
    if (on && this.#turnKey !== key) {
      // The turn has just started: buzz, and tell screen readers.
      try {
        navigator.vibrate?.([180, 80, 180]);
      } catch {
        // vibrate may be blocked before the first tap; the colour and the text still say it.
      }
      ui.announce.textContent = '';
      ui.announce.textContent = t('phone.turn.announce');
      showPlayError(ui.wordError, null);
    }
    if (!on && this.#turnKey) ui.announce.textContent = '';
    this.#turnKey = key;
  }

  #focusForm(show, v) {
    const which = show.word ? 'word' : show.answer ? `answer${v.set?.index}` : show.predict ? `predict${v.set?.index}` : '';
    if (which === this.#focusKey) return;
    this.#focusKey = which;
    if (show.word) {
      ui.word.value = '';
      ui.word.focus();
    } else if (show.answer) {
      ui.answer.value = '';
      showPlayError(ui.answerError, null);
      ui.answer.focus();
    } else if (show.predict) {
      ui.predict.value = '';
      showPlayError(ui.predictError, null);
      ui.predict.focus();
    } else if (show.pick) {
      showPlayError(ui.pickError, null);
    }
  }

  // --- Sending -----------------------------------------------------------------------------------

  async #play(msg, errorNode, button) {
    showPlayError(errorNode, null);
    if (button) button.disabled = true;
    try {
      // The round on screen: if the facilitator has started another meanwhile, the server
      // refuses the play (round_over) rather than count it in the new round.
      const round = this.#round?.id;
      await this.#conn.request({ type: 'play', ...msg, ...(round ? { round } : {}) });
      return true;
    } catch (error) {
      showPlayError(errorNode, error);
      return false;
    } finally {
      if (button) button.disabled = false;
    }
  }

  // A form of one text field that sends `action` with the text; an empty field is refused here.
  // Resolves with whether the play was accepted.
  #textForm(form, input, errorNode, sendButton, action, emptyMessage, sent = () => {}) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        showPlayError(errorNode, new PageError('empty_answer', emptyMessage));
        input.focus();
        return;
      }
      sent(await this.#play({ action, text }, errorNode, sendButton));
    });
  }

  #setUpForms() {
    this.#textForm(ui.wordForm, ui.word, ui.wordError, ui.wordSend, 'word', t('phone.word.empty'), (ok) => {
      if (ok) ui.word.value = '';
      else ui.word.focus();
    });
    ui.word.addEventListener('input', () => showPlayError(ui.wordError, null));
    ui.pass.addEventListener('click', () => this.#play({ action: 'pass' }, ui.wordError, ui.pass));
    for (const button of ui.marks.querySelectorAll('[data-mark]')) {
      button.addEventListener('click', () => this.#play({ action: 'end_sentence', mark: button.dataset.mark }, ui.wordError, button));
    }
    this.#textForm(ui.answerForm, ui.answer, ui.answerError, ui.answerSend, 'answer', t('phone.answer.empty'));
    // Enter sends (the answers are one line); Shift+Enter is not needed.
    ui.answer.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        ui.answerForm.requestSubmit();
      }
    });
    ui.answer.addEventListener('input', () => showPlayError(ui.answerError, null));
    this.#textForm(ui.predictForm, ui.predict, ui.predictError, ui.predictSend, 'predict', t('phone.predict.empty'));
  }

  async #pick(n, button) {
    for (const b of ui.pickList.querySelectorAll('button')) b.classList.toggle('chosen', b === button);
    await this.#play({ action: 'pick', answer: n }, ui.pickError, button);
  }

  // The reaction buttons, for the reactions the server lists (a welcome's vocabulary).
  setReactions(ids) {
    setReactionButtons(ui.reactionBar, ui.reactionError, this.#conn, ids);
  }
}
