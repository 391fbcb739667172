// The handlers connected to signal names: several per name, called in the order connected with
// `(opts, signalId)`. A handler that throws is reported and does not stop the others.

export class Registry {
  constructor() {
    this.handlers = new Map(); // name -> [fn(opts, signalId)]
  }

  connect(name, fn) {
    if (typeof fn !== "function") throw new TypeError(`djwire: the handler of ${name} is not a function`);
    if (!this.handlers.has(name)) this.handlers.set(name, []);
    this.handlers.get(name).push(fn);
  }

  /** Call the handlers of `name`; `signalId` is the server's id, undefined for a local call. */
  run(name, opts, signalId) {
    for (const fn of this.handlers.get(name) || []) {
      try {
        fn(opts, signalId);
      } catch (error) {
        console.error(`djwire: a handler of signal ${name} failed`, error);
      }
    }
  }
}
