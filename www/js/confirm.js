// A final action (ending a round) asks twice: the first press arms it for a few seconds and
// says so; a second press in that time goes ahead. Used by the facilitator's "End round" button
// and the stage's E key.

export class TwoStep {
  #ms;
  #onArm;
  #onDisarm;
  #timer = 0;
  #armed = false;

  // onArm: say that a second press ends it; onDisarm: back to how it was.
  constructor(ms, { onArm = () => {}, onDisarm = () => {} } = {}) {
    this.#ms = ms;
    this.#onArm = onArm;
    this.#onDisarm = onDisarm;
  }

  get armed() {
    return this.#armed;
  }

  // True when this is the second press: go ahead (and the confirmation is reset).
  press() {
    if (this.#armed) {
      this.reset();
      return true;
    }
    this.#armed = true;
    this.#onArm();
    this.#timer = setTimeout(() => this.reset(), this.#ms);
    return false;
  }

  reset() {
    clearTimeout(this.#timer);
    if (!this.#armed) return;
    this.#armed = false;
    this.#onDisarm();
  }
}

// A button that goes ahead on its second press: the first arms it for `ms`, the button saying
// `armed()` meanwhile (a function: the catalog's words as they are then), and then its own words
// again.
export function confirmButton(node, armed, ms = 4000) {
  let words = '';
  return new TwoStep(ms, {
    onArm: () => {
      words = node.textContent;
      node.dataset.armed = 'true';
      node.textContent = armed();
    },
    onDisarm: () => {
      delete node.dataset.armed;
      node.textContent = words;
    },
  });
}
