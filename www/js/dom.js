// Tiny, safe DOM helpers. Text always goes in as text (never as HTML), so names and words
// typed by participants can never become markup.

// el('li', {className: 'chip', dataset: {id: 'p1'}, attrs: {'aria-label': 'Ann'}}, 'Ann', child)
// Strings and numbers among the children become text nodes; null/undefined/false are skipped.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { className, text, dataset, attrs, on, ...rest } = props;
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  if (dataset) Object.assign(node.dataset, dataset);
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, String(value));
  for (const [event, handler] of Object.entries(on ?? {})) node.addEventListener(event, handler);
  Object.assign(node, rest);  // plain properties: href, type, hidden, disabled, ...
  node.append(...toNodes(children));
  return node;
}

function toNodes(children) {
  return children
    .filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c))));
}

// The element with this id; throws if the page lacks it, so a typo fails loudly during development.
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node;
}

// Replaces every child of `node` (text for strings, as in el()).
export function setChildren(node, ...children) {
  node.replaceChildren(...toNodes(children));
}

// A catalog phrase with elements in its {placeholders}, as a list of nodes and strings to append:
// phraseNodes(t('live.turn.next'), {name: el('strong', {text: 'Ann'})}) gives ['next: ', <strong>],
// so a language can put the words in its own order. `wrap` turns each piece of plain text into
// what should be appended for it (a <span>, say); by default the text itself.
export function phraseNodes(phrase, nodes = {}, wrap = (text) => text) {
  return String(phrase)
    .split(/(\{[a-zA-Z0-9_]+\})/)
    .filter((part) => part !== '')
    .flatMap((part) => {
      const name = /^\{([a-zA-Z0-9_]+)\}$/.exec(part)?.[1];
      return name !== undefined && name in nodes ? nodes[name] : [wrap(part)];
    });
}

// Shows `text` in `node`, or hides the node when there is none (error lines, notes, hints).
export function showText(node, text) {
  node.textContent = text ?? '';
  node.hidden = !text;
}

// A plain button: button({className: 'icon-button', text: '✎', label: 'Rename Ann', onClick}).
// `label` becomes its aria-label; further children go inside it (as in el()).
export function button({ className = 'button', text, label, onClick, ...props }, ...children) {
  return el('button', {
    className,
    type: 'button',
    text,
    ...props,
    attrs: { ...(label ? { 'aria-label': label } : {}), ...props.attrs },
    on: onClick ? { click: onClick } : {},
  }, ...children);
}

// A <dialog> that asks before something is done: open() shows it with the focus on `cancel`
// (the safe choice) unless told otherwise, and `cancel` closes it.
export function modal(dialog, cancel) {
  cancel.addEventListener('click', () => dialog.close());
  return {
    open(focus = cancel) {
      dialog.showModal();
      focus.focus();
    },
    close: () => dialog.close(),
  };
}

// For a page made of "screens" of which one is visible at a time: returns show(screen), which
// unhides that one and hides the others:  const show = screenSwitcher(ui.screens); show(ui.screens.lobby);
export function screenSwitcher(screens) {
  const all = Object.values(screens);
  return (visible) => {
    for (const screen of all) screen.hidden = screen !== visible;
  };
}
