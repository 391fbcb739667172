// The HTML names of signals: the attribute the server renders on the script tag, the binding
// attributes written in templates, and the DOM events the built-in signals dispatch. Client-side
// names, not wire protocol (that is protocol.js, which mirrors the Python module exactly).

// Attribute of {% djwire_scripts %}'s script tag on a signals window: its signed window token
export const ATTR_WINDOW = "data-dj-window";

// Binding attributes written in templates: a JSON list of {name, on?, opts?, form?, value?, prevent?}
export const ATTR_SIGNAL = "data-dj-signal";
// df_websockets' name for the same, read too so ported templates keep working
export const ATTR_DF_SIGNAL = "data-df-signal";
