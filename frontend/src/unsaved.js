// Unsaved work that must not be lost: a component holding entries not saved yet (a serial
// number dialog) registers here while it is open. Then
//   - leaving the page or reloading asks first (beforeunload);
//   - in-app navigation (a link, the browser's Back: hashchange) asks with a confirm, and
//     when the user stays the hash is put back and the app does not re-route;
//   - api.js asks to sign in again in place when the session ends, instead of the sign-in
//     screen that would replace the whole page (see api.js and st-sign-in-again.js).
// A source is {hasUnsaved() -> boolean, describe() -> "3 unsaved serial numbers", discard()?}.

const sources = new Set();

/** Register a source of unsaved work; returns the function that unregisters it. */
export function registerUnsaved(source) {
  sources.add(source);
  return () => sources.delete(source);
}

function pending() {
  return [...sources].filter((s) => {
    try {
      return s.hasUnsaved();
    } catch {
      return false;
    }
  });
}

/** Whether any registered source holds unsaved work now. */
export function hasUnsaved() {
  return pending().length > 0;
}

/** What is unsaved, for a question: "3 unsaved serial numbers on PO-5". */
export function describeUnsaved() {
  return pending().map((s) => s.describe?.() || 'unsaved changes').join('; ');
}

function onBeforeUnload(event) {
  if (!hasUnsaved()) return;
  event.preventDefault();
  event.returnValue = '';   // older browsers want a value set
}

// Where we are in the session history: every entry the app visits gets a position in its
// history.state (stPos), so a navigation the user refuses can be undone the right way: a new
// entry (a link) by going back, a step through the history (Back, Forward) by the opposite step.
let position = 0;
let restoring = null;   // the URL a refused navigation is being taken back to

function stamp(pos) {
  window.history.replaceState({ ...(window.history.state || {}), stPos: pos }, '');
  position = pos;
}

function onHashChange(event) {
  if (restoring && event.newURL === restoring) {
    // The refused navigation taken back: the app is still where it was.
    restoring = null;
    event.stopImmediatePropagation();
    return;
  }
  restoring = null;
  const target = window.history.state?.stPos;
  const open = pending();
  if (open.length) {
    const leave = window.confirm(`You have ${describeUnsaved()}. Leave this page and discard them?`);
    if (!leave) {
      // Stay: the app must not re-route, and the address goes back to where the work is.
      event.stopImmediatePropagation();
      const steps = target == null ? -1 : position - target;
      if (steps) {
        restoring = event.oldURL;
        setTimeout(() => { restoring = null; }, 1000);
        window.history.go(steps);
      } else {
        window.history.replaceState(window.history.state, '', event.oldURL);
      }
      return;
    }
    for (const s of open) s.discard?.();
  }
  stamp(target == null ? position + 1 : target);
}

// Installed when this module is first evaluated: api.js imports it, and every screen imports
// api.js, so this runs before st-app connects and adds its own hashchange listener — listeners
// on window run in the order they were added, and this one must be first to keep the app from
// re-routing when the user stays.
if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
  const known = window.history.state?.stPos;
  if (known == null) stamp(0);
  else position = known;
  window.addEventListener('beforeunload', onBeforeUnload);
  window.addEventListener('hashchange', onHashChange, { capture: true });
}
