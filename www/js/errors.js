// Words for people, for the server's stable error codes (docs/protocol.md). Codes not listed
// here fall back to the server's own message.

import { ServerError } from './connection.js';
import { showText } from './dom.js';

const TEXTS = {
  room_not_found: 'There is no open room with that code. Check the code on the screen.',
  name_taken: 'Someone in this room already has that name. Add an initial, or pick a nickname.',
  name_invalid: 'A name is 1 to 24 characters: letters, digits, spaces and punctuation are fine.',
  bad_token: 'Your earlier place in this room has gone. Please join again.',
  bad_key: 'That facilitator key is not right. Earshot prints it in the terminal when it starts.',
  too_many_rooms: 'This server has as many rooms open as it can hold. Close one first.',
  forbidden: 'Only the facilitator can do that.',
};

// A refusal the page makes itself before asking the server (an empty field): its words are its own.
export class PageError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function describeError(error) {
  if (error instanceof ServerError) return TEXTS[error.code] ?? error.message;
  if (error instanceof PageError) return error.message;
  return 'Earshot could not be reached. Check that you are on the workshop network, then try again.';
}

// Shows an error in its line under a form or list (describeError's words), or hides the line
// when `error` is null.
export function showError(node, error) {
  showText(node, error ? describeError(error) : '');
}
