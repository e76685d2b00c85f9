// Words for people, for the server's stable error codes (docs/protocol.md), from the catalog.

import { has, t } from './catalog.js';
import { ServerError } from './connection.js';
import { showText } from './dom.js';

// A refusal the page makes itself before asking the server (an empty field): its words are its own.
export class PageError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function describeError(error) {
  if (error instanceof ServerError) return has(`error.${error.code}`) ? t(`error.${error.code}`) : error.message;
  if (error instanceof PageError) return error.message;
  return t('error.unreachable');
}

// Shows an error in its line under a form or list (describeError's words), or hides the line
// when `error` is null.
export function showError(node, error) {
  showText(node, error ? describeError(error) : '');
}
