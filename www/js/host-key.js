// The facilitator page's key screen: asked for when this browser has no facilitator key, or the
// server refused the one it had. A key typed here is stored (store.js) and the page says hello.

import { t } from './catalog.js';
import { byId, showText } from './dom.js';
import { facilitatorKey } from './store.js';

// show(): makes the key screen the visible one; join(): says hello with the stored key.
// Returns showKeyForm(errorText?).
export function keyScreen({ show, join }) {
  const ui = {
    form: byId('key-form'),
    input: byId('key'),
    error: byId('key-error'),
    button: byId('key-button'),
  };

  function showKeyForm(errorText) {
    showText(ui.error, errorText);
    ui.input.setAttribute('aria-invalid', errorText ? 'true' : 'false');
    ui.button.disabled = false;
    show();
    ui.input.focus();
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = ui.input.value.trim();
    if (!key) {
      showKeyForm(t('host.key.missing'));
      return;
    }
    facilitatorKey.set(key);
    ui.input.value = '';
    ui.button.disabled = true;
    join();
  });
  return showKeyForm;
}
