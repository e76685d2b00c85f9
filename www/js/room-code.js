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

// Keeps an <input> tidy while the user types (also when pasting "kx qm").
export function tidyCodeInput(input) {
  input.addEventListener('input', () => {
    const tidy = tidyCode(input.value);
    if (tidy !== input.value) input.value = tidy;
  });
}
