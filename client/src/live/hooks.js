// dj-hook="Name" attaches window.djwire.hooks.Name to an element: a hook object gets `this.el`
// and `this.pushEvent(name, params)`, and its `mounted`, `updated` and `destroyed` are called
// as the element enters, changes in and leaves the page.

import { ATTR_HOOK } from "./attributes.js";

/** The registry exposed as window.djwire.hooks: name -> hook definition. */
export const hooks = {};

/** The hooked elements of one view. */
export class ViewHooks {
  /** `pushEvent(name, params, el)` sends an event through the view. */
  constructor(registry, pushEvent) {
    this.registry = registry;
    this.pushEvent = pushEvent;
    this.instances = new Map(); // element -> hook instance
  }

  /**
   * After a patch of `root`: destroy the hooks whose element left, mount those of new elements,
   * then call `updated` on the already mounted ones among `updated` (elements the patch touched).
   */
  afterPatch(root, updated = []) {
    const present = new Set(root.querySelectorAll(`[${ATTR_HOOK}]`));
    for (const [el, instance] of this.instances) {
      if (!present.has(el)) {
        this.instances.delete(el);
        call(instance, "destroyed");
      }
    }
    const mountedNow = [];
    for (const el of present) {
      if (!this.instances.has(el)) mountedNow.push(this.mount(el));
    }
    for (const el of updated) {
      const instance = this.instances.get(el);
      if (instance && !mountedNow.includes(instance)) call(instance, "updated");
    }
  }

  mount(el) {
    const name = el.getAttribute(ATTR_HOOK);
    const definition = this.registry[name];
    if (!definition) console.warn(`djwire: no hook named ${JSON.stringify(name)} in djwire.hooks`);
    const instance = Object.create(definition || {});
    instance.el = el;
    instance.pushEvent = (event, params = {}) => this.pushEvent(event, params, el);
    this.instances.set(el, instance);
    call(instance, "mounted");
    return instance;
  }
}

// A failing hook must not stop the patch nor the other hooks.
function call(instance, callback) {
  if (typeof instance[callback] !== "function") return;
  try {
    instance[callback]();
  } catch (error) {
    console.error(`djwire: hook ${callback} failed`, error);
  }
}
