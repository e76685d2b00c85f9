// The phone keeps its screen on while a round runs (where the browser can), and takes the lock
// again when the page becomes visible once more (a browser drops it when hidden).

export class WakeLock {
  #lock = null;
  #wanted = false;

  constructor() {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.#wanted) this.#acquire();
    });
  }

  want(on) {
    if (on === this.#wanted) return;
    this.#wanted = on;
    if (on) this.#acquire();
    else {
      this.#lock?.release().catch(() => {});
      this.#lock = null;
    }
  }

  async #acquire() {
    if (!('wakeLock' in navigator) || this.#lock) return;
    try {
      this.#lock = await navigator.wakeLock.request('screen');
      this.#lock.addEventListener('release', () => {
        this.#lock = null;
      });
    } catch {
      // Not allowed (battery saver, not visible, no user gesture yet): the round works anyway.
    }
  }
}
