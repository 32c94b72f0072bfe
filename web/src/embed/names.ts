// Names an embed accepts from its host (kept apart so the <descent-demo> script can use them
// without the rest of the page).

/** A gallery demo or preset name, as #demo= and set-demo carry it. */
export const DEMO_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
/** The ?frame= id echoed in every message. */
export const FRAME_ID = /^[A-Za-z0-9_-]{1,32}$/;
