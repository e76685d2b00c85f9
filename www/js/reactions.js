// The reaction buttons: one per reaction the server lists (a welcome's vocabulary), each sending
// a `react` play; a refusal (too many too fast) is said under them. On the phone for players, and
// on the stage page for someone just watching (stage.js, ?watch).

import { t } from './catalog.js';
import { button, showText } from './dom.js';
import { describeError } from './errors.js';
import { reactionLabel } from './game.js';
import { icon } from './icons.js';

// bar: the element the buttons go in; errorLine: where a refusal is said; conn: the Connection.
export function setReactionButtons(bar, errorLine, conn, ids) {
  if (!Array.isArray(ids)) return;
  bar.replaceChildren();
  for (const id of ids) {
    const reactionButton = button({ className: 'reaction-button', dataset: { reaction: id }, label: reactionLabel(id) }, icon(id));
    reactionButton.addEventListener('click', async () => {
      reactionButton.classList.remove('sent');
      void reactionButton.offsetWidth;  // restart the little "sent" animation
      reactionButton.classList.add('sent');
      try {
        await conn.request({ type: 'play', action: 'react', reaction: id });
        errorLine.hidden = true;
      } catch (error) {
        showText(errorLine, error.code === 'rate_limited' ? t('phone.reaction.rate_limited') : describeError(error));
      }
    });
    bar.append(reactionButton);
  }
}
