// The HTML names of LiveViews: attributes the server renders, bindings written in templates,
// and the classes the client sets. Client-side names, not wire protocol: docs/protocol.md's
// "Bindings" section lists them and test/docs.test.js checks each has a constant here.

// Attributes the server renders
export const ATTR_ROOT = "dj-root";
export const ATTR_VIEW = "dj-view";
export const ATTR_TOKEN = "dj-token";
export const ATTR_VERSION = "dj-v";
export const ATTR_TREE = "dj-tree";
export const ATTR_SOCKET_PATH = "data-dj-socket";

// Binding attributes written in templates
export const ATTR_CLICK = "dj-click";
export const ATTR_SUBMIT = "dj-submit";
export const ATTR_CHANGE = "dj-change";
export const ATTR_INPUT = "dj-input";
export const ATTR_KEYDOWN = "dj-keydown";
export const ATTR_KEYUP = "dj-keyup";
export const ATTR_FOCUS = "dj-focus";
export const ATTR_BLUR = "dj-blur";
export const ATTR_VALUE_PREFIX = "dj-value-";
export const ATTR_DEBOUNCE = "dj-debounce";
export const ATTR_KEY = "dj-key";
export const ATTR_UPDATE = "dj-update";
export const ATTR_HOOK = "dj-hook";

// Value of dj-update that keeps a region as the browser has it
export const UPDATE_IGNORE = "ignore";

// Class carried by the element that sent an event, and by its view's root, until the reply
export const CLASS_LOADING = "dj-loading";

// Connection state classes on every [dj-root]: joined; socket down or reconnecting; join
// refused or a handler crashed (until the next successful reply or join)
export const CLASS_CONNECTED = "dj-connected";
export const CLASS_DISCONNECTED = "dj-disconnected";
export const CLASS_ERROR = "dj-error";

// The default banner shown while the socket is down, and the attribute of the script tag
// that turns it off (data-dj-banner="off")
export const CLASS_BANNER = "dj-reconnecting";
export const ATTR_BANNER = "data-dj-banner";
export const BANNER_OFF = "off";

// Forms in flight: a label shown while the element's event is in flight (the element is
// disabled meanwhile), and the minimum milliseconds between two events of a binding
export const ATTR_DISABLE_WITH = "dj-disable-with";
export const ATTR_THROTTLE = "dj-throttle";

// A field whose dj-force value changes from one render to the next takes the server's value,
// even while focused or typed into
export const ATTR_FORCE = "dj-force";

// The page's error message (live/flash.js): its class; the attribute of the script tag that
// turns it off (data-dj-errors="off"), and the one that makes it name the server's error and
// exception (data-dj-debug, rendered when settings.DEBUG is on)
export const CLASS_ERROR_FLASH = "dj-error-flash";
export const ATTR_ERRORS = "data-dj-errors";
export const ERRORS_OFF = "off";
export const ATTR_DEBUG = "data-dj-debug";
