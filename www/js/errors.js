// Words for people, for the server's stable error codes (docs/protocol.md), from the catalog.

import { t } from './catalog.js';
import { ServerError } from './connection.js';
import { showText } from './dom.js';

// The codes the catalog has words for (error.CODE); others show the server's own message.
const CODES = [
  'room_not_found', 'name_taken', 'name_invalid', 'bad_token', 'bad_key', 'too_many_rooms', 'forbidden',
  // What a participant can meet while playing (docs/protocol.md, docs/games.md).
  'no_round', 'round_over', 'rate_limited', 'not_your_turn', 'not_one_word', 'too_many_words', 'repeated_word',
  'answer_too_long', 'empty_answer', 'invalid_text', 'round_paused', 'already_answered', 'unknown_answer',
  'too_late', 'wrong_phase', 'not_allowed',
  // What the facilitator can meet setting up a round from a deck.
  'deck_not_found',
];

// A refusal the page makes itself before asking the server (an empty field): its words are its own.
export class PageError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function describeError(error) {
  if (error instanceof ServerError) return CODES.includes(error.code) ? t(`error.${error.code}`) : error.message;
  if (error instanceof PageError) return error.message;
  return t('error.unreachable');
}

// Shows an error in its line under a form or list (describeError's words), or hides the line
// when `error` is null.
export function showError(node, error) {
  showText(node, error ? describeError(error) : '');
}
