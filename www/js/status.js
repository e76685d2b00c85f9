// The connection status banner every page shows: a calm pill while connected, a clear banner
// while the connection is being (re)made. The element should be a role="status" live region.

const LABELS = {
  idle: '',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Connection lost. Reconnecting…',
  offline: 'You are offline. Waiting for the network…',
};

// Returns a function that shows a Connection status in `node`.
export function statusBanner(node) {
  return (status) => {
    node.dataset.state = status;
    node.textContent = LABELS[status] ?? '';
    node.hidden = status === 'idle';
  };
}
