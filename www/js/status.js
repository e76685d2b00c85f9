// The connection status banner every page shows: a calm pill while connected, a clear banner
// while the connection is being (re)made. The element should be a role="status" live region.

import { t } from './catalog.js';

// The states with words (status.STATE); 'idle' shows nothing.
const STATES = ['connecting', 'connected', 'reconnecting', 'offline'];

// Returns a function that shows a Connection status in `node`.
export function statusBanner(node) {
  return (status) => {
    node.dataset.state = status;
    node.textContent = STATES.includes(status) ? t(`status.${status}`) : '';
    node.hidden = status === 'idle';
  };
}
