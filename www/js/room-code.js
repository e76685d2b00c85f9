// Room codes: four letters, typed in any case, shown upper-case.

export const CODE_LENGTH = 4;

// What a user typed, tidied into a code as far as it goes: upper-case letters only, at most four.
export function tidyCode(text) {
  return String(text ?? '').toUpperCase().replace(/[^A-Z]/g, '').slice(0, CODE_LENGTH);
}

export function isCompleteCode(code) {
  return code.length === CODE_LENGTH;
}

// The code in this page's address (?room=CODE, ?r=CODE, ?session=CODE), tidied; '' if none.
export function codeFromAddress(param) {
  return tidyCode(new URLSearchParams(location.search).get(param));
}

// The stage of a room: /stage?room=CODE.
export function stageAddress(code) {
  return `/stage?room=${encodeURIComponent(code)}`;
}

// The assistant's link for a room (docs/protocol.md, "assistant"): the facilitator page, opened as
// that room's assistant, at the address phones join by (the server's public address, not the
// facilitator's "localhost"); the key after #, so it is never sent to a server in a URL.
export function assistantAddress(joinUrl, code, key) {
  let origin = location.origin;
  try {
    origin = new URL(joinUrl).origin;
  } catch {
    // No join address known: this page's own.
  }
  return `${origin}/host?room=${encodeURIComponent(code)}#assistant=${encodeURIComponent(key)}`;
}

// Keeps an <input> tidy while the user types (also when pasting "kx qm").
export function tidyCodeInput(input) {
  input.addEventListener('input', () => {
    const tidy = tidyCode(input.value);
    if (tidy !== input.value) input.value = tidy;
  });
}
