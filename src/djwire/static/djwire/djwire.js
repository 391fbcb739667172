// djwire client, built from client/src by 'npm run build' in client/: do not edit.
(() => {
  // src/live/attributes.js
  var ATTR_ROOT = "dj-root";
  var ATTR_TOKEN = "dj-token";
  var ATTR_VERSION = "dj-v";
  var ATTR_TREE = "dj-tree";
  var ATTR_SOCKET_PATH = "data-dj-socket";
  var ATTR_CLICK = "dj-click";
  var ATTR_SUBMIT = "dj-submit";
  var ATTR_CHANGE = "dj-change";
  var ATTR_INPUT = "dj-input";
  var ATTR_KEYDOWN = "dj-keydown";
  var ATTR_KEYUP = "dj-keyup";
  var ATTR_FOCUS = "dj-focus";
  var ATTR_BLUR = "dj-blur";
  var ATTR_VALUE_PREFIX = "dj-value-";
  var ATTR_DEBOUNCE = "dj-debounce";
  var ATTR_KEY = "dj-key";
  var ATTR_UPDATE = "dj-update";
  var ATTR_HOOK = "dj-hook";
  var UPDATE_IGNORE = "ignore";
  var CLASS_LOADING = "dj-loading";
  var CLASS_CONNECTED = "dj-connected";
  var CLASS_DISCONNECTED = "dj-disconnected";
  var CLASS_ERROR = "dj-error";
  var CLASS_BANNER = "dj-reconnecting";
  var ATTR_BANNER = "data-dj-banner";
  var BANNER_OFF = "off";
  var ATTR_DISABLE_WITH = "dj-disable-with";
  var ATTR_THROTTLE = "dj-throttle";
  var ATTR_FORCE = "dj-force";
  var CLASS_ERROR_FLASH = "dj-error-flash";
  var ATTR_ERRORS = "data-dj-errors";
  var ERRORS_OFF = "off";
  var ATTR_DEBUG = "data-dj-debug";

  // src/live/dirty.js
  var edits = /* @__PURE__ */ new WeakMap();
  var lastStamp = 0;
  function markDirty(field) {
    lastStamp += 1;
    edits.set(field, lastStamp);
  }
  function isDirty(field) {
    return edits.has(field);
  }
  function snapshotFields(el) {
    const fields = el.tagName === "FORM" ? [...el.elements] : [el];
    return fields.filter((field) => edits.has(field)).map((field) => [field, edits.get(field)]);
  }
  function acknowledgeFields(snapshot) {
    for (const [field, stamp] of snapshot) {
      if (edits.get(field) === stamp) edits.delete(field);
    }
  }

  // node_modules/morphdom/dist/morphdom-esm.js
  var DOCUMENT_FRAGMENT_NODE = 11;
  function morphAttrs(fromNode, toNode) {
    var toNodeAttrs = toNode.attributes;
    var attr;
    var attrName;
    var attrNamespaceURI;
    var attrValue;
    var fromValue;
    if (toNode.nodeType === DOCUMENT_FRAGMENT_NODE || fromNode.nodeType === DOCUMENT_FRAGMENT_NODE) {
      return;
    }
    for (var i = toNodeAttrs.length - 1; i >= 0; i--) {
      attr = toNodeAttrs[i];
      attrName = attr.name;
      attrNamespaceURI = attr.namespaceURI;
      attrValue = attr.value;
      if (attrNamespaceURI) {
        attrName = attr.localName || attrName;
        fromValue = fromNode.getAttributeNS(attrNamespaceURI, attrName);
        if (fromValue !== attrValue) {
          if (attr.prefix === "xmlns") {
            attrName = attr.name;
          }
          fromNode.setAttributeNS(attrNamespaceURI, attrName, attrValue);
        }
      } else {
        fromValue = fromNode.getAttribute(attrName);
        if (fromValue !== attrValue) {
          fromNode.setAttribute(attrName, attrValue);
        }
      }
    }
    var fromNodeAttrs = fromNode.attributes;
    for (var d = fromNodeAttrs.length - 1; d >= 0; d--) {
      attr = fromNodeAttrs[d];
      attrName = attr.name;
      attrNamespaceURI = attr.namespaceURI;
      if (attrNamespaceURI) {
        attrName = attr.localName || attrName;
        if (!toNode.hasAttributeNS(attrNamespaceURI, attrName)) {
          fromNode.removeAttributeNS(attrNamespaceURI, attrName);
        }
      } else {
        if (!toNode.hasAttribute(attrName)) {
          fromNode.removeAttribute(attrName);
        }
      }
    }
  }
  var range;
  var NS_XHTML = "http://www.w3.org/1999/xhtml";
  var doc = typeof document === "undefined" ? void 0 : document;
  var HAS_TEMPLATE_SUPPORT = !!doc && "content" in doc.createElement("template");
  var HAS_RANGE_SUPPORT = !!doc && doc.createRange && "createContextualFragment" in doc.createRange();
  function createFragmentFromTemplate(str) {
    var template = doc.createElement("template");
    template.innerHTML = str;
    return template.content.childNodes[0];
  }
  function createFragmentFromRange(str) {
    if (!range) {
      range = doc.createRange();
      range.selectNode(doc.body);
    }
    var fragment = range.createContextualFragment(str);
    return fragment.childNodes[0];
  }
  function createFragmentFromWrap(str) {
    var fragment = doc.createElement("body");
    fragment.innerHTML = str;
    return fragment.childNodes[0];
  }
  function toElement(str) {
    str = str.trim();
    if (HAS_TEMPLATE_SUPPORT) {
      return createFragmentFromTemplate(str);
    } else if (HAS_RANGE_SUPPORT) {
      return createFragmentFromRange(str);
    }
    return createFragmentFromWrap(str);
  }
  function compareNodeNames(fromEl, toEl) {
    var fromNodeName = fromEl.nodeName;
    var toNodeName = toEl.nodeName;
    var fromCodeStart, toCodeStart;
    if (fromNodeName === toNodeName) {
      return true;
    }
    fromCodeStart = fromNodeName.charCodeAt(0);
    toCodeStart = toNodeName.charCodeAt(0);
    if (fromCodeStart <= 90 && toCodeStart >= 97) {
      return fromNodeName === toNodeName.toUpperCase();
    } else if (toCodeStart <= 90 && fromCodeStart >= 97) {
      return toNodeName === fromNodeName.toUpperCase();
    } else {
      return false;
    }
  }
  function createElementNS(name, namespaceURI) {
    return !namespaceURI || namespaceURI === NS_XHTML ? doc.createElement(name) : doc.createElementNS(namespaceURI, name);
  }
  function moveChildren(fromEl, toEl) {
    var curChild = fromEl.firstChild;
    while (curChild) {
      var nextChild = curChild.nextSibling;
      toEl.appendChild(curChild);
      curChild = nextChild;
    }
    return toEl;
  }
  function syncBooleanAttrProp(fromEl, toEl, name) {
    if (fromEl[name] !== toEl[name]) {
      fromEl[name] = toEl[name];
      if (fromEl[name]) {
        fromEl.setAttribute(name, "");
      } else {
        fromEl.removeAttribute(name);
      }
    }
  }
  var specialElHandlers = {
    OPTION: function(fromEl, toEl) {
      var parentNode = fromEl.parentNode;
      if (parentNode) {
        var parentName = parentNode.nodeName.toUpperCase();
        if (parentName === "OPTGROUP") {
          parentNode = parentNode.parentNode;
          parentName = parentNode && parentNode.nodeName.toUpperCase();
        }
        if (parentName === "SELECT" && !parentNode.hasAttribute("multiple")) {
          if (fromEl.hasAttribute("selected") && !toEl.selected) {
            fromEl.setAttribute("selected", "selected");
            fromEl.removeAttribute("selected");
          }
          parentNode.selectedIndex = -1;
        }
      }
      syncBooleanAttrProp(fromEl, toEl, "selected");
    },
    /**
     * The "value" attribute is special for the <input> element since it sets
     * the initial value. Changing the "value" attribute without changing the
     * "value" property will have no effect since it is only used to the set the
     * initial value.  Similar for the "checked" attribute, and "disabled".
     */
    INPUT: function(fromEl, toEl) {
      syncBooleanAttrProp(fromEl, toEl, "checked");
      syncBooleanAttrProp(fromEl, toEl, "disabled");
      if (fromEl.value !== toEl.value) {
        fromEl.value = toEl.value;
      }
      if (!toEl.hasAttribute("value")) {
        fromEl.removeAttribute("value");
      }
    },
    TEXTAREA: function(fromEl, toEl) {
      var newValue = toEl.value;
      if (fromEl.value !== newValue) {
        fromEl.value = newValue;
      }
      var firstChild = fromEl.firstChild;
      if (firstChild) {
        var oldValue = firstChild.nodeValue;
        if (oldValue == newValue || !newValue && oldValue == fromEl.placeholder) {
          return;
        }
        firstChild.nodeValue = newValue;
      }
    },
    SELECT: function(fromEl, toEl) {
      if (!toEl.hasAttribute("multiple")) {
        var selectedIndex = -1;
        var i = 0;
        var curChild = fromEl.firstChild;
        var optgroup;
        var nodeName;
        while (curChild) {
          nodeName = curChild.nodeName && curChild.nodeName.toUpperCase();
          if (nodeName === "OPTGROUP") {
            optgroup = curChild;
            curChild = optgroup.firstChild;
            if (!curChild) {
              curChild = optgroup.nextSibling;
              optgroup = null;
            }
          } else {
            if (nodeName === "OPTION") {
              if (curChild.hasAttribute("selected")) {
                selectedIndex = i;
                break;
              }
              i++;
            }
            curChild = curChild.nextSibling;
            if (!curChild && optgroup) {
              curChild = optgroup.nextSibling;
              optgroup = null;
            }
          }
        }
        fromEl.selectedIndex = selectedIndex;
      }
    }
  };
  var ELEMENT_NODE = 1;
  var DOCUMENT_FRAGMENT_NODE$1 = 11;
  var TEXT_NODE = 3;
  var COMMENT_NODE = 8;
  function noop() {
  }
  function defaultGetNodeKey(node) {
    if (node) {
      return node.getAttribute && node.getAttribute("id") || node.id;
    }
  }
  function morphdomFactory(morphAttrs2) {
    return function morphdom2(fromNode, toNode, options) {
      if (!options) {
        options = {};
      }
      if (typeof toNode === "string") {
        if (fromNode.nodeName === "#document" || fromNode.nodeName === "HTML") {
          var toNodeHtml = toNode;
          toNode = doc.createElement("html");
          toNode.innerHTML = toNodeHtml;
        } else if (fromNode.nodeName === "BODY") {
          var toNodeBody = toNode;
          toNode = doc.createElement("html");
          toNode.innerHTML = toNodeBody;
          var bodyElement = toNode.querySelector("body");
          if (bodyElement) {
            toNode = bodyElement;
          }
        } else {
          toNode = toElement(toNode);
        }
      } else if (toNode.nodeType === DOCUMENT_FRAGMENT_NODE$1) {
        toNode = toNode.firstElementChild;
      }
      var getNodeKey = options.getNodeKey || defaultGetNodeKey;
      var onBeforeNodeAdded = options.onBeforeNodeAdded || noop;
      var onNodeAdded = options.onNodeAdded || noop;
      var onBeforeElUpdated = options.onBeforeElUpdated || noop;
      var onElUpdated = options.onElUpdated || noop;
      var onBeforeNodeDiscarded = options.onBeforeNodeDiscarded || noop;
      var onNodeDiscarded = options.onNodeDiscarded || noop;
      var onBeforeElChildrenUpdated = options.onBeforeElChildrenUpdated || noop;
      var skipFromChildren = options.skipFromChildren || noop;
      var addChild = options.addChild || function(parent, child) {
        return parent.appendChild(child);
      };
      var childrenOnly = options.childrenOnly === true;
      var fromNodesLookup = /* @__PURE__ */ Object.create(null);
      var keyedRemovalList = [];
      function addKeyedRemoval(key) {
        keyedRemovalList.push(key);
      }
      function walkDiscardedChildNodes(node, skipKeyedNodes) {
        if (node.nodeType === ELEMENT_NODE) {
          var curChild = node.firstChild;
          while (curChild) {
            var key = void 0;
            if (skipKeyedNodes && (key = getNodeKey(curChild))) {
              addKeyedRemoval(key);
            } else {
              onNodeDiscarded(curChild);
              if (curChild.firstChild) {
                walkDiscardedChildNodes(curChild, skipKeyedNodes);
              }
            }
            curChild = curChild.nextSibling;
          }
        }
      }
      function removeNode(node, parentNode, skipKeyedNodes) {
        if (onBeforeNodeDiscarded(node) === false) {
          return;
        }
        if (parentNode) {
          parentNode.removeChild(node);
        }
        onNodeDiscarded(node);
        walkDiscardedChildNodes(node, skipKeyedNodes);
      }
      function indexTree(node) {
        if (node.nodeType === ELEMENT_NODE || node.nodeType === DOCUMENT_FRAGMENT_NODE$1) {
          var curChild = node.firstChild;
          while (curChild) {
            var key = getNodeKey(curChild);
            if (key) {
              fromNodesLookup[key] = curChild;
            }
            indexTree(curChild);
            curChild = curChild.nextSibling;
          }
        }
      }
      indexTree(fromNode);
      function handleNodeAdded(el) {
        onNodeAdded(el);
        var curChild = el.firstChild;
        while (curChild) {
          var nextSibling = curChild.nextSibling;
          var key = getNodeKey(curChild);
          if (key) {
            var unmatchedFromEl = fromNodesLookup[key];
            if (unmatchedFromEl && compareNodeNames(curChild, unmatchedFromEl)) {
              curChild.parentNode.replaceChild(unmatchedFromEl, curChild);
              morphEl(unmatchedFromEl, curChild);
            } else {
              handleNodeAdded(curChild);
            }
          } else {
            handleNodeAdded(curChild);
          }
          curChild = nextSibling;
        }
      }
      function cleanupFromEl(fromEl, curFromNodeChild, curFromNodeKey) {
        while (curFromNodeChild) {
          var fromNextSibling = curFromNodeChild.nextSibling;
          if (curFromNodeKey = getNodeKey(curFromNodeChild)) {
            addKeyedRemoval(curFromNodeKey);
          } else {
            removeNode(
              curFromNodeChild,
              fromEl,
              true
              /* skip keyed nodes */
            );
          }
          curFromNodeChild = fromNextSibling;
        }
      }
      function morphEl(fromEl, toEl, childrenOnly2) {
        var toElKey = getNodeKey(toEl);
        if (toElKey) {
          delete fromNodesLookup[toElKey];
        }
        if (!childrenOnly2) {
          var beforeUpdateResult = onBeforeElUpdated(fromEl, toEl);
          if (beforeUpdateResult === false) {
            return;
          } else if (beforeUpdateResult instanceof HTMLElement) {
            fromEl = beforeUpdateResult;
            indexTree(fromEl);
          }
          morphAttrs2(fromEl, toEl);
          onElUpdated(fromEl);
          if (onBeforeElChildrenUpdated(fromEl, toEl) === false) {
            return;
          }
        }
        if (fromEl.nodeName !== "TEXTAREA") {
          morphChildren(fromEl, toEl);
        } else {
          specialElHandlers.TEXTAREA(fromEl, toEl);
        }
      }
      function morphChildren(fromEl, toEl) {
        var skipFrom = skipFromChildren(fromEl, toEl);
        var curToNodeChild = toEl.firstChild;
        var curFromNodeChild = fromEl.firstChild;
        var curToNodeKey;
        var curFromNodeKey;
        var fromNextSibling;
        var toNextSibling;
        var matchingFromEl;
        outer: while (curToNodeChild) {
          toNextSibling = curToNodeChild.nextSibling;
          curToNodeKey = getNodeKey(curToNodeChild);
          while (!skipFrom && curFromNodeChild) {
            fromNextSibling = curFromNodeChild.nextSibling;
            if (curToNodeChild.isSameNode && curToNodeChild.isSameNode(curFromNodeChild)) {
              curToNodeChild = toNextSibling;
              curFromNodeChild = fromNextSibling;
              continue outer;
            }
            curFromNodeKey = getNodeKey(curFromNodeChild);
            var curFromNodeType = curFromNodeChild.nodeType;
            var isCompatible = void 0;
            if (curFromNodeType === curToNodeChild.nodeType) {
              if (curFromNodeType === ELEMENT_NODE) {
                if (curToNodeKey) {
                  if (curToNodeKey !== curFromNodeKey) {
                    if (matchingFromEl = fromNodesLookup[curToNodeKey]) {
                      if (fromNextSibling === matchingFromEl) {
                        isCompatible = false;
                      } else {
                        fromEl.insertBefore(matchingFromEl, curFromNodeChild);
                        if (curFromNodeKey) {
                          addKeyedRemoval(curFromNodeKey);
                        } else {
                          removeNode(
                            curFromNodeChild,
                            fromEl,
                            true
                            /* skip keyed nodes */
                          );
                        }
                        curFromNodeChild = matchingFromEl;
                        curFromNodeKey = getNodeKey(curFromNodeChild);
                      }
                    } else {
                      isCompatible = false;
                    }
                  }
                } else if (curFromNodeKey) {
                  isCompatible = false;
                }
                isCompatible = isCompatible !== false && compareNodeNames(curFromNodeChild, curToNodeChild);
                if (isCompatible) {
                  morphEl(curFromNodeChild, curToNodeChild);
                }
              } else if (curFromNodeType === TEXT_NODE || curFromNodeType == COMMENT_NODE) {
                isCompatible = true;
                if (curFromNodeChild.nodeValue !== curToNodeChild.nodeValue) {
                  curFromNodeChild.nodeValue = curToNodeChild.nodeValue;
                }
              }
            }
            if (isCompatible) {
              curToNodeChild = toNextSibling;
              curFromNodeChild = fromNextSibling;
              continue outer;
            }
            if (curFromNodeKey) {
              addKeyedRemoval(curFromNodeKey);
            } else {
              removeNode(
                curFromNodeChild,
                fromEl,
                true
                /* skip keyed nodes */
              );
            }
            curFromNodeChild = fromNextSibling;
          }
          if (curToNodeKey && (matchingFromEl = fromNodesLookup[curToNodeKey]) && compareNodeNames(matchingFromEl, curToNodeChild)) {
            if (!skipFrom) {
              addChild(fromEl, matchingFromEl);
            }
            morphEl(matchingFromEl, curToNodeChild);
          } else {
            var onBeforeNodeAddedResult = onBeforeNodeAdded(curToNodeChild);
            if (onBeforeNodeAddedResult !== false) {
              if (onBeforeNodeAddedResult) {
                curToNodeChild = onBeforeNodeAddedResult;
              }
              if (curToNodeChild.actualize) {
                curToNodeChild = curToNodeChild.actualize(fromEl.ownerDocument || doc);
              }
              addChild(fromEl, curToNodeChild);
              handleNodeAdded(curToNodeChild);
            }
          }
          curToNodeChild = toNextSibling;
          curFromNodeChild = fromNextSibling;
        }
        cleanupFromEl(fromEl, curFromNodeChild, curFromNodeKey);
        var specialElHandler = specialElHandlers[fromEl.nodeName];
        if (specialElHandler) {
          specialElHandler(fromEl, toEl);
        }
      }
      var morphedNode = fromNode;
      var morphedNodeType = morphedNode.nodeType;
      var toNodeType = toNode.nodeType;
      if (!childrenOnly) {
        if (morphedNodeType === ELEMENT_NODE) {
          if (toNodeType === ELEMENT_NODE) {
            if (!compareNodeNames(fromNode, toNode)) {
              onNodeDiscarded(fromNode);
              morphedNode = moveChildren(fromNode, createElementNS(toNode.nodeName, toNode.namespaceURI));
            }
          } else {
            morphedNode = toNode;
          }
        } else if (morphedNodeType === TEXT_NODE || morphedNodeType === COMMENT_NODE) {
          if (toNodeType === morphedNodeType) {
            if (morphedNode.nodeValue !== toNode.nodeValue) {
              morphedNode.nodeValue = toNode.nodeValue;
            }
            return morphedNode;
          } else {
            morphedNode = toNode;
          }
        }
      }
      if (morphedNode === toNode) {
        onNodeDiscarded(fromNode);
      } else {
        if (toNode.isSameNode && toNode.isSameNode(morphedNode)) {
          return;
        }
        morphEl(morphedNode, toNode, childrenOnly);
        if (keyedRemovalList) {
          for (var i = 0, len = keyedRemovalList.length; i < len; i++) {
            var elToRemove = fromNodesLookup[keyedRemovalList[i]];
            if (elToRemove) {
              removeNode(elToRemove, elToRemove.parentNode, false);
            }
          }
        }
      }
      if (!childrenOnly && morphedNode !== fromNode && fromNode.parentNode) {
        if (morphedNode.actualize) {
          morphedNode = morphedNode.actualize(fromNode.ownerDocument || doc);
        }
        fromNode.parentNode.replaceChild(morphedNode, fromNode);
      }
      return morphedNode;
    };
  }
  var morphdom = morphdomFactory(morphAttrs);
  var morphdom_esm_default = morphdom;

  // src/live/fields.js
  var TAKE = "take";
  var KEEP = "keep";
  var HOLD = "hold";
  var isCheckable = (el) => el.type === "checkbox" || el.type === "radio";
  function renderedValue(el) {
    if (isCheckable(el)) return el.hasAttribute("checked");
    if (el.tagName === "TEXTAREA") return el.defaultValue;
    if (el.tagName === "SELECT") return JSON.stringify(renderedOptions(el));
    return el.getAttribute("value") || "";
  }
  function liveValue(el) {
    if (isCheckable(el)) return el.checked;
    if (el.tagName === "SELECT") return JSON.stringify(selectedValues(el));
    return el.value;
  }
  function renderedOptions(select) {
    const options = [...select.options];
    const chosen = options.filter((option) => option.hasAttribute("selected"));
    if (chosen.length === 0 && !select.multiple && options.length > 0) chosen.push(options[0]);
    return chosen.map((option) => option.value);
  }
  function selectedValues(select) {
    return [...select.options].filter((option) => option.selected).map((option) => option.value);
  }
  function reselect(select, values) {
    const wanted = new Set(values);
    for (const option of select.options) option.selected = wanted.has(option.value);
  }
  function fieldUpdate(el, next, { owned = false, resume = false } = {}) {
    if (owned || forced(el, next)) return TAKE;
    const server = renderedValue(next);
    if (server === renderedValue(el) || resume && isDirty(el)) return KEEP;
    const focused = el.ownerDocument.activeElement === el && !isCheckable(el);
    if (focused && liveValue(el) !== server) return HOLD;
    return TAKE;
  }
  function forced(el, next) {
    return next.hasAttribute(ATTR_FORCE) && next.getAttribute(ATTR_FORCE) !== el.getAttribute(ATTR_FORCE);
  }
  var held = /* @__PURE__ */ new WeakMap();
  function hold(el, next) {
    held.set(el, next.cloneNode(true));
  }
  function release(el) {
    held.delete(el);
  }
  function heldRender(field) {
    const next = held.get(field);
    if (!next) return null;
    if (isDirty(field) && sendsItsValue(field)) return null;
    held.delete(field);
    return next;
  }
  var SENDS_VALUES = [ATTR_INPUT, ATTR_CHANGE, ATTR_SUBMIT].map((attr) => `[${attr}]`).join(", ");
  function sendsItsValue(field) {
    return field.closest(SENDS_VALUES) !== null;
  }
  function showRendered(field) {
    if (!isCheckable(field)) return;
    const group = field.type === "radio" && field.name && field.form ? [...field.form.elements].filter((el) => el.type === "radio" && el.name === field.name) : [field];
    for (const el of group) el.checked = el.hasAttribute("checked");
  }

  // src/live/inflight.js
  function isSubmitButton(el) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (el.tagName === "BUTTON") return type === "" || type === "submit";
    return el.tagName === "INPUT" && (type === "submit" || type === "image");
  }
  var locks = /* @__PURE__ */ new WeakMap();
  function lockedBy(el, submitting = false) {
    if (!el) return [];
    const found = [];
    if (submitting && el.tagName === "FORM") found.push(...[...el.elements].filter(isSubmitButton));
    if (el.hasAttribute(ATTR_DISABLE_WITH)) found.push(el);
    return [...new Set(found)];
  }
  function lock(elements) {
    for (const el of elements) {
      const held2 = locks.get(el);
      if (held2) {
        held2.count += 1;
        continue;
      }
      locks.set(el, { count: 1, disabled: el.disabled, label: readLabel(el) });
      disable(el);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const el of elements) {
        const held2 = locks.get(el);
        if (!held2) continue;
        held2.count -= 1;
        if (held2.count > 0) continue;
        locks.delete(el);
        el.disabled = held2.disabled;
        if (!held2.disabled) el.removeAttribute("disabled");
        if (el.hasAttribute(ATTR_DISABLE_WITH)) writeLabel(el, held2.label);
      }
    };
  }
  function isLocked(el) {
    return locks.has(el);
  }
  function keepLocked(fromEl, toEl) {
    const held2 = locks.get(fromEl);
    if (!held2) return;
    held2.disabled = toEl.hasAttribute("disabled");
    if (fromEl.hasAttribute(ATTR_DISABLE_WITH)) held2.label = readLabel(toEl);
    disable(toEl, fromEl.getAttribute(ATTR_DISABLE_WITH));
  }
  function disable(el, text = el.getAttribute(ATTR_DISABLE_WITH)) {
    el.disabled = true;
    el.setAttribute("disabled", "");
    if (text !== null) writeLabel(el, text);
  }
  var isInput = (el) => el.tagName === "INPUT";
  function readLabel(el) {
    return isInput(el) ? el.value : [...el.childNodes];
  }
  function writeLabel(el, label) {
    if (isInput(el)) el.value = typeof label === "string" ? label : "";
    else if (typeof label === "string") el.textContent = label;
    else el.replaceChildren(...label);
  }

  // src/live/loading.js
  var counts = /* @__PURE__ */ new WeakMap();
  function startLoading(elements) {
    const unique = [...new Set(elements)];
    for (const el of unique) {
      counts.set(el, (counts.get(el) || 0) + 1);
      el.classList.add(CLASS_LOADING);
    }
    return () => {
      for (const el of unique) {
        const left = counts.get(el) - 1;
        counts.set(el, left);
        if (left > 0) continue;
        el.classList.remove(CLASS_LOADING);
        if (el.classList.length === 0) el.removeAttribute("class");
      }
    };
  }
  function isLoading(el) {
    return (counts.get(el) || 0) > 0;
  }

  // src/live/protocol.js
  var LIVEVIEW_TOPIC_PREFIX = "lv:";
  var EVENT_EVENT = "event";
  var EVENT_DIFF = "diff";
  var EVENT_PUSH = "push";
  var EVENT_RESYNC = "resync";
  var PAYLOAD_VERSION = "v";
  var PAYLOAD_FINGERPRINTS = "f";
  var PAYLOAD_TREE = "t";
  var PAYLOAD_DIFF = "d";
  var PAYLOAD_HANDLER = "e";
  var PAYLOAD_PARAMS = "p";
  var PAYLOAD_PUSH_EVENT = "event";
  var PAYLOAD_PUSH_PAYLOAD = "payload";
  var TREE_FINGERPRINT = "f";
  var TREE_STATICS = "s";
  var TREE_ROWS = "r";
  var TREE_KEY = "k";
  var DIFF_OPS = "o";
  var PAGE_BLOCKS = "b";
  var PAGE_STREAM = "q";
  var PAGE_EXCEPTIONS = "x";
  var BLOCK_PARTS = "p";
  var LOOP_BODY = "r";
  var LOOP_EMPTY = "e";
  var PART_STREAM = 0;
  var PART_READ = 1;
  var OP_UPDATE = "u";
  var OP_INSERT = "i";
  var OP_DELETE = "d";
  var OP_MOVE = "m";
  var OP_REBUILD = "k";
  var PARAM_VALUE = "value";
  var PARAM_KEY = "key";

  // src/live/params.js
  var FIELD_TAGS = /* @__PURE__ */ new Set(["INPUT", "SELECT", "TEXTAREA"]);
  var isField = (el) => FIELD_TAGS.has(el.tagName);
  var isCheckable2 = (el) => el.type === "checkbox" || el.type === "radio";
  function valueParams(el) {
    const params = {};
    for (const { name, value } of el.attributes) {
      if (name.startsWith(ATTR_VALUE_PREFIX)) params[name.slice(ATTR_VALUE_PREFIX.length)] = value;
    }
    return params;
  }
  function fieldValue(field) {
    if (isCheckable2(field)) return field.checked ? field.value : "";
    if (field.tagName === "SELECT" && field.multiple) {
      return [...field.options].filter((option) => option.selected).map((option) => option.value);
    }
    return field.value;
  }
  function fieldParams(field) {
    const value = fieldValue(field);
    const params = { [PARAM_VALUE]: value };
    if (field.name && !(isCheckable2(field) && !field.checked)) params[field.name] = value;
    return { ...params, ...valueParams(field) };
  }
  function entriesToParams(entries) {
    const params = {};
    for (const [name, entry] of entries) {
      const value = typeof entry === "string" ? entry : entry.name;
      if (!(name in params)) params[name] = value;
      else if (Array.isArray(params[name])) params[name].push(value);
      else params[name] = [params[name], value];
    }
    return params;
  }
  function formParams(form, submitter) {
    const data = submitter ? new FormData(form, submitter) : new FormData(form);
    return { ...entriesToParams(data), ...valueParams(form) };
  }
  function keyParams(el, event) {
    const params = { [PARAM_KEY]: event.key };
    if (isField(el)) params[PARAM_VALUE] = fieldValue(el);
    return { ...params, ...valueParams(el) };
  }

  // src/live/dom.js
  function nodeKey(node) {
    if (!node.getAttribute) return void 0;
    const isKeyFilter = node.hasAttribute(ATTR_KEYDOWN) || node.hasAttribute(ATTR_KEYUP);
    return !isKeyFilter && node.getAttribute(ATTR_KEY) || node.id || void 0;
  }
  function patch(root, html, { resume = false, owned = /* @__PURE__ */ new Set() } = {}) {
    const target = root.cloneNode(false);
    target.innerHTML = html;
    const updatedHooks = [];
    morphdom_esm_default(root, target, { ...morphOptions(updatedHooks, resume, owned), childrenOnly: true });
    return updatedHooks;
  }
  function patchElement(el, newEl) {
    const updatedHooks = [];
    morphdom_esm_default(el, newEl, morphOptions(updatedHooks, false, /* @__PURE__ */ new Set()));
    return updatedHooks;
  }
  function morphOptions(updatedHooks, resume, owned) {
    const reselected = /* @__PURE__ */ new Map();
    return {
      getNodeKey: nodeKey,
      onNodeAdded(node) {
        if (node.nodeType === 1 && node.hasAttribute(ATTR_HOOK)) rendered.set(node, node.outerHTML);
      },
      onBeforeElUpdated(fromEl, toEl) {
        if (fromEl.getAttribute(ATTR_UPDATE) === UPDATE_IGNORE) return false;
        if (fromEl.hasAttribute(ATTR_HOOK) && renderChanged(fromEl, toEl)) updatedHooks.push(fromEl);
        if (isLoading(fromEl)) toEl.classList.add(CLASS_LOADING);
        keepLocked(fromEl, toEl);
        return isField(fromEl) ? updateField(fromEl, toEl, { owned: owned.has(fromEl), resume }, reselected) : true;
      },
      onElUpdated(el) {
        if (reselected.has(el)) reselect(el, reselected.get(el));
      }
    };
  }
  function updateField(fromEl, toEl, how, reselected) {
    const update = fieldUpdate(fromEl, toEl, how);
    if (update === HOLD) {
      hold(fromEl, toEl);
      return false;
    }
    release(fromEl);
    if (update === TAKE) return true;
    if (fromEl.tagName === "SELECT") {
      reselected.set(fromEl, selectedValues(fromEl));
      return true;
    }
    copyAttributes(fromEl, toEl);
    if (fromEl.tagName === "TEXTAREA" && fromEl.defaultValue !== toEl.defaultValue) {
      const value = fromEl.value;
      fromEl.defaultValue = toEl.defaultValue;
      if (fromEl.value !== value) fromEl.value = value;
    }
    return false;
  }
  function applyHeld(field) {
    const next = heldRender(field);
    if (next) morphdom_esm_default(field, next, morphOptions([], false, /* @__PURE__ */ new Set([field])));
  }
  var rendered = /* @__PURE__ */ new WeakMap();
  function renderChanged(el, serverEl) {
    const html = serverEl.outerHTML;
    const last = rendered.has(el) ? rendered.get(el) : el.outerHTML;
    rendered.set(el, html);
    return html !== last;
  }
  function copyAttributes(fromEl, toEl) {
    for (const { name } of [...fromEl.attributes]) {
      if (!toEl.hasAttribute(name)) fromEl.removeAttribute(name);
    }
    for (const { name, value } of toEl.attributes) {
      if (fromEl.getAttribute(name) !== value) fromEl.setAttribute(name, value);
    }
  }

  // src/live/bindings.js
  var BINDINGS = [
    ["click", ATTR_CLICK, (el) => valueParams(el)],
    ["submit", ATTR_SUBMIT, (el, event) => formParams(el, event.submitter)],
    ["change", ATTR_CHANGE, (el) => fieldOrFormParams(el)],
    ["input", ATTR_INPUT, (el) => fieldOrFormParams(el)],
    ["keydown", ATTR_KEYDOWN, (el, event) => keyParams(el, event)],
    ["keyup", ATTR_KEYUP, (el, event) => keyParams(el, event)],
    ["focusin", ATTR_FOCUS, (el) => valueParams(el)],
    ["focusout", ATTR_BLUR, (el) => valueParams(el)]
  ];
  var DEBOUNCED = /* @__PURE__ */ new Set([ATTR_INPUT, ATTR_CHANGE]);
  function fieldOrFormParams(el) {
    if (el.tagName === "FORM") return formParams(el);
    return isField(el) ? fieldParams(el) : valueParams(el);
  }
  var Bindings = class {
    /**
     * `viewFor(root)` returns the view of a [dj-root] element, or undefined. `options.clock`
     * ({now()}, for tests) times dj-throttle.
     */
    constructor(document2, viewFor, { clock = Date } = {}) {
      this.document = document2;
      this.viewFor = viewFor;
      this.clock = clock;
      this.timers = /* @__PURE__ */ new WeakMap();
      this.lastSent = /* @__PURE__ */ new WeakMap();
      this.listeners = BINDINGS.map(([type, attr, params]) => [
        type,
        (event) => this.handle(event, attr, params)
      ]);
      this.listeners.push(["input", (event) => this.typed(event)]);
      this.listeners.push(["focusout", (event) => this.left(event)]);
    }
    start() {
      for (const [type, listener] of this.listeners) this.document.addEventListener(type, listener);
    }
    stop() {
      for (const [type, listener] of this.listeners) this.document.removeEventListener(type, listener);
    }
    handle(event, attr, params) {
      if (!isElement(event.target)) return;
      const el = event.target.closest(`[${attr}]`);
      const root = el && el.closest(`[${ATTR_ROOT}]`);
      const view = root && this.viewFor(root);
      if (!view) return;
      if (event.type === "submit") event.preventDefault();
      if ((attr === ATTR_KEYDOWN || attr === ATTR_KEYUP) && !keyMatches(el, event)) return;
      const submitting = attr === ATTR_SUBMIT;
      if (submitting && lockedBy(el, true).some(isLocked)) return;
      if (this.throttled(el)) return;
      const send = () => view.pushEvent(el.getAttribute(attr), params(el, event), el, { submitting });
      const delay = DEBOUNCED.has(attr) ? Number(el.getAttribute(ATTR_DEBOUNCE)) : 0;
      if (delay > 0) {
        clearTimeout(this.timers.get(el));
        this.timers.set(el, setTimeout(send, delay));
      } else {
        send();
      }
    }
    // dj-throttle="N": the first event goes, then none for N ms.
    throttled(el) {
      const interval = Number(el.getAttribute(ATTR_THROTTLE));
      if (!(interval > 0)) return false;
      const now = this.clock.now();
      const last = this.lastSent.get(el);
      if (last !== void 0 && now - last < interval) return true;
      this.lastSent.set(el, now);
      return false;
    }
    left(event) {
      const field = event.target;
      if (isElement(field) && isField(field) && field.closest(`[${ATTR_ROOT}]`)) applyHeld(field);
    }
    typed(event) {
      const field = event.target;
      if (isElement(field) && isField(field) && field.closest(`[${ATTR_ROOT}]`)) {
        markDirty(field);
      }
    }
  };
  var isElement = (target) => target && typeof target.closest === "function";
  function keyMatches(el, event) {
    const wanted = el.getAttribute(ATTR_KEY);
    return !wanted || wanted.toLowerCase() === String(event.key).toLowerCase();
  }

  // src/transport/protocol.js
  var PROTOCOL_VERSION = 1;
  var SOCKET_TOPIC = "";
  var EVENT_JOIN = "join";
  var EVENT_LEAVE = "leave";
  var EVENT_HEARTBEAT = "hb";
  var EVENT_OK = "ok";
  var EVENT_ERROR = "error";
  var PAYLOAD_TOKEN = "token";
  var PAYLOAD_PROTOCOL = "pv";
  var PAYLOAD_NEW_TOKEN = "tk";
  var PAYLOAD_CODE = "code";
  var PAYLOAD_REASON = "reason";
  var PAYLOAD_EXCEPTION = "exception";
  var ERROR_TOKEN_EXPIRED = "token_expired";
  var ERROR_STALE_SESSION = "stale_session";
  var ERROR_PROTOCOL_MISMATCH = "protocol_mismatch";
  var ERROR_SERVER_ERROR = "server_error";
  var ERROR_FORBIDDEN = "forbidden";
  var ERROR_LOGIN_REQUIRED = "login_required";
  var ERROR_HANDLER_ERROR = "handler_error";
  var ERROR_OVERLOADED = "overloaded";
  var ERROR_DISCONNECTED = "disconnected";
  var ERROR_TIMEOUT = "timeout";

  // src/live/connection.js
  var CRASH_CODES = /* @__PURE__ */ new Set([ERROR_HANDLER_ERROR, ERROR_SERVER_ERROR]);
  function markJoined(root) {
    root.classList.add(CLASS_CONNECTED);
    root.classList.remove(CLASS_DISCONNECTED);
    root.classList.remove(CLASS_ERROR);
  }
  function markDisconnected(root) {
    root.classList.remove(CLASS_CONNECTED);
    root.classList.add(CLASS_DISCONNECTED);
  }
  function markRefused(root) {
    root.classList.remove(CLASS_CONNECTED);
    root.classList.add(CLASS_ERROR);
  }
  function markError(root) {
    root.classList.add(CLASS_ERROR);
  }
  function clearError(root) {
    root.classList.remove(CLASS_ERROR);
  }
  var BANNER_CSS = `:where(.${CLASS_BANNER}){position:fixed;left:50%;bottom:1rem;transform:translateX(-50%);z-index:2147483647;padding:.4rem .9rem;border-radius:.4rem;background:#333;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)}:where(.${CLASS_BANNER}[hidden]){display:none}`;
  var BANNER_TEXT = "Reconnecting…";
  function installBanner(document2, socket2, script) {
    if (script && script.getAttribute(ATTR_BANNER) === BANNER_OFF) return null;
    if (!document2.body || typeof document2.createElement !== "function") return null;
    const existing = document2.querySelector(`.${CLASS_BANNER}`);
    const banner = existing || document2.createElement("div");
    if (!existing) {
      const style = document2.createElement("style");
      style.textContent = BANNER_CSS;
      banner.setAttribute("class", CLASS_BANNER);
      banner.setAttribute("role", "status");
      banner.textContent = BANNER_TEXT;
      banner.setAttribute("hidden", "");
      (document2.head || document2.body).append(style);
      document2.body.append(banner);
    }
    socket2.onClose(() => banner.removeAttribute("hidden"));
    socket2.onOpen(() => banner.setAttribute("hidden", ""));
    return banner;
  }

  // src/transport/dom-events.js
  var DOM_EVENT_PREFIX = "djwire:";
  var DOM_CONNECTED = "djwire:connected";
  var DOM_DISCONNECTED = "djwire:disconnected";
  var DOM_JOINED = "djwire:joined";
  var DOM_ERROR = "djwire:error";
  var DOM_RESYNC = "djwire:resync";
  var EVENT_CONTENT_ADDED = "DOMContentAdded";
  var DOM_CONTENT_ADDED = "djwire:content-added";
  function announceContent(el) {
    el.dispatchEvent(new CustomEvent(EVENT_CONTENT_ADDED, { bubbles: true }));
    el.dispatchEvent(new CustomEvent(DOM_CONTENT_ADDED, { bubbles: true }));
  }

  // src/live/flash.js
  var FLASH_TEXT = "Something went wrong.";
  var DISMISS_LABEL = "Dismiss";
  var FLASH_CSS = `:where(.${CLASS_ERROR_FLASH}){position:fixed;top:1rem;right:1rem;z-index:2147483647;max-width:min(36rem,calc(100vw - 2rem));display:flex;gap:.75rem;align-items:flex-start;padding:.6rem .9rem;border-radius:.4rem;background:#7f1d1d;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);overflow-wrap:anywhere}:where(.${CLASS_ERROR_FLASH}[hidden]){display:none}:where(.${CLASS_ERROR_FLASH} p){margin:0 0 .25rem}:where(.${CLASS_ERROR_FLASH} button){font:inherit;background:none;border:0;color:inherit;cursor:pointer;padding:0 .25rem}`;
  function installErrorFlash(document2, script) {
    if (script && script.getAttribute(ATTR_ERRORS) === ERRORS_OFF) return null;
    if (!document2.body || typeof document2.createElement !== "function") return null;
    const debug = Boolean(script && script.hasAttribute(ATTR_DEBUG));
    const flash = document2.createElement("div");
    flash.setAttribute("class", CLASS_ERROR_FLASH);
    flash.setAttribute("role", "alert");
    flash.setAttribute("hidden", "");
    const text = document2.createElement("div");
    const dismiss = document2.createElement("button");
    dismiss.setAttribute("type", "button");
    dismiss.setAttribute("aria-label", DISMISS_LABEL);
    dismiss.textContent = "×";
    dismiss.addEventListener("click", () => flash.setAttribute("hidden", ""));
    flash.append(text, dismiss);
    const style = document2.createElement("style");
    style.textContent = FLASH_CSS;
    (document2.head || document2.body).append(style);
    document2.body.append(flash);
    document2.addEventListener(DOM_ERROR, (event) => {
      const detail = event.detail || {};
      if (detail[PAYLOAD_CODE] === ERROR_DISCONNECTED) return;
      text.replaceChildren(...lines(document2, debug ? debugLines(detail) : [FLASH_TEXT]));
      flash.removeAttribute("hidden");
    });
    return flash;
  }
  function debugLines(detail) {
    const about = detail.event !== void 0 ? ` in event ${JSON.stringify(detail.event)}` : "";
    const signal = detail.signal !== void 0 ? ` in signal ${JSON.stringify(detail.signal)}` : "";
    const found = [`djwire: ${detail[PAYLOAD_CODE]}${about}${signal}`, detail[PAYLOAD_REASON]];
    if (detail[PAYLOAD_EXCEPTION]) found.push(`Exception: ${detail[PAYLOAD_EXCEPTION]}`);
    return found.filter((line) => line);
  }
  function lines(document2, texts) {
    return texts.map((line) => {
      const p = document2.createElement("p");
      p.textContent = line;
      return p;
    });
  }

  // src/live/hooks.js
  var hooks = {};
  var ViewHooks = class {
    /** `pushEvent(name, params, el)` sends an event through the view. */
    constructor(registry, pushEvent) {
      this.registry = registry;
      this.pushEvent = pushEvent;
      this.instances = /* @__PURE__ */ new Map();
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
  };
  function call(instance, callback) {
    if (typeof instance[callback] !== "function") return;
    try {
      instance[callback]();
    } catch (error) {
      console.error(`djwire: hook ${callback} failed`, error);
    }
  }

  // src/transport/errors.js
  var TransportError = class _TransportError extends Error {
    constructor(code, reason, exception = void 0) {
      super(`djwire: ${code}: ${reason}`);
      this.name = "TransportError";
      this.code = code;
      this.reason = reason;
      this.exception = exception;
    }
    /**
     * The error of an `error` frame's payload `{code, reason, exception?}`; the whole payload
     * is kept as `payload`, for what a capability adds to it (a write's per-field `errors`).
     */
    static fromPayload(payload) {
      const error = new _TransportError(payload[PAYLOAD_CODE], payload[PAYLOAD_REASON], payload[PAYLOAD_EXCEPTION]);
      error.payload = payload;
      return error;
    }
    /** As a DOM event's detail, with `extra` (e.g. the event name); `exception` when known. */
    detail(extra = {}) {
      const detail = { [PAYLOAD_CODE]: this.code, [PAYLOAD_REASON]: this.reason, ...extra };
      if (this.exception !== void 0) detail[PAYLOAD_EXCEPTION] = this.exception;
      return detail;
    }
  };

  // src/transport/reload.js
  var RELOAD_INTERVAL_MS = 3e4;
  var RELOAD_CODES = /* @__PURE__ */ new Set([ERROR_TOKEN_EXPIRED, ERROR_PROTOCOL_MISMATCH, ERROR_STALE_SESSION]);
  var RELOADED_AT_KEY = "djwire:reloaded-at";
  function reloadAtMostOnce(storage = globalThis.sessionStorage, location = globalThis.location, now = Date.now()) {
    try {
      const last = Number(storage.getItem(RELOADED_AT_KEY)) || 0;
      if (now - last < RELOAD_INTERVAL_MS) return false;
      storage.setItem(RELOADED_AT_KEY, String(now));
    } catch {
      return false;
    }
    location.reload();
    return true;
  }

  // src/live/tree.js
  var isObject = (value) => value !== null && typeof value === "object";
  var isComprehension = (node) => isObject(node) && TREE_ROWS in node;
  function collectStatics(node, statics) {
    if (!isObject(node)) return statics;
    if (TREE_STATICS in node) statics.set(node[TREE_FINGERPRINT], node[TREE_STATICS]);
    if (isComprehension(node)) {
      for (const row of node[TREE_ROWS]) collectRow(row, statics);
    } else {
      for (const key of dynamicKeys(node)) collectStatics(node[key], statics);
    }
    return statics;
  }
  function collectRow(row, statics) {
    for (const dynamic of row) collectStatics(dynamic, statics);
  }
  function dynamicKeys(node) {
    return Object.keys(node).filter((key) => /^\d+$/.test(key));
  }
  function mergeTree(tree, diff, statics) {
    if (!isObject(diff) || TREE_FINGERPRINT in diff) {
      collectStatics(diff, statics);
      return diff;
    }
    if (isComprehension(tree)) {
      applyOps(tree[TREE_ROWS], diff[DIFF_OPS] || [], statics);
      return tree;
    }
    if (!isObject(tree) || DIFF_OPS in diff) {
      throw new Error(`djwire: cannot merge ${JSON.stringify(diff)} into ${JSON.stringify(tree)}`);
    }
    mergeDynamics(tree, diff, statics);
    return tree;
  }
  function mergeDynamics(dynamics, diff, statics) {
    for (const key of Object.keys(diff)) {
      dynamics[key] = mergeTree(dynamics[key], diff[key], statics);
    }
  }
  function applyOps(rows, ops, statics) {
    for (const op of ops) {
      const [kind, a, b] = op;
      if (kind === OP_UPDATE) {
        mergeDynamics(rows[a], b, statics);
      } else if (kind === OP_INSERT) {
        collectRow(b, statics);
        rows.splice(a, 0, b);
      } else if (kind === OP_DELETE) {
        rows.splice(a, b);
      } else if (kind === OP_MOVE) {
        const [row] = rows.splice(a, 1);
        rows.splice(b, 0, row);
      } else if (kind === OP_REBUILD) {
        const old = rows.slice();
        for (const row of b) collectRow(row, statics);
        rows.length = 0;
        for (const j of a) rows.push(j >= 0 ? old[j] : b[-j - 1]);
      } else {
        throw new Error(`djwire: unknown comprehension op ${JSON.stringify(op)}`);
      }
    }
  }
  function treeToHTML(node, statics) {
    const out = [];
    render(node, statics, out);
    return out.join("");
  }
  function render(node, statics, out) {
    if (!isObject(node)) {
      out.push(node);
      return;
    }
    const parts = staticsOf(node, statics);
    if (isComprehension(node)) {
      for (const row of node[TREE_ROWS]) interleave(parts, row, statics, out);
    } else {
      interleave(parts, node, statics, out);
    }
  }
  function rowToHTML(node, row, statics) {
    const out = [];
    interleave(staticsOf(node, statics), row, statics, out);
    return out.join("");
  }
  function interleave(parts, dynamics, statics, out) {
    out.push(parts[0]);
    for (let i = 1; i < parts.length; i++) {
      render(dynamics[i - 1], statics, out);
      out.push(parts[i]);
    }
  }
  function staticsOf(node, statics) {
    const parts = node[TREE_STATICS] || statics.get(node[TREE_FINGERPRINT]);
    if (!parts) {
      throw new Error(`djwire: no statics for fingerprint ${JSON.stringify(node[TREE_FINGERPRINT])}`);
    }
    return parts;
  }

  // src/live/rows.js
  var ROW_OPS = /* @__PURE__ */ new Set([OP_UPDATE, OP_INSERT, OP_DELETE, OP_MOVE]);
  var isObject2 = (value) => value !== null && typeof value === "object";
  function rowChanges(tree, diff) {
    const found = [];
    return collect(tree, diff, found) ? found : null;
  }
  function collect(node, diff, found) {
    if (!isObject2(diff) || TREE_FINGERPRINT in diff || !isObject2(node)) return false;
    if (TREE_ROWS in node) {
      const ops = diff[DIFF_OPS];
      if (!(TREE_KEY in node) || !Array.isArray(ops) || node[TREE_ROWS].length === 0) return false;
      if (!ops.every((op) => ROW_OPS.has(op[0]))) return false;
      found.push([node, ops, node[TREE_ROWS].slice()]);
      return true;
    }
    return Object.keys(diff).every((key) => collect(node[key], diff[key], found));
  }
  function patchRows(root, changes, statics, morph) {
    for (const [node, ops, rows] of changes) {
      const keyIndex = node[TREE_KEY];
      const finder = new RowFinder(root, rows, keyIndex);
      for (const [kind, a, b] of ops) {
        if (kind === OP_UPDATE) {
          morph(finder.element(rows[a]), elementOf(rowToHTML(node, rows[a], statics)));
        } else if (kind === OP_INSERT) {
          rows.splice(a, 0, b);
          finder.place(elementOf(rowToHTML(node, b, statics)), rows, a);
        } else if (kind === OP_DELETE) {
          for (const row of rows.splice(a, b)) finder.element(row).remove();
        } else if (kind === OP_MOVE) {
          const el = finder.element(rows[a]);
          const [row] = rows.splice(a, 1);
          rows.splice(b, 0, row);
          finder.place(el, rows, b);
        }
      }
    }
  }
  var RowFinder = class {
    constructor(root, rows, keyIndex) {
      this.keyIndex = keyIndex;
      const first = root.querySelector(selector(keyOf(rows[0], keyIndex)));
      const last = root.querySelector(selector(keyOf(rows[rows.length - 1], keyIndex)));
      if (!first || !last || first.parentElement !== last.parentElement) {
        throw new Error("djwire: cannot find the rows' container");
      }
      this.container = first.parentElement;
    }
    element(row) {
      const el = this.container.querySelector(`:scope > ${selector(keyOf(row, this.keyIndex))}`);
      if (!el) throw new Error("djwire: a row's element is missing");
      return el;
    }
    // Put `el` where row `index` of `rows` is: before the next row's element or after the last.
    place(el, rows, index) {
      if (index + 1 < rows.length) this.container.insertBefore(el, this.element(rows[index + 1]));
      else if (index > 0) this.element(rows[index - 1]).after(el);
      else throw new Error("djwire: no row to place a row by");
    }
  };
  var selector = (key) => `[${ATTR_KEY}="${CSS.escape(key)}"]`;
  var decoder = typeof document === "undefined" ? null : document.createElement("textarea");
  function keyOf(row, keyIndex) {
    const raw = row[keyIndex];
    if (typeof raw !== "string") throw new Error("djwire: a row key is not text");
    if (!raw.includes("&")) return raw;
    decoder.innerHTML = raw;
    return decoder.value;
  }
  function elementOf(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const nodes = [...template.content.childNodes];
    const elements = nodes.filter((n) => n.nodeType === 1);
    const stray = nodes.some((n) => n.nodeType !== 1 && !(n.nodeType === 3 && !n.data.trim()));
    if (elements.length !== 1 || stray) throw new Error("djwire: a row is not one element");
    return elements[0];
  }

  // src/live/patcher.js
  var Patcher = class {
    /** `view` holds `root`, `tree`, `statics` and `hooks`, and can `resync()`. */
    constructor(view) {
      this.view = view;
      this.counts = { rows: 0, whole: 0 };
    }
    /**
     * Apply a sequencer step: merge its diffs, patch the page once, resync if asked. `owned` are
     * fields whose value the server's render decides even if focused (a form just submitted).
     */
    apply({ apply: diffs, resync }, owned = []) {
      const view = this.view;
      try {
        let whole = owned.length > 0;
        const rowWork = [];
        for (const diff of diffs) {
          const changes = whole ? null : rowChanges(view.tree, diff);
          view.tree = mergeTree(view.tree, diff, view.statics);
          if (changes === null) whole = true;
          else rowWork.push(changes);
        }
        if (whole) this.render({ owned });
        else if (rowWork.length > 0) this.patchRows(rowWork);
      } catch (error) {
        console.warn("djwire: could not apply a diff, resyncing", error);
        view.resync();
        return;
      }
      if (resync) view.resync();
    }
    patchRows(work) {
      const view = this.view;
      const updated = [];
      const morph = (el, newEl) => updated.push(...patchElement(el, newEl));
      try {
        for (const changes of work) patchRows(view.root, changes, view.statics, morph);
        this.counts.rows += 1;
      } catch (error) {
        console.debug("djwire: rows patched whole", error);
        this.render();
        return;
      }
      view.hooks.afterPatch(view.root, updated);
      announceContent(view.root);
    }
    render({ resume = false, owned = [] } = {}) {
      const view = this.view;
      this.counts.whole += 1;
      const html = treeToHTML(view.tree, view.statics);
      const updated = patch(view.root, html, { resume, owned: new Set(owned) });
      view.hooks.afterPatch(view.root, updated);
      announceContent(view.root);
    }
  };

  // src/live/sequencer.js
  var step = (apply, resync) => ({ apply, resync });
  var NOTHING = step([], false);
  var Sequencer = class {
    constructor(version2) {
      this.reset(version2);
    }
    /** Start over at `version` (the HTTP render, or a join reply). */
    reset(version2) {
      this.version = version2;
      this.inFlight = 0;
      this.pending = /* @__PURE__ */ new Map();
      this.target = version2;
      this.stalled = false;
    }
    /** An event was sent: its reply will come. */
    sent() {
      this.inFlight += 1;
    }
    /** A server-initiated `diff` frame. */
    push(version2, diff) {
      if (this.stalled) return NOTHING;
      const expected = this.version + 1;
      if (version2 !== expected && this.inFlight === 0 && this.pending.size === 0) {
        return this.resync();
      }
      return this.offer(version2, diff);
    }
    /** The `ok` reply to an event: `{v, d?}`. */
    reply(version2, diff) {
      this.inFlight = Math.max(0, this.inFlight - 1);
      if (this.stalled) return NOTHING;
      if (diff === void 0) {
        this.target = Math.max(this.target, version2);
        return this.drain();
      }
      return this.offer(version2, diff);
    }
    /** The `error` reply to an event: the view's state did not change. */
    failed() {
      return this.reply(this.version, void 0);
    }
    offer(version2, diff) {
      if (version2 <= this.version || this.pending.has(version2)) return this.resync();
      this.pending.set(version2, diff);
      return this.drain();
    }
    drain() {
      const apply = [];
      while (this.pending.has(this.version + 1)) {
        this.version += 1;
        apply.push(this.pending.get(this.version));
        this.pending.delete(this.version);
      }
      const gapOpen = this.pending.size > 0 || this.version < this.target;
      if (this.inFlight === 0 && gapOpen) return { ...this.resync(), apply };
      return step(apply, false);
    }
    /** Ignore every frame until the next `reset()` (a join is under way). */
    stall() {
      this.stalled = true;
      this.pending.clear();
    }
    resync() {
      this.stall();
      return step([], true);
    }
  };

  // src/live/html-tokens.js
  var RAW_TEXT = /* @__PURE__ */ new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]);
  var VOID = /* @__PURE__ */ new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
  var TOKEN = /<(?:(\/)?([a-zA-Z][^\t\n\f\r />]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|!--[\s\S]*?-->|[!?][^>]*>)/g;
  var ATTRIBUTE = /([^\t\n\f\r />][^\t\n\f\r />=]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]*)))?/g;
  var MARKUP_START = /<[a-zA-Z!?/]/;
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
  var SPECIAL = /[&<>"']/;
  function escapeHTML(text) {
    return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]) : text;
  }

  // src/live/sentinels.js
  var OPEN = "";
  var CLOSE = "";
  var Mismatch = class extends Error {
  };
  var sentinel = (n) => `${OPEN}${n}${CLOSE}`;
  function match(spelled, actual, found) {
    if (actual === null) throw new Mismatch("an attribute is missing");
    const at = spelled.indexOf(OPEN);
    if (at < 0) {
      if (spelled !== actual) throw new Mismatch(`the page has ${JSON.stringify(actual)}`);
      return;
    }
    const close = spelled.indexOf(CLOSE, at);
    const suffix = spelled.slice(close + 1);
    if (suffix.includes(OPEN)) throw new Mismatch("two values in one text");
    const prefix = spelled.slice(0, at);
    if (!actual.startsWith(prefix) || !actual.endsWith(suffix) || actual.length < prefix.length + suffix.length) {
      throw new Mismatch(`the page has ${JSON.stringify(actual)} for ${JSON.stringify(spelled)}`);
    }
    found[Number(spelled.slice(at + 1, close))] = actual.slice(prefix.length, actual.length - suffix.length);
  }

  // src/live/block-shape.js
  var CannotTell = class extends Mismatch {
  };
  var IN_TEXT = 0;
  var IN_TAG = 1;
  var IN_DOUBLE = 2;
  var IN_SINGLE = 3;
  var IN_UNQUOTED = 4;
  var IN_RAW = 5;
  var IN_COMMENT = 6;
  var UNSAFE = [MARKUP_START, /[<>"']/, /"/, /'/, /^$|[\t\n\f\r >"'<=\x60]/, /<\//, />/];
  var READ_TEXT = 0;
  var READ_ATTRIBUTE = 1;
  var VALUE = 2;
  var BRANCH = 3;
  var LOOP = 4;
  var ELEMENT = 5;
  var HOLE = "";
  function shapeOf(fingerprint, block, place, decode2) {
    const shape = new Shape(fingerprint, block, place);
    const statics = shape.statics;
    if (statics.some((text2) => text2.includes(HOLE))) throw new CannotTell();
    const text = statics.join(HOLE);
    if (place === IN_TEXT) {
      new TextScan(shape, text, decode2).run();
    } else if (place === IN_TAG) {
      if (/[<>]/.test(text) || shape.kinds.includes(PART_READ)) throw new CannotTell();
      shape.places.fill(IN_TAG);
      attributes(shape, text, 0, decode2);
    } else {
      if (place === IN_UNQUOTED || UNSAFE[place].test(statics.join(""))) throw new CannotTell();
      shape.places.fill(place);
    }
    shape.types.forEach((type, i) => {
      if (shape.places[i] < 0) throw new CannotTell();
      if (type === READ_TEXT && shape.located[i] === void 0) throw new CannotTell();
    });
    shape.opens.forEach((names, i) => {
      for (const name of names) shape.step(ELEMENT, name);
      if (i < shape.types.length) shape.step(shape.types[i], i);
    });
    return shape;
  }
  var Shape = class {
    constructor(fingerprint, block, place) {
      this.fingerprint = fingerprint;
      this.statics = block[TREE_STATICS];
      this.kinds = block[BLOCK_PARTS];
      this.place = place;
      this.keys = this.kinds.map((_kind, i) => String(i));
      this.types = this.kinds.map((kind) => {
        if (kind === PART_READ) return READ_TEXT;
        if (kind === PART_STREAM) return VALUE;
        return Array.isArray(kind) ? BRANCH : LOOP;
      });
      this.opens = this.statics.map(() => []);
      this.places = this.kinds.map(() => -1);
      this.located = [];
      this.prefixes = [];
      this.suffixes = [];
      this.nested = this.kinds.map(() => null);
      this.steps = [];
      this.operands = [];
    }
    step(step2, operand) {
      this.steps.push(step2);
      this.operands.push(operand);
    }
    locate(i, where, before, after, decode2) {
      if (this.types[i] === VALUE || this.types[i] > READ_ATTRIBUTE) return;
      this.types[i] = where === "" ? READ_TEXT : READ_ATTRIBUTE;
      this.located[i] = where;
      this.prefixes[i] = domText(before, decode2);
      this.suffixes[i] = domText(after, decode2);
    }
  };
  function domText(text, decode2) {
    return text.includes("&") || text.includes("\r") ? decode2(text) : text;
  }
  function holesIn(text, start2, end) {
    const found = [];
    for (let at = text.indexOf(HOLE, start2); at >= 0 && at < end; at = text.indexOf(HOLE, at + 1)) {
      found.push(at);
    }
    return found;
  }
  var TextScan = class {
    constructor(shape, text, decode2) {
      this.shape = shape;
      this.text = text;
      this.decode = decode2;
      this.part = 0;
    }
    // Number the HOLEs at `offsets` (the next parts, in order) and give them `place`.
    take(offsets, place) {
      const first = this.part;
      for (let k = 0; k < offsets.length; k++) this.shape.places[first + k] = place;
      this.part += offsets.length;
      return first;
    }
    run() {
      const text = this.text;
      const token = new RegExp(TOKEN.source, "g");
      let textStart = 0;
      let before = null;
      for (let m = token.exec(text); m !== null; m = token.exec(text)) {
        this.between(textStart, m.index, before, m);
        let end = token.lastIndex;
        const name = m[2];
        before = null;
        if (name === void 0) {
          this.take(holesIn(text, m.index, end), IN_COMMENT);
        } else if (m[1] !== void 0) {
          this.take(holesIn(text, m.index, end), IN_TAG);
        } else {
          if (name.includes(HOLE)) throw new CannotTell();
          const lower = name.toLowerCase();
          this.shape.opens[this.part].push(lower);
          const source = m[3];
          const offsets = holesIn(text, m.index, end);
          if (offsets.length > 0) {
            const first = this.take(offsets, IN_TAG);
            attributes(this.shape, source, first, this.decode);
          }
          if (!VOID.has(lower)) before = lower;
          if (RAW_TEXT.has(lower) || lower === "plaintext") {
            const close = new RegExp(`</${lower}`, "ig");
            close.lastIndex = end;
            const found = lower === "plaintext" ? null : close.exec(text);
            if (found === null) throw new CannotTell();
            this.take(holesIn(text, end, found.index), IN_RAW);
            before = null;
            end = found.index;
            token.lastIndex = end;
          }
        }
        textStart = end;
      }
      this.between(textStart, text.length, before, null);
    }
    // The text between two tokens (`after`: the match of the one after it, null at the end).
    between(start2, end, before, after) {
      if (start2 === end) return;
      const text = this.text;
      const segment = text.slice(start2, end);
      if (MARKUP_START.test(segment)) throw new CannotTell();
      const offsets = holesIn(text, start2, end);
      if (offsets.length === 0) return;
      const first = this.take(offsets, IN_TEXT);
      const closes = after !== null && after[1] !== void 0 && after[2].toLowerCase() === before;
      if (offsets.length === 1 && before !== null && closes) {
        const at = offsets[0];
        this.shape.locate(first, "", text.slice(start2, at), text.slice(at + 1, end), this.decode);
      }
    }
  };
  function attributes(shape, source, first, decode2) {
    var _a, _b;
    const offsets = holesIn(source, 0, source.length);
    const names = [];
    const reads = [];
    let loose = false;
    const attribute = new RegExp(ATTRIBUTE.source, "g");
    for (const m of source.matchAll(attribute)) {
      const name = m[1];
      const value = (_b = (_a = m[2]) != null ? _a : m[3]) != null ? _b : m[4];
      if (/["']/.test(name) || m[4] !== void 0 && /["']/.test(m[4])) throw new CannotTell();
      names.push(name.toLowerCase());
      if (name.includes(HOLE)) loose = true;
      if (value === void 0 || !value.includes(HOLE)) continue;
      const quoted = m[4] === void 0;
      const valueStart = m.index + m[0].length - value.length - (quoted ? 1 : 0);
      const inValue = holesIn(source, valueStart, valueStart + value.length);
      const place = m[2] !== void 0 ? IN_DOUBLE : m[3] !== void 0 ? IN_SINGLE : IN_UNQUOTED;
      const firstHere = first + offsets.indexOf(inValue[0]);
      for (let k = 0; k < inValue.length; k++) shape.places[firstHere + k] = place;
      if (!quoted) {
        loose = true;
      } else if (inValue.length === 1 && shape.types[firstHere] === READ_TEXT) {
        const at = inValue[0] - valueStart;
        shape.locate(firstHere, name.toLowerCase(), value.slice(0, at), value.slice(at + 1), decode2);
        reads.push(firstHere);
      }
    }
    const duplicates = new Set(names).size !== names.length;
    if (reads.length > 0 && (loose || duplicates)) throw new CannotTell();
  }
  function markupTags(value) {
    const names = [];
    const token = new RegExp(TOKEN.source, "g");
    let textStart = 0;
    for (let m = token.exec(value); m !== null; m = token.exec(value)) {
      if (MARKUP_START.test(value.slice(textStart, m.index))) throw new CannotTell();
      textStart = token.lastIndex;
      if (m[2] === void 0 || m[1] !== void 0) continue;
      const lower = m[2].toLowerCase();
      if (RAW_TEXT.has(lower) || lower === "plaintext") throw new CannotTell();
      names.push(lower);
    }
    if (MARKUP_START.test(value.slice(textStart))) throw new CannotTell();
    return names;
  }

  // src/live/page-reader.js
  function readByShape(root, page, decode2) {
    return new ShapeReader(root, page, decode2).read(page[TREE_FINGERPRINT]);
  }
  var ShapeReader = class {
    constructor(root, page, decode2) {
      this.blocks = page[PAGE_BLOCKS];
      this.stream = page[PAGE_STREAM];
      this.at = 0;
      this.exceptions = page[PAGE_EXCEPTIONS];
      this.excepted = Object.keys(this.exceptions).map(Number).sort((a, b) => a - b);
      this.nextExcepted = 0;
      this.readable = 0;
      this.elements = root.getElementsByTagName("*");
      this.n = 0;
      this.element = null;
      this.decode = decode2;
      this.records = /* @__PURE__ */ new Map();
    }
    read(fingerprint) {
      const tree = this.fragment(this.shape(fingerprint, IN_TEXT));
      if (this.n !== this.elements.length) throw new Mismatch("the page has more elements");
      return tree;
    }
    shape(fingerprint, place) {
      let record = this.records.get(fingerprint);
      if (record === void 0) {
        const block = this.blocks[fingerprint];
        if (block === void 0) throw new Mismatch(`no block ${fingerprint}`);
        this.records.set(fingerprint, record = { block, shapes: [], sent: false });
      }
      let shape = record.shapes[place];
      if (shape === void 0) {
        shape = record.shapes[place] = shapeOf(fingerprint, record.block, place, this.decode);
        shape.record = record;
      }
      return shape;
    }
    // The shape of block `which` of part `i` of `shape`: a branch's index, LOOP_BODY, LOOP_EMPTY.
    nested(shape, i, which) {
      let found = shape.nested[i];
      if (found === null) found = shape.nested[i] = {};
      let nested = found[which];
      if (nested === void 0) {
        const fingerprint = shape.kinds[i][which];
        if (typeof fingerprint !== "string") throw new Mismatch(`no block ${which} in part ${i}`);
        nested = found[which] = this.shape(fingerprint, shape.places[i]);
      }
      return nested;
    }
    next() {
      if (this.at >= this.stream.length) throw new Mismatch("the stream ended early");
      return this.stream[this.at++];
    }
    node(shape) {
      const node = { [TREE_FINGERPRINT]: shape.fingerprint };
      const record = shape.record;
      if (!record.sent) {
        record.sent = true;
        node[TREE_STATICS] = shape.statics;
      }
      return node;
    }
    fragment(shape) {
      const node = this.node(shape);
      this.fill(shape, node, shape.keys);
      return node;
    }
    // Fill `owner` (a fragment, by `keys`, or a row, an array: keys null) with the block's
    // dynamics, passing the page's elements its statics spell.
    fill(shape, owner, keys) {
      const steps = shape.steps;
      const operands = shape.operands;
      const elements = this.elements;
      for (let s = 0; s < steps.length; s++) {
        const step2 = steps[s];
        const operand = operands[s];
        if (step2 === ELEMENT) {
          let element = elements[this.n++];
          if (element === void 0 || element.localName !== operand) element = this.implied(element, operand);
          this.element = element;
          continue;
        }
        let value;
        if (step2 === READ_TEXT || step2 === READ_ATTRIBUTE) {
          value = this.readValue(shape, operand);
        } else if (step2 === VALUE) {
          value = this.next();
          this.passValue(value, shape.places[operand]);
        } else if (step2 === BRANCH) {
          const branch = this.next();
          value = branch === -1 ? "" : this.fragment(this.nested(shape, operand, branch));
        } else {
          value = this.loop(shape, operand);
        }
        owner[keys === null ? operand : keys[operand]] = value;
      }
    }
    loop(shape, i) {
      const count = this.next();
      if (count === -1) return this.fragment(this.nested(shape, i, LOOP_EMPTY));
      const kind = shape.kinds[i];
      const body = this.nested(shape, i, LOOP_BODY);
      const node = this.node(body);
      if (TREE_KEY in kind) node[TREE_KEY] = kind[TREE_KEY];
      const rows = [];
      for (let r = 0; r < count; r++) {
        const row = [];
        this.fill(body, row, null);
        rows.push(row);
      }
      node[TREE_ROWS] = rows;
      return node;
    }
    // The page's element where the statics spell `name` is `element`, of another name. The
    // parser adds a <tbody> around the rows of a <table> that has none (by far the commonest
    // element the statics do not spell): such a <tbody> is passed; any other is a mismatch.
    implied(element, name) {
      const added = element !== void 0 && element.localName === "tbody" && name === "tr";
      if (added && element.attributes.length === 0 && element.parentNode.localName === "table") {
        const next = this.elements[this.n++];
        if (next !== void 0 && next.localName === name && next.parentNode === element) return next;
      }
      throw new Mismatch(`the page has ${element && element.localName} for ${name}`);
    }
    // A value the page sends: markup in text is the page's elements too; elsewhere a value
    // that could change the markup around it is more than the shapes can tell.
    passValue(value, place) {
      if (!UNSAFE[place].test(value)) return;
      if (place !== IN_TEXT) throw new CannotTell();
      for (const name of markupTags(value)) {
        let element = this.elements[this.n++];
        if (element === void 0 || element.localName !== name) element = this.implied(element, name);
        this.element = element;
      }
    }
    // A value read from the DOM, in the element the walk passed last.
    readValue(shape, i) {
      const number = this.readable++;
      if (number === this.excepted[this.nextExcepted]) {
        this.nextExcepted++;
        const value = this.exceptions[number];
        this.passValue(value, shape.places[i]);
        return value;
      }
      const element = this.element;
      let text = shape.types[i] === READ_TEXT ? element.textContent : element.getAttribute(shape.located[i]);
      if (text === null) throw new Mismatch(`no attribute ${shape.located[i]}`);
      const prefix = shape.prefixes[i];
      const suffix = shape.suffixes[i];
      if (prefix !== "" || suffix !== "") {
        const inside = text.length >= prefix.length + suffix.length;
        if (!inside || !text.startsWith(prefix) || !text.endsWith(suffix)) {
          throw new Mismatch(`the page has ${JSON.stringify(text)} around a value`);
        }
        text = text.slice(prefix.length, text.length - suffix.length);
      }
      return escapeHTML(text);
    }
  };

  // src/live/skeleton-text.js
  var CannotTell2 = class extends Mismatch {
  };
  function valuesFromText(html, page, found, decode2) {
    try {
      new TextReader(html, page, found, decode2).run();
      return true;
    } catch (error) {
      if (error instanceof Mismatch) return false;
      throw error;
    }
  }
  var TextReader = class {
    constructor(html, page, found, decode2) {
      this.html = html;
      this.page = page;
      this.elements = page.querySelectorAll("*");
      this.names = [];
      this.found = found;
      this.decode = decode2;
      this.owner = -1;
      this.closing = null;
    }
    run() {
      const html = this.html;
      const names = this.names;
      const token = new RegExp(TOKEN.source, "g");
      let value = html.indexOf(OPEN);
      let text = 0;
      for (let m = token.exec(html); m !== null; m = token.exec(html)) {
        const start2 = m.index;
        if (value >= 0 && value < start2) {
          this.text(html.slice(text, start2));
          value = html.indexOf(OPEN, start2);
        }
        if (this.closing !== null) this.closes(m);
        const name = m[2];
        let end = token.lastIndex;
        if (value >= 0 && value < end) {
          if (name === void 0 || m[1] !== void 0) throw new CannotTell2();
          this.attributes(names.length, m[3]);
          value = html.indexOf(OPEN, end);
        }
        this.owner = null;
        if (name !== void 0 && m[1] === void 0) {
          const lower = name.toLowerCase();
          this.owner = VOID.has(lower) ? null : names.length;
          names.push(lower);
          if (RAW_TEXT.has(lower) || lower === "plaintext") {
            const close = new RegExp(`</${lower}`, "ig");
            close.lastIndex = end;
            const found = close.exec(html);
            if (found === null || value >= 0 && value < found.index) throw new CannotTell2();
            this.owner = null;
            end = found.index;
            token.lastIndex = end;
          }
        }
        text = end;
      }
      if (value >= 0) this.text(html.slice(text));
      if (this.closing !== null && this.closing !== "") throw new CannotTell2();
      const elements = this.elements;
      if (names.length !== elements.length) throw new CannotTell2();
      for (let n = 0; n < names.length; n++) {
        if (names[n] !== elements[n].localName) throw new CannotTell2();
      }
    }
    element(index) {
      const element = index < 0 ? this.page : this.elements[index];
      if (element === void 0) throw new CannotTell2();
      return element;
    }
    read(spelled, actual) {
      match(spelled.includes("&") ? this.decode(spelled) : spelled, actual, this.found);
    }
    // A value in a text: the whole text of the element opened just before it.
    text(text) {
      if (this.owner === null) throw new CannotTell2();
      const owner = this.element(this.owner);
      const only = owner.firstChild;
      if (only !== null && (only.nodeType !== 3 || only.nextSibling !== null)) throw new CannotTell2();
      this.read(text, only === null ? "" : only.data);
      this.closing = this.owner < 0 ? "" : this.names[this.owner];
    }
    // After a value's text, only its element's end tag may come (the root's: nothing).
    closes(m) {
      if (this.closing === "" || m[1] === void 0 || m[2].toLowerCase() !== this.closing) {
        throw new CannotTell2();
      }
      this.closing = null;
    }
    attributes(index, source) {
      var _a, _b;
      const element = this.element(index);
      const seen = [];
      const attribute = new RegExp(ATTRIBUTE.source, "g");
      for (const m of source.matchAll(attribute)) {
        const name = m[1].toLowerCase();
        if (seen.includes(name)) throw new CannotTell2();
        seen.push(name);
        const value = (_b = (_a = m[2]) != null ? _a : m[3]) != null ? _b : m[4];
        if (value !== void 0 && value.includes(OPEN)) this.read(value, element.getAttribute(name));
      }
    }
  };

  // src/live/page.js
  function readPageTree(root, page, statics) {
    for (const [fingerprint, block] of Object.entries(page[PAGE_BLOCKS])) {
      statics.set(fingerprint, block[TREE_STATICS]);
    }
    let inText = true;
    try {
      return readByShape(root, page, decode);
    } catch (error) {
      if (!(error instanceof Mismatch)) console.debug("djwire: reading the page's tree back", error);
      inText = error instanceof CannotTell;
    }
    try {
      const builder = new Builder(page);
      const tree = builder.fragment(page[TREE_FINGERPRINT]);
      if (builder.holes.length > 0) {
        const html = treeToHTML(tree, statics);
        let found = new Array(builder.holes.length);
        if (!inText || !valuesFromText(html, root, found, decode)) {
          const skeleton = inertDocument().createElement(root.tagName);
          skeleton.innerHTML = html;
          found = new Array(builder.holes.length);
          findValues(skeleton, root, found);
        }
        builder.holes.forEach(([owner, key], i) => {
          if (found[i] === void 0) throw new Error(`value ${i} is not on the page`);
          owner[key] = escapeHTML(found[i]);
        });
      }
      return tree;
    } catch (error) {
      console.debug("djwire: the page's tree could not be read back, the join sends it", error);
      return null;
    }
  }
  var inert = null;
  function inertDocument() {
    if (inert === null) inert = document.implementation.createHTMLDocument("");
    return inert;
  }
  function decode(text) {
    const holder = inertDocument().createElement("textarea");
    holder.innerHTML = text;
    return holder.value;
  }
  var Builder = class {
    constructor(page) {
      this.blocks = page[PAGE_BLOCKS];
      this.stream = page[PAGE_STREAM];
      this.at = 0;
      this.exceptions = page[PAGE_EXCEPTIONS];
      this.readable = 0;
      this.holes = [];
      this.seen = /* @__PURE__ */ new Set();
    }
    next() {
      if (this.at >= this.stream.length) throw new Error("the stream ended early");
      return this.stream[this.at++];
    }
    node(fingerprint) {
      const node = { [TREE_FINGERPRINT]: fingerprint };
      if (!this.seen.has(fingerprint)) {
        this.seen.add(fingerprint);
        node[TREE_STATICS] = this.blocks[fingerprint][TREE_STATICS];
      }
      return node;
    }
    fragment(fingerprint) {
      const node = this.node(fingerprint);
      this.values(fingerprint, node, (i) => String(i));
      return node;
    }
    // Fill `owner` (a fragment, keys "0".., or a row, an array) with the block's dynamics.
    values(fingerprint, owner, keyOf3) {
      const block = this.blocks[fingerprint];
      if (!block) throw new Error(`no block ${fingerprint}`);
      block[BLOCK_PARTS].forEach((kind, i) => {
        const key = keyOf3(i);
        if (kind === PART_READ) {
          const number = String(this.readable++);
          if (number in this.exceptions) {
            owner[key] = this.exceptions[number];
          } else {
            owner[key] = sentinel(this.holes.length);
            this.holes.push([owner, key]);
          }
        } else if (kind === PART_STREAM) {
          owner[key] = this.next();
        } else if (Array.isArray(kind)) {
          const branch = this.next();
          owner[key] = branch === -1 ? "" : this.fragment(kind[branch]);
        } else {
          owner[key] = this.loop(kind);
        }
      });
    }
    loop(kind) {
      const count = this.next();
      if (count === -1) return this.fragment(kind[LOOP_EMPTY]);
      const node = this.node(kind[LOOP_BODY]);
      if (TREE_KEY in kind) node[TREE_KEY] = kind[TREE_KEY];
      const rows = [];
      for (let r = 0; r < count; r++) {
        const row = [];
        this.values(kind[LOOP_BODY], row, (i) => i);
        rows.push(row);
      }
      node[TREE_ROWS] = rows;
      return node;
    }
  };
  var TEXT = 3;
  var SENTINELS = `.//text()[contains(., "${OPEN}")] | .//@*[contains(., "${OPEN}")]`;
  function findValues(skeleton, page, found) {
    const spelled = skeleton.querySelectorAll("*");
    const actual = page.querySelectorAll("*");
    if (spelled.length !== actual.length) throw new Mismatch("the page has other elements");
    for (let i = 0; i < spelled.length; i++) {
      if (spelled[i].nodeName !== actual[i].nodeName) throw new Mismatch(`the page has ${actual[i].nodeName}`);
    }
    const snapshot = skeleton.ownerDocument.evaluate(
      SENTINELS,
      skeleton,
      null,
      XPathResult.ORDERED_NODE_SNAPSHOT_TYPE,
      null
    );
    let at = -1;
    for (let n = 0; n < snapshot.snapshotLength; n++) {
      const node = snapshot.snapshotItem(n);
      const isText = node.nodeType === TEXT;
      const owner = isText ? node.parentNode : node.ownerElement;
      let counterpart = page;
      if (owner !== skeleton) {
        while (at < spelled.length && spelled[at] !== owner) at++;
        if (at === spelled.length) throw new Mismatch("a value outside the page's elements");
        counterpart = actual[at];
      }
      if (isText) matchText(owner, node, counterpart, found);
      else match(node.value, counterpart.getAttribute(node.name), found);
    }
  }
  function matchText(owner, node, page, found) {
    let other = page.firstChild;
    for (let child = owner.firstChild; child !== null; child = child.nextSibling) {
      const isText = other !== null && other.nodeType === TEXT;
      if (child === node) {
        match(node.data, isText ? other.data : "", found);
        return;
      }
      if (child.nodeType !== TEXT || isText) {
        if (other === null || other.nodeType !== child.nodeType) throw new Mismatch("other children");
        other = other.nextSibling;
      }
    }
  }

  // src/live/view.js
  var EVENT_TIMEOUT_MS = 3e4;
  var RELOAD_CODES2 = /* @__PURE__ */ new Set([
    ERROR_TOKEN_EXPIRED,
    ERROR_PROTOCOL_MISMATCH,
    ERROR_STALE_SESSION,
    ERROR_LOGIN_REQUIRED,
    ERROR_FORBIDDEN
  ]);
  var View = class {
    constructor(root, socket2, hookRegistry) {
      this.root = root;
      this.token = root.getAttribute(ATTR_TOKEN);
      this.statics = /* @__PURE__ */ new Map();
      this.tree = readEmbeddedTree(root, this.statics);
      this.sequencer = new Sequencer(Number(root.getAttribute(ATTR_VERSION)) || 0);
      this.sequencer.stall();
      this.generation = 0;
      this.hooks = new ViewHooks(hookRegistry, (name, params, el) => this.pushEvent(name, params, el));
      this.patcher = new Patcher(this);
      this.channel = socket2.channel(LIVEVIEW_TOPIC_PREFIX, { params: () => this.joinParams() });
      this.topic = this.channel.topic;
      this.channel.onJoin((reply) => this.joined(reply));
      this.channel.onJoinError((error) => this.refused(error));
      this.channel.on(EVENT_DIFF, (payload) => this.pushed(payload));
      this.channel.on(EVENT_PUSH, (payload) => this.dispatchPush(payload));
      this.channel.on(EVENT_RESYNC, (payload) => this.resynced(payload));
      this.channel.on(EVENT_ERROR, (payload) => this.failed(TransportError.fromPayload(payload)));
      socket2.onClose(() => markDisconnected(this.root));
      this.channel.join();
      this.hooks.afterPatch(root);
    }
    /** How each diff reached the page: keyed rows patched in place, or the whole root. */
    get patches() {
      return this.patcher.counts;
    }
    // Built for every (re)join: the version and statics the page holds right then. From here on
    // the frames of the old join are stale.
    joinParams() {
      this.sequencer.stall();
      return {
        [PAYLOAD_TOKEN]: this.token,
        [PAYLOAD_VERSION]: this.tree === null ? null : this.sequencer.version,
        [PAYLOAD_FINGERPRINTS]: [...this.statics.keys()]
      };
    }
    joined(reply) {
      const {
        [PAYLOAD_VERSION]: v,
        [PAYLOAD_NEW_TOKEN]: tk,
        [PAYLOAD_TREE]: t,
        [PAYLOAD_DIFF]: d
      } = reply;
      this.generation += 1;
      if (tk) this.token = tk;
      if (t !== void 0) this.tree = mergeTree(this.tree, t, this.statics);
      if (d !== void 0) this.tree = mergeTree(this.tree, d, this.statics);
      if (t !== void 0 || d !== void 0) this.patcher.render({ resume: t !== void 0 });
      this.sequencer.reset(v);
      markJoined(this.root);
      this.root.dispatchEvent(new CustomEvent(DOM_JOINED, { bubbles: true }));
    }
    // The server re-mounted the view (pushes to it were lost for good): its whole tree replaces
    // what the page shows, and replies to events sent before belong to the state it replaced.
    resynced(payload) {
      const { [PAYLOAD_VERSION]: v, [PAYLOAD_TREE]: t } = payload;
      this.generation += 1;
      this.tree = mergeTree(this.tree, t, this.statics);
      this.patcher.render({ resume: true });
      this.sequencer.reset(v);
      this.root.dispatchEvent(new CustomEvent(DOM_RESYNC, { bubbles: true }));
    }
    refused(error) {
      markRefused(this.root);
      this.failed(error);
      if (RELOAD_CODES2.has(error.code)) reloadAtMostOnce();
    }
    /** Re-join after the versions disagreed: leave, then join with what the page shows. */
    resync() {
      this.sequencer.stall();
      this.channel.rejoin();
    }
    /**
     * Send event `name` with `params`; `el` (optional) is the element that sent it. Made while
     * the view is not joined (a hook's mounted, a click during a reconnection), it waits in the
     * channel and goes out, in order, right after the join. `submitting`: the event is a form's
     * dj-submit (its submit buttons are disabled until it settles).
     */
    async pushEvent(name, params, el = null, { submitting = false } = {}) {
      const fields = el ? snapshotFields(el) : [];
      const stopLoading = startLoading(el ? [el, this.root] : [this.root]);
      const release2 = lock(lockedBy(el, submitting));
      let generation = null;
      const sent = () => {
        generation = this.generation;
        this.sequencer.sent();
      };
      const payload = { [PAYLOAD_HANDLER]: name, [PAYLOAD_PARAMS]: params };
      try {
        const reply = await this.channel.push(EVENT_EVENT, payload, { timeout: EVENT_TIMEOUT_MS, sent });
        if (generation !== this.generation) return;
        clearError(this.root);
        acknowledgeFields(fields);
        const { [PAYLOAD_VERSION]: v, [PAYLOAD_DIFF]: d } = reply;
        this.patcher.apply(this.sequencer.reply(v, d), serverOwnedFields(el));
        if (el && !isDirty(el)) showRendered(el);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        this.eventFailed(error, name, generation);
      } finally {
        stopLoading();
        release2();
      }
    }
    // `generation`: of the join the event was sent under, null if it was never sent (the buffer
    // was full, or the join it waited for was refused).
    eventFailed(error, name, generation) {
      const current = generation === this.generation;
      if (generation === null || error.code === ERROR_DISCONNECTED) {
        this.failed(error, name);
      } else if (error.code === ERROR_TIMEOUT) {
        this.failed(error, name);
        if (current) this.resync();
      } else if (current) {
        this.failed(error, name);
        this.patcher.apply(this.sequencer.failed());
      }
    }
    pushed(payload) {
      this.patcher.apply(this.sequencer.push(payload[PAYLOAD_VERSION], payload[PAYLOAD_DIFF]));
    }
    dispatchPush(payload) {
      const name = DOM_EVENT_PREFIX + payload[PAYLOAD_PUSH_EVENT];
      const detail = payload[PAYLOAD_PUSH_PAYLOAD];
      this.root.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
    }
    /** Tell the page: djwire:error on the root, detail {code, reason, event?}. */
    failed(error, eventName = void 0) {
      if (CRASH_CODES.has(error.code)) markError(this.root);
      const about = eventName === void 0 ? "" : ` (event ${JSON.stringify(eventName)})`;
      console.warn(`djwire: ${this.topic}: ${error.code}: ${error.reason}${about}`);
      const detail = error.detail(eventName === void 0 ? {} : { event: eventName });
      this.root.dispatchEvent(new CustomEvent(DOM_ERROR, { bubbles: true, detail }));
    }
  };
  function serverOwnedFields(el) {
    if (!el || el.tagName !== "FORM") return [];
    return [...el.elements].filter((field) => isField(field) && !isDirty(field));
  }
  function readEmbeddedTree(root, statics) {
    const script = root.querySelector(`:scope > script[${ATTR_TREE}]`);
    if (!script) return null;
    script.remove();
    return readPageTree(root, JSON.parse(script.textContent), statics);
  }

  // src/signals/attributes.js
  var ATTR_WINDOW = "data-dj-window";
  var ATTR_SIGNAL = "data-dj-signal";
  var ATTR_DF_SIGNAL = "data-df-signal";

  // src/signals/forms.js
  var BUTTON_TYPES = /* @__PURE__ */ new Set(["button", "image", "reset", "submit"]);
  var isCheckable3 = (field) => field.type === "checkbox" || field.type === "radio";
  var isMultiple = (field) => field.tagName === "SELECT" && field.multiple;
  var fileNames = (field) => [...field.files || []].map((file) => file.name);
  var selectedValues2 = (select) => [...select.options].filter((o) => o.selected).map((o) => o.value);
  function serializeForm(form) {
    const entries = [];
    for (const field of form ? form.elements : []) {
      if (!field.name || field.disabled || field.tagName === "BUTTON" || BUTTON_TYPES.has(field.type)) continue;
      let values;
      if (isCheckable3(field)) values = field.checked ? [field.value] : [];
      else if (field.type === "file") values = fileNames(field);
      else if (field.tagName === "SELECT") values = selectedValues2(field);
      else values = [field.value];
      for (const value of values) entries.push({ name: field.name, value });
    }
    return entries;
  }
  function signalValue(field) {
    if (isCheckable3(field)) return Boolean(field.checked);
    if (isMultiple(field)) return selectedValues2(field);
    if (field.type === "file") return fileNames(field);
    return field.value === void 0 ? null : field.value;
  }
  function fieldsNamed(container, name) {
    const fields = container.elements || container.querySelectorAll("input, select, textarea");
    return [...fields].filter((field) => field.name === name);
  }
  function setFields(fields, value) {
    const wanted = (Array.isArray(value) ? value : [value]).map(String);
    fields.forEach((field, i) => {
      var _a;
      if (isCheckable3(field)) {
        field.checked = typeof value === "boolean" ? value : wanted.includes(field.value);
      } else if (field.tagName === "SELECT") {
        const options = [...field.options];
        const keep = field.multiple ? wanted : wanted.slice(0, 1);
        for (const option of options) option.selected = keep.includes(option.value);
      } else if (field.type !== "file") {
        field.value = Array.isArray(value) ? (_a = value[i]) != null ? _a : "" : String(value);
      }
    });
  }
  function setForms(document2, { selector: selector2, values, value }) {
    for (const el of document2.querySelectorAll(selector2)) {
      if (Array.isArray(values)) {
        for (const entry of values) setFields(fieldsNamed(el, entry.name), entry.value);
      } else if (value !== void 0) {
        setFields([el], value);
      }
    }
  }

  // src/signals/bindings.js
  var SELECTOR = `[${ATTR_SIGNAL}], [${ATTR_DF_SIGNAL}]`;
  var CLICKED_INPUTS = /* @__PURE__ */ new Set(["button", "image", "reset", "submit"]);
  function defaultEvent(el) {
    if (el.tagName === "FORM") return "submit";
    if (el.tagName === "INPUT") return CLICKED_INPUTS.has(String(el.type).toLowerCase()) ? "click" : "change";
    if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return "change";
    return "click";
  }
  function shouldPrevent(prevent, on) {
    if (prevent === true) return true;
    if (prevent === false) return false;
    return prevent == null && on !== "change";
  }
  function readBindings(el) {
    const entries = [];
    for (const attr of [ATTR_SIGNAL, ATTR_DF_SIGNAL]) {
      const text = el.getAttribute(attr);
      if (text === null) continue;
      try {
        const parsed = JSON.parse(text);
        const list = Array.isArray(parsed) ? parsed : [parsed];
        for (const entry of list) {
          if (entry && typeof entry.name === "string") entries.push(entry);
          else console.warn(`djwire: ${attr} entry without a name`, entry);
        }
      } catch {
        console.warn(`djwire: ${attr} is not JSON`, text);
      }
    }
    return entries;
  }
  function bindingOpts(el, { opts, form, value }) {
    const sent = { ...opts || {} };
    if (form) sent[form] = serializeForm(el.tagName === "FORM" ? el : el.form);
    if (value) sent[value] = signalValue(el);
    return sent;
  }
  var SignalBindings = class {
    /** `call(name, opts, el)` sends a signal (and reports its failure). */
    constructor(document2, call2) {
      this.document = document2;
      this.call = call2;
      this.bound = /* @__PURE__ */ new WeakSet();
      this.added = (event) => this.bind(event.target);
    }
    start() {
      this.document.addEventListener(EVENT_CONTENT_ADDED, this.added);
      this.bind(this.document);
    }
    stop() {
      this.document.removeEventListener(EVENT_CONTENT_ADDED, this.added);
    }
    /** Bind `root` (if it carries a binding) and every element inside it that does. */
    bind(root) {
      if (!root || typeof root.querySelectorAll !== "function") return;
      const own = typeof root.matches === "function" && root.matches(SELECTOR) ? [root] : [];
      for (const el of [...own, ...root.querySelectorAll(SELECTOR)]) this.bindElement(el);
    }
    bindElement(el) {
      if (this.bound.has(el)) return;
      this.bound.add(el);
      for (const entry of readBindings(el)) {
        const on = entry.on || defaultEvent(el);
        el.addEventListener(on, (event) => {
          if (shouldPrevent(entry.prevent, on)) event.preventDefault();
          this.call(entry.name, bindingOpts(el, entry), el);
        });
      }
    }
  };

  // src/signals/html.js
  function parse(document2, html) {
    const template = document2.createElement("template");
    template.innerHTML = html == null ? "" : String(html);
    return [...template.content.childNodes];
  }
  var isElement2 = (node) => node.nodeType === 1;
  function inserting(place) {
    return (document2) => ({ selector: selector2, content }) => {
      for (const el of document2.querySelectorAll(selector2)) {
        const nodes = parse(document2, content);
        place(el, nodes);
        nodes.filter(isElement2).forEach(announceContent);
      }
    };
  }
  var each = (act) => (document2) => (opts) => {
    for (const el of document2.querySelectorAll(opts.selector)) act(el, opts);
  };
  var classNames = (value) => String(value).split(/\s+/).filter(Boolean);
  function downloadFile(document2) {
    return ({ url, filename }) => {
      const link = document2.createElement("a");
      link.href = url;
      link.download = filename || "unknown";
      link.style.display = "none";
      document2.body.append(link);
      link.click();
      link.remove();
      if (String(url).startsWith("blob:")) setTimeout(() => URL.revokeObjectURL(url), 0);
    };
  }
  var BUILDERS = {
    "html.add_attribute": each((el, { attr_name, attr_value }) => el.setAttribute(attr_name, attr_value)),
    "html.add_class": each((el, { class_name }) => el.classList.add(...classNames(class_name))),
    "html.after": inserting((el, nodes) => el.after(...nodes)),
    "html.append": inserting((el, nodes) => el.append(...nodes)),
    "html.before": inserting((el, nodes) => el.before(...nodes)),
    "html.boolean_attribute": each((el, { name, value }) => {
      if (value) el.setAttribute(name, name);
      else el.removeAttribute(name);
    }),
    // Every child is new: the element itself is announced, text-only content included.
    "html.content": (document2) => ({ selector: selector2, content }) => {
      for (const el of document2.querySelectorAll(selector2)) {
        el.replaceChildren(...parse(document2, content));
        announceContent(el);
      }
    },
    "html.download_file": downloadFile,
    "html.empty": each((el) => el.replaceChildren()),
    "html.focus": (document2) => ({ selector: selector2 }) => {
      const el = document2.querySelector(selector2);
      if (el) el.focus({ preventScroll: false });
    },
    "html.forms.set": (document2) => (opts) => setForms(document2, opts),
    "html.prepend": inserting((el, nodes) => el.prepend(...nodes)),
    "html.remove": each((el) => el.remove()),
    "html.remove_attr": each((el, { attr_name }) => el.removeAttribute(attr_name)),
    "html.remove_class": each((el, { class_name }) => el.classList.remove(...classNames(class_name))),
    "html.replace_with": inserting((el, nodes) => el.replaceWith(...nodes)),
    "html.text": each((el, { content }) => el.textContent = content == null ? "" : String(content))
  };
  var BUILTIN_SIGNALS = Object.freeze(Object.keys(BUILDERS).sort());
  var isBuiltin = (name) => Object.prototype.hasOwnProperty.call(BUILDERS, name);
  function connectBuiltins(registry, document2) {
    for (const name of BUILTIN_SIGNALS) registry.connect(name, BUILDERS[name](document2));
  }

  // src/signals/protocol.js
  var SIGNALS_TOPIC_PREFIX = "sig:";
  var EVENT_CALL = "call";
  var EVENT_SIGNAL = "signal";
  var EVENT_TOKEN = "token";
  var PAYLOAD_SIGNAL = "signal";
  var PAYLOAD_OPTS = "opts";
  var PAYLOAD_SIGNAL_ID = "signal_id";
  var PAYLOAD_COUNTDOWN = "countdown";

  // src/signals/recent.js
  var RECENT_IDS = 1e3;
  var RecentIds = class {
    constructor(limit = RECENT_IDS) {
      this.limit = limit;
      this.ids = /* @__PURE__ */ new Set();
    }
    /** Remember `id`; false if it was already among the last `limit` ids. */
    add(id) {
      if (this.ids.has(id)) {
        this.ids.delete(id);
        this.ids.add(id);
        return false;
      }
      this.ids.add(id);
      if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value);
      return true;
    }
    get size() {
      return this.ids.size;
    }
  };

  // src/signals/registry.js
  var Registry = class {
    constructor() {
      this.handlers = /* @__PURE__ */ new Map();
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
  };

  // src/signals/window.js
  var CALL_TIMEOUT_MS = 3e4;
  var Window = class {
    /**
     * `received(payload)` gets every `signal` frame; `target` is where djwire:joined and
     * djwire:error are dispatched (the document); `reload` is for tests.
     */
    constructor(socket2, token, { received, target, reload = reloadAtMostOnce }) {
      this.token = token;
      this.target = target;
      this.reload = reload;
      this.channel = socket2.channel(SIGNALS_TOPIC_PREFIX, { params: () => ({ [PAYLOAD_TOKEN]: this.token }) });
      this.topic = this.channel.topic;
      this.channel.onJoin((reply) => this.joined(reply));
      this.channel.onJoinError((error) => this.refused(error));
      this.channel.on(EVENT_SIGNAL, received);
      this.channel.on(EVENT_TOKEN, (payload) => {
        if (payload[PAYLOAD_NEW_TOKEN]) this.token = payload[PAYLOAD_NEW_TOKEN];
      });
      this.channel.on(EVENT_ERROR, (payload) => this.failed(TransportError.fromPayload(payload)));
      this.channel.join();
    }
    /**
     * Send a call of server signal `name`; resolves once the server accepted it. Made before the
     * join (or during a reconnection), it waits in the channel and goes out after the join.
     */
    call(name, opts, { countdown } = {}) {
      const payload = { [PAYLOAD_SIGNAL]: name, [PAYLOAD_OPTS]: opts };
      if (countdown !== void 0) payload[PAYLOAD_COUNTDOWN] = countdown;
      return this.channel.push(EVENT_CALL, payload, { timeout: CALL_TIMEOUT_MS });
    }
    joined(reply) {
      if (reply && reply[PAYLOAD_NEW_TOKEN]) this.token = reply[PAYLOAD_NEW_TOKEN];
      this.target.dispatchEvent(new CustomEvent(DOM_JOINED, { detail: { topic: this.topic } }));
    }
    refused(error) {
      this.failed(error);
      if (RELOAD_CODES.has(error.code)) this.reload();
    }
    /** Tell the page: djwire:error on the document, detail {code, reason, topic, signal?}. */
    failed(error, signal = void 0) {
      const about = signal === void 0 ? "" : ` (signal ${JSON.stringify(signal)})`;
      console.warn(`djwire: ${this.topic}: ${error.code}: ${error.reason}${about}`);
      const extra = signal === void 0 ? { topic: this.topic } : { topic: this.topic, signal };
      this.target.dispatchEvent(new CustomEvent(DOM_ERROR, { detail: error.detail(extra) }));
    }
  };

  // src/signals/signals.js
  var NOT_A_WINDOW = "this page is not a signals window: call set_websocket_topics(request) in its view";
  var Signals = class {
    constructor(document2) {
      this.document = document2;
      this.registry = new Registry();
      connectBuiltins(this.registry, document2);
      this.recent = new RecentIds();
      this.window = null;
    }
    /** Join the page's window with `token` on `socket` (once the page's token is known). */
    open(socket2, token, options = {}) {
      this.window = new Window(socket2, token, {
        received: (payload) => this.received(payload),
        target: this.document,
        ...options
      });
      return this.window;
    }
    /** Call `fn(opts, signalId)` for every signal `name`, local or from the server. */
    connect(name, fn) {
      this.registry.connect(name, fn);
    }
    /**
     * Run the local handlers of `name`; then, unless it is a built-in html.* signal, send it to
     * the server. Resolves once the server accepted the call (at once for a built-in); rejects
     * with a TransportError (`code`: unknown_handler, forbidden, bad_params, disconnected,
     * timeout). `signalId` (df_websockets' third argument) marks a signal as the server's: it is
     * run locally at most once per id and never sent.
     */
    call(name, opts = {}, signalId = void 0) {
      opts = opts != null ? opts : {};
      const options = signalId !== null && typeof signalId === "object" ? signalId : {};
      if (signalId === options) signalId = void 0;
      if (signalId !== void 0) {
        this.received({ [PAYLOAD_SIGNAL]: name, [PAYLOAD_OPTS]: opts, [PAYLOAD_SIGNAL_ID]: signalId });
        return Promise.resolve({});
      }
      this.registry.run(name, opts, void 0);
      if (isBuiltin(name)) return Promise.resolve({});
      if (this.window === null) return Promise.reject(new TransportError(ERROR_DISCONNECTED, NOT_A_WINDOW));
      return this.window.call(name, opts, options);
    }
    /** A `signal` frame: its handlers run, unless its id was seen lately. */
    received(payload) {
      const { [PAYLOAD_SIGNAL]: name, [PAYLOAD_OPTS]: opts, [PAYLOAD_SIGNAL_ID]: id } = payload;
      if (id !== void 0 && id !== null && !this.recent.add(id)) return;
      this.registry.run(name, opts || {}, id);
    }
    /** A binding's call: its failure is reported on the element (djwire:error, bubbling). */
    callFrom(el, name, opts) {
      this.call(name, opts).catch((error) => {
        if (!(error instanceof TransportError)) throw error;
        console.warn(`djwire: signal ${JSON.stringify(name)}: ${error.code}: ${error.reason}`);
        el.dispatchEvent(new CustomEvent(DOM_ERROR, { bubbles: true, detail: error.detail({ signal: name }) }));
      });
    }
  };

  // src/sync/dom-events.js
  var DOM_SYNC_STATE = "djwire:sync-state";
  var DOM_SYNC_RUNTIME = "djwire:sync-runtime";
  var DOM_SYNC_NOTIFICATION = "djwire:sync-notification";

  // src/sync/protocol.js
  var SYNC_TOPIC_PREFIX = "sync:";
  var EVENT_CALL2 = "call";
  var EVENT_SAVE = "save";
  var EVENT_CREATE = "create";
  var EVENT_DELETE = "delete";
  var EVENT_INSTANCES = "instances";
  var EVENT_ANCHORS = "anchors";
  var EVENT_RUNTIME = "runtime";
  var EVENT_NOTIFICATION = "notification";
  var PAYLOAD_INSTANCES = "i";
  var PAYLOAD_WATERMARK = "w";
  var PAYLOAD_AUTH = "auth";
  var PAYLOAD_CHANNEL = "channel";
  var PAYLOAD_RESET = "r";
  var PAYLOAD_ANCHORS = "a";
  var PAYLOAD_ACTION = "action";
  var PAYLOAD_ARGS = "args";
  var PAYLOAD_KWARGS = "kwargs";
  var PAYLOAD_RESULT = "result";
  var PAYLOAD_VAR = "var";
  var PAYLOAD_VALUE = "value";
  var PAYLOAD_DATA = "data";
  var PAYLOAD_TYPE = "type";
  var PAYLOAD_ID = "id";
  var PAYLOAD_PARENT = "parent";
  var PAYLOAD_ERRORS = "errors";
  var PAYLOAD_SHAPE = "s";
  var LAYER_ID = "id";
  var LAYER_TYPE = "_instance_type";
  var LAYER_VERSION = "_tstamp";
  var LAYER_DELETED = "_deleted";

  // src/sync/pending.js
  var keyOf2 = (type, id) => `${type}\0${id}`;
  var PendingWrites = class {
    constructor() {
      this.writes = /* @__PURE__ */ new Map();
      this.nextId = 1;
      this.nextTemporaryId = -1;
    }
    get size() {
      return this.writes.size;
    }
    /**
     * Hold a write; its id. `write`: `{op: "save" | "delete", type, id, data?}` or
     * `{op: "create", type, data, parent: {type, id, field}}`; `since`: the version held of the
     * row it waits for (null when none is held).
     */
    add(write, since) {
      const id = this.nextId++;
      const held2 = { ...write, since: since != null ? since : -Infinity, confirmed: false };
      if (write.op === "create") {
        held2.id = this.nextTemporaryId--;
        held2.waitsFor = keyOf2(write.parent.type, write.parent.id);
      } else {
        held2.waitsFor = keyOf2(write.type, write.id);
      }
      held2.key = keyOf2(write.type, held2.id);
      this.writes.set(id, held2);
      return id;
    }
    /** The server said ok: the write stays shown until its broadcast arrives. */
    confirm(id) {
      const held2 = this.writes.get(id);
      if (held2 !== void 0) held2.confirmed = true;
    }
    /** The write failed (or will not be shown): drop it; returns whether one was held. */
    drop(id) {
      return this.writes.delete(id);
    }
    /** A layer of `key` with `version` was applied: drop the writes it supersedes. */
    settle(key, version2) {
      let dropped = false;
      for (const [id, held2] of this.writes) {
        if (held2.waitsFor === key && version2 > held2.since) dropped = this.writes.delete(id) || dropped;
      }
      return dropped;
    }
    /** A snapshot replaced the state: the writes the server confirmed are in it. */
    dropConfirmed() {
      let dropped = false;
      for (const [id, held2] of this.writes) if (held2.confirmed) dropped = this.writes.delete(id) || dropped;
      return dropped;
    }
    /** `layer` (the server's, or undefined) of the row `type`/`id` with the writes applied. */
    row(type, id, layer) {
      const key = keyOf2(type, id);
      for (const held2 of this.writes.values()) {
        if (held2.key !== key) continue;
        if (held2.op === "delete") return void 0;
        if (held2.op === "save" && layer !== void 0) layer = { ...layer, ...held2.data };
        if (held2.op === "create") layer = { ...held2.data, id, _instance_type: type };
      }
      return layer;
    }
    /** The ids of `field` of the row `type`/`id`, with the rows being created under it. */
    children(type, id, field, ids) {
      const key = keyOf2(type, id);
      let all = ids;
      for (const held2 of this.writes.values()) {
        if (held2.op === "create" && held2.waitsFor === key && held2.parent.field === field) {
          all = [...all || [], held2.id];
        }
      }
      return all;
    }
  };

  // src/sync/state.js
  var SyncState = class {
    constructor() {
      this.shape = null;
      this.layers = /* @__PURE__ */ new Map();
      this.versions = /* @__PURE__ */ new Map();
      this.anchors = [];
      this.pending = new PendingWrites();
    }
    /** The newest version held: sent as the watermark of a re-join (null before any state). */
    get watermark() {
      let newest = null;
      for (const version2 of this.versions.values()) if (newest === null || version2 > newest) newest = version2;
      return newest;
    }
    /**
     * Apply an `instances` payload; returns whether anything held changed. A layer older than
     * (or as old as) what is held of its row is skipped, so a late frame never undoes a newer
     * one; a tombstone deletes (one for a row never held changes nothing); a reset replaces all.
     */
    apply(payload) {
      let changed = false;
      if (payload[PAYLOAD_RESET]) {
        changed = this.layers.size > 0;
        this.layers.clear();
        this.versions.clear();
        changed = this.pending.dropConfirmed() || changed;
      }
      if (Array.isArray(payload[PAYLOAD_ANCHORS])) changed = this.setAnchors(payload[PAYLOAD_ANCHORS]) || changed;
      for (const layer of payload[PAYLOAD_INSTANCES] || []) {
        const key = keyOf2(layer[LAYER_TYPE], layer[LAYER_ID]);
        const version2 = layer[LAYER_VERSION];
        const held2 = this.versions.get(key);
        if (held2 !== void 0 && held2 >= version2) continue;
        this.versions.set(key, version2);
        changed = this.pending.settle(key, version2) || changed;
        if (layer[LAYER_DELETED]) {
          changed = this.layers.delete(key) || changed;
        } else {
          this.layers.set(key, layer);
          changed = true;
        }
      }
      return changed;
    }
    /**
     * Show a write of the page before the server answers (see pending.js); the id to
     * `confirm` or `drop` it by, or null when the row it writes (for a create, its parent) is
     * not held: there is nothing to show it on. `write`: `{op: "save", type, id, data}`,
     * `{op: "delete", type, id}` or `{op: "create", type, data, parent: {type, id, field}}`.
     */
    hold(write) {
      const waitsFor = write.op === "create" ? keyOf2(write.parent.type, write.parent.id) : keyOf2(write.type, write.id);
      if (!this.layers.has(waitsFor)) return null;
      return this.pending.add(write, this.versions.get(waitsFor));
    }
    /**
     * Where a row of `type` created under a parent goes: `{type, field}` of the one list of the
     * state that holds rows of `type`; null when there is none, or more than one.
     */
    createdUnder(type) {
      const found = [];
      for (const [parent, fields] of Object.entries(this.shape && this.shape.nested || {})) {
        for (const [field, [child, many]] of Object.entries(fields)) {
          if (child === type && many) found.push({ type: parent, field });
        }
      }
      return found.length === 1 ? found[0] : null;
    }
    /** The connection's anchors, in order (an `anchors` frame); returns whether they changed. */
    setAnchors(anchors) {
      const same = anchors.length === this.anchors.length && anchors.every((a, i) => a === this.anchors[i]);
      this.anchors = [...anchors];
      return !same;
    }
    /**
     * The state: the anchor's row with its nested rows (a list of rows for a `many` channel),
     * without the wire's `_` keys; null before the state arrived or once the anchor is deleted.
     * A nested id whose row is not held (yet) is left out of its list, or null.
     */
    build() {
      if (this.shape === null) return null;
      const { root, many } = this.shape;
      const built = [];
      for (const anchor of this.anchors) {
        const row = this.row(root, anchor);
        if (row !== void 0) built.push(this.buildRow(root, row, /* @__PURE__ */ new Set()));
      }
      if (many) return built;
      return built.length > 0 ? built[0] : null;
    }
    /** The row `id` of the layer `type` with its nested rows; null when it is not held. */
    instance(type, id) {
      if (this.shape === null) return null;
      const row = this.layers.get(keyOf2(type, id));
      return row === void 0 ? null : this.buildRow(type, row, /* @__PURE__ */ new Set());
    }
    // `path`: the rows being built above this one; a row that nests itself is cut there.
    buildRow(type, row, path) {
      path = new Set(path).add(keyOf2(type, row[LAYER_ID]));
      const nested = this.shape.nested && this.shape.nested[type] || {};
      const built = {};
      for (const [name, value] of Object.entries(row)) {
        if (!name.startsWith("_")) built[name] = value;
      }
      for (const [name, [childType, many]] of Object.entries(nested)) {
        let held2 = row[name];
        if (many) {
          held2 = this.pending.children(type, row[LAYER_ID], name, held2);
          built[name] = [];
          for (const id of held2 || []) {
            const child = this.child(childType, id, path);
            if (child !== void 0) built[name].push(this.buildRow(childType, child, path));
          }
        } else {
          const child = this.child(childType, held2, path);
          built[name] = child === void 0 ? null : this.buildRow(childType, child, path);
        }
      }
      return built;
    }
    child(type, id, path) {
      if (id === null || id === void 0 || path.has(keyOf2(type, id))) return void 0;
      return this.row(type, id);
    }
    // The row as the page shows it: the server's layer with the page's pending writes.
    row(type, id) {
      const layer = this.layers.get(keyOf2(type, id));
      return this.pending.size === 0 ? layer : this.pending.row(type, id, layer);
    }
  };

  // src/sync/channel.js
  var CALL_TIMEOUT_MS2 = 3e4;
  var noop2 = () => {
  };
  var SyncChannel = class {
    /**
     * Join the channel of `token` on `socket` (a signed token, or `{channel, kwargs}`: the
     * channel's registered name and its URL kwargs). `options`: `onState(state, channel)`,
     * `onRuntime(runtime, name, value)`, `onNotification(data)`, `onError(error)` (a
     * TransportError: a refused join, or an error frame of the channel); `auth` (a credential
     * for DJWIRE["sync_authenticator"]: a DRF token, a JWT); `target` (where the djwire:*
     * events go, the document by default); `timeout` (ms, of every call and write);
     * `optimistic` (false: a write shows only once the server sends it); `reload` (tests).
     */
    constructor(socket2, token, options = {}) {
      var _a, _b;
      this.token = token;
      this.auth = options.auth;
      this.onState = options.onState || noop2;
      this.onRuntime = options.onRuntime || noop2;
      this.onNotification = options.onNotification || noop2;
      this.onError = options.onError || noop2;
      this.target = options.target || globalThis.document;
      this.timeout = (_a = options.timeout) != null ? _a : CALL_TIMEOUT_MS2;
      this.optimistic = (_b = options.optimistic) != null ? _b : true;
      this.reload = options.reload || reloadAtMostOnce;
      this.timers = socket2.timers;
      this.store = new SyncState();
      this.runtime = {};
      this.everJoined = false;
      this.loaded = false;
      this.waiting = [];
      this.channel = socket2.channel(SYNC_TOPIC_PREFIX, { params: () => this.joinPayload() });
      this.topic = this.channel.topic;
      this.channel.onJoin((reply) => this.joined(reply));
      this.channel.onJoinError((error) => this.refused(error));
      this.channel.on(EVENT_INSTANCES, (payload) => this.instances(payload));
      this.channel.on(EVENT_ANCHORS, (payload) => {
        if (this.store.setAnchors(payload[PAYLOAD_ANCHORS] || [])) this.stateChanged(false);
      });
      this.channel.on(EVENT_RUNTIME, (payload) => this.runtimeVar(payload[PAYLOAD_VAR], payload[PAYLOAD_VALUE]));
      this.channel.on(EVENT_NOTIFICATION, (payload) => this.notification(payload[PAYLOAD_DATA]));
      this.channel.on(EVENT_ERROR, (payload) => this.failed(TransportError.fromPayload(payload)));
      socket2.onClose(() => this.rejectWaiting("the connection dropped before the channel was joined"));
      this.channel.join();
    }
    /** The state as the serializer nests it (a list for a many=True channel); null before. */
    get state() {
      return this.store.build();
    }
    /** One row of the state, nested as the serializer nests it; null when it is not held. */
    instance(type, id) {
      return this.store.instance(type, id);
    }
    /** The newest version held (null before the state): what a re-join sends. */
    get watermark() {
      return this.store.watermark;
    }
    /**
     * Call the channel's `@action` `name` with positional `args`; resolves with its result.
     * Rejects with a TransportError: the server's code (`unknown_handler`, `bad_params`,
     * `handler_error`, ...), `timeout`, or `disconnected` when the connection is not there or
     * drops before the reply (the action may or may not have run: the page decides).
     */
    call(name, ...args) {
      return this.callWith(name, args, {});
    }
    /** `call` with keyword arguments too: `callWith("rename", [], {name: "New"})`. */
    callWith(name, args = [], kwargs = {}, { timeout = this.timeout } = {}) {
      const payload = { [PAYLOAD_ACTION]: name, [PAYLOAD_ARGS]: args, [PAYLOAD_KWARGS]: kwargs };
      const what = `action ${JSON.stringify(name)}`;
      return this.request(EVENT_CALL2, payload, timeout, what).then((reply) => reply[PAYLOAD_RESULT]);
    }
    /**
     * Save `data` (some fields) into the row `id` of the writable serializer `instanceType`
     * (`"app.serializers.TaskSerializer"`, the state's `_instance_type`); resolves with the id.
     * The state shows the data at once; a refused save is undone (the row is again exactly
     * what the server sent). Rejects as `call` does, and with `bad_params` whose `errors` are
     * the serializer's, per field. `options`: `timeout`, `optimistic` (false: wait).
     */
    save(instanceType, id, data, options = {}) {
      const payload = { [PAYLOAD_TYPE]: instanceType, [PAYLOAD_ID]: id, [PAYLOAD_DATA]: data };
      return this.write(EVENT_SAVE, payload, { op: EVENT_SAVE, type: instanceType, id, data }, options);
    }
    /**
     * Create a row of `instanceType` under the parent row `parentId` (the row whose list holds
     * it); resolves with the new row's id. Shown at once (with a negative id) when the state
     * has one list of `instanceType`; dropped if refused.
     */
    create(instanceType, parentId, data = {}, options = {}) {
      const payload = { [PAYLOAD_TYPE]: instanceType, [PAYLOAD_PARENT]: parentId, [PAYLOAD_DATA]: data };
      const under = this.store.createdUnder(instanceType);
      const shown = under && { op: EVENT_CREATE, type: instanceType, data, parent: { ...under, id: parentId } };
      return this.write(EVENT_CREATE, payload, shown, options);
    }
    /** Delete the row `id` of `instanceType`; resolves once done. Hidden at once; back if refused. */
    delete(instanceType, id, options = {}) {
      const payload = { [PAYLOAD_TYPE]: instanceType, [PAYLOAD_ID]: id };
      return this.write(EVENT_DELETE, payload, { op: EVENT_DELETE, type: instanceType, id }, options).then(() => void 0);
    }
    write(event, payload, shown, { timeout = this.timeout, optimistic = this.optimistic } = {}) {
      const what = `${event} of ${payload[PAYLOAD_TYPE]}`;
      const held2 = shown && optimistic ? this.store.hold(shown) : null;
      if (held2 !== null) this.stateChanged(false);
      return this.request(event, payload, timeout, what).then(
        (reply) => {
          if (held2 !== null) this.store.pending.confirm(held2);
          return reply[PAYLOAD_ID];
        },
        (error) => {
          if (held2 !== null && this.store.pending.drop(held2)) this.stateChanged(false);
          const errors = error.payload && error.payload[PAYLOAD_ERRORS];
          if (errors) error.errors = errors;
          throw error;
        }
      );
    }
    // Send `event` once joined; a Promise of its `ok` reply's payload.
    request(event, payload, timeout, what) {
      if (this.channel.joined) return this.channel.push(event, payload, { timeout });
      if (this.everJoined || this.channel.left) {
        return Promise.reject(new TransportError(ERROR_DISCONNECTED, `${what}: not connected`));
      }
      return new Promise((resolve, reject) => {
        const entry = { event, payload, timeout, resolve, reject, timer: null };
        entry.timer = this.timers.setTimeout(() => {
          this.waiting = this.waiting.filter((e) => e !== entry);
          reject(new TransportError(ERROR_TIMEOUT, `${what}: the channel was not joined within ${timeout} ms`));
        }, timeout);
        this.waiting.push(entry);
      });
    }
    /** Leave the channel for good; calls still waiting are rejected. */
    leave() {
      this.rejectWaiting("the channel was left");
      return this.channel.leave();
    }
    joinPayload() {
      const payload = typeof this.token === "string" ? { [PAYLOAD_TOKEN]: this.token } : { [PAYLOAD_CHANNEL]: this.token.channel, [PAYLOAD_KWARGS]: this.token.kwargs || {} };
      const watermark = this.store.watermark;
      if (watermark !== null) payload[PAYLOAD_WATERMARK] = watermark;
      if (this.auth !== void 0) payload[PAYLOAD_AUTH] = this.auth;
      return payload;
    }
    joined(reply) {
      if (reply && reply[PAYLOAD_NEW_TOKEN]) this.token = reply[PAYLOAD_NEW_TOKEN];
      const hadShape = this.store.shape !== null;
      if (reply && reply[PAYLOAD_SHAPE]) this.store.shape = reply[PAYLOAD_SHAPE];
      this.everJoined = true;
      if (!hadShape && this.store.layers.size > 0) this.stateChanged(true);
      this.dispatch(DOM_JOINED, { topic: this.topic });
      const waiting = this.waiting.splice(0);
      Promise.resolve().then(() => {
        for (const entry of waiting) {
          this.timers.clearTimeout(entry.timer);
          this.channel.push(entry.event, entry.payload, { timeout: entry.timeout }).then(entry.resolve, entry.reject);
        }
      });
    }
    instances(payload) {
      const first = !this.loaded;
      this.loaded = true;
      if (this.store.apply(payload) || first) this.stateChanged(Boolean(payload[PAYLOAD_RESET]));
    }
    stateChanged(reset) {
      const state = this.state;
      this.onState(state, this);
      this.dispatch(DOM_SYNC_STATE, { topic: this.topic, state, reset });
    }
    runtimeVar(name, value) {
      this.runtime[name] = value;
      this.onRuntime(this.runtime, name, value);
      this.dispatch(DOM_SYNC_RUNTIME, { topic: this.topic, var: name, value, runtime: this.runtime });
    }
    notification(data) {
      this.onNotification(data);
      this.dispatch(DOM_SYNC_NOTIFICATION, { topic: this.topic, data });
    }
    refused(error) {
      this.rejectWaiting(null, error);
      this.failed(error);
      if (RELOAD_CODES.has(error.code)) this.reload();
    }
    /** Tell the page: onError, and djwire:error on the target, detail {code, reason, topic}. */
    failed(error) {
      console.warn(`djwire: ${this.topic}: ${error.code}: ${error.reason}`);
      this.onError(error);
      this.dispatch(DOM_ERROR, error.detail({ topic: this.topic }));
    }
    rejectWaiting(reason, error = new TransportError(ERROR_DISCONNECTED, reason)) {
      for (const entry of this.waiting.splice(0)) {
        this.timers.clearTimeout(entry.timer);
        entry.reject(error);
      }
    }
    dispatch(name, detail) {
      if (this.target) this.target.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
    }
  };

  // src/sync/sync.js
  var Sync = class {
    /**
     * `socket()` returns the page's socket (made on first use); `connect()` connects it unless
     * it already is (a page with only channels opens its socket at the first join).
     */
    constructor(document2, socket2, connect) {
      this.document = document2;
      this.socket = socket2;
      this.connect = connect;
      this.channels = [];
    }
    /**
     * Join the channel of `token` (signed by the page's view), or of `{channel, kwargs}` (its
     * registered name, `ProjectChannel.name`, and URL kwargs); returns its SyncChannel (`state`, `call(action, ...args)`,
     * `callWith`, `save` / `create` / `delete`, `runtime`, `leave()`). `options`: onState,
     * onRuntime, onNotification, onError, auth, target (where the djwire:sync-* events go: the
     * document by default), timeout, optimistic.
     */
    join(token, options = {}) {
      const named = token !== null && typeof token === "object" && typeof token.channel === "string";
      if (!named && (typeof token !== "string" || token === "")) {
        throw new TypeError(
          "djwire.sync.join(token): the token is the string ProjectChannel.token_for(request, ...) returned, or {channel: ProjectChannel.name, kwargs}"
        );
      }
      const channel = new SyncChannel(this.socket(), token, { target: this.document, ...options });
      this.channels.push(channel);
      this.connect();
      return channel;
    }
  };

  // src/transport/channel.js
  var MAX_BUFFERED = 50;
  var OVERLOADED_RETRY_MS = 1e3;
  var CLOSED = "closed";
  var JOINING = "joining";
  var JOINED = "joined";
  var LEAVING = "leaving";
  var Channel = class {
    /**
     * `options`: `params()` builds the join payload (called for every join, so a re-join sends
     * what the user holds then), `bufferSize` (default MAX_BUFFERED), `timeout` (ms, default none:
     * a push waits for its reply or the disconnection; the heartbeat finds dead connections).
     */
    constructor(socket2, topic, { params = () => ({}), bufferSize = MAX_BUFFERED, timeout = null } = {}) {
      this.socket = socket2;
      this.topic = topic;
      this.params = params;
      this.bufferSize = bufferSize;
      this.timeout = timeout;
      this.state = CLOSED;
      this.wanted = false;
      this.left = false;
      this.buffer = [];
      this.handlers = /* @__PURE__ */ new Map();
      this.joinCallbacks = [];
      this.joinErrorCallbacks = [];
      this.waiters = [];
      this.attempt = 0;
      socket2.subscribe(topic, (event, payload) => this.received(event, payload));
      socket2.onOpen(() => this.wanted && this.sendJoin());
      socket2.onClose(() => this.socketClosed());
    }
    get joined() {
      return this.state === JOINED;
    }
    /** Call `callback(payload)` for every server-initiated frame `event` of this topic. */
    on(event, callback) {
      if (!this.handlers.has(event)) this.handlers.set(event, []);
      this.handlers.get(event).push(callback);
    }
    /** Call `callback(reply)` with the `ok` payload of every join, before the buffer is sent. */
    onJoin(callback) {
      this.joinCallbacks.push(callback);
    }
    /** Call `callback(error)` (a TransportError) when the server refuses a join. */
    onJoinError(callback) {
      this.joinErrorCallbacks.push(callback);
    }
    /**
     * Join now if the socket is connected, and again after every reconnection. Resolves with the
     * `ok` payload of the next join; rejects with a TransportError if the server refuses it.
     */
    join() {
      this.wanted = true;
      this.left = false;
      const joined = new Promise((resolve, reject) => this.waiters.push([resolve, reject]));
      joined.catch(() => {
      });
      if (this.state === CLOSED && this.socket.connected) this.sendJoin();
      return joined;
    }
    /** Leave and join again (the user's state disagrees with the server's). */
    async rejoin() {
      if (this.state !== JOINED) return;
      this.state = LEAVING;
      const attempt = ++this.attempt;
      try {
        await this.socket.request(this.topic, EVENT_LEAVE, {});
      } catch {
        return;
      }
      if (attempt === this.attempt && this.wanted) await this.sendJoin();
    }
    /** Leave for good: no more re-joins; pushes still waiting are rejected. */
    async leave() {
      const wasJoined = this.state === JOINED;
      this.wanted = false;
      this.left = true;
      this.state = CLOSED;
      this.attempt += 1;
      this.rejectBuffer(new TransportError(ERROR_DISCONNECTED, "the channel was left"));
      this.socket.unsubscribe(this.topic);
      if (wasJoined) await this.socket.request(this.topic, EVENT_LEAVE, {}).catch(() => {
      });
    }
    /**
     * Send `event` with `payload` and resolve with the `ok` reply's payload. Rejects with a
     * TransportError: the server's code for an `error` reply, `disconnected` when the connection
     * dropped before the reply (or the buffer is full), `timeout` after `timeout` ms.
     * `sent()` is called when the frame leaves: at once, or after the join for a buffered push.
     */
    push(event, payload, { timeout = this.timeout, sent = null } = {}) {
      return new Promise((resolve, reject) => {
        const entry = { event, payload, timeout, sent, resolve, reject };
        if (this.left) {
          reject(new TransportError(ERROR_DISCONNECTED, "the channel was left"));
        } else if (this.state === JOINED) {
          this.send(entry);
        } else if (this.buffer.length >= this.bufferSize) {
          const reason = `not joined, and ${this.bufferSize} pushes already wait for the join`;
          reject(new TransportError(ERROR_DISCONNECTED, reason));
        } else {
          this.buffer.push(entry);
        }
      });
    }
    send({ event, payload, timeout, sent, resolve, reject }) {
      if (sent) sent();
      this.socket.request(this.topic, event, payload, { timeout }).then((reply) => {
        if (reply.event === EVENT_OK) resolve(reply.payload);
        else reject(TransportError.fromPayload(reply.payload));
      }, reject);
    }
    async sendJoin() {
      const attempt = ++this.attempt;
      this.state = JOINING;
      const payload = { ...this.params(), [PAYLOAD_PROTOCOL]: PROTOCOL_VERSION };
      let reply;
      try {
        reply = await this.socket.request(this.topic, EVENT_JOIN, payload);
      } catch {
        return;
      }
      if (attempt !== this.attempt) return;
      if (reply.event !== EVENT_OK && reply.payload.code === ERROR_OVERLOADED) {
        const delay = OVERLOADED_RETRY_MS * (1 + this.socket.random());
        this.socket.timers.setTimeout(() => {
          if (attempt === this.attempt && this.wanted && this.socket.connected) this.sendJoin();
        }, delay);
        return;
      }
      if (reply.event !== EVENT_OK) {
        this.state = CLOSED;
        this.refused(TransportError.fromPayload(reply.payload));
        return;
      }
      for (const callback of this.joinCallbacks) callback(reply.payload);
      this.state = JOINED;
      for (const [resolve] of this.waiters.splice(0)) resolve(reply.payload);
      while (this.state === JOINED && this.buffer.length > 0) this.send(this.buffer.shift());
    }
    // Pushes waiting for this join cannot go out: nothing tells when a join would succeed.
    refused(error) {
      this.rejectBuffer(error);
      for (const [, reject] of this.waiters.splice(0)) reject(error);
      for (const callback of this.joinErrorCallbacks) callback(error);
    }
    rejectBuffer(error) {
      for (const { reject } of this.buffer.splice(0)) reject(error);
    }
    socketClosed() {
      this.state = CLOSED;
    }
    received(event, payload) {
      for (const callback of this.handlers.get(event) || []) callback(payload);
    }
  };

  // src/transport/frames.js
  function encodeFrame(ref, topic, event, payload) {
    return JSON.stringify([ref, topic, event, payload]);
  }
  function decodeFrame(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return null;
    }
    if (!Array.isArray(frame) || frame.length !== 4) return null;
    const [ref, topic, event, payload] = frame;
    return { ref, topic, event, payload };
  }

  // src/transport/socket.js
  var DEFAULT_SOCKET_PATH = "/djwire/ws/";
  var HEARTBEAT_MS = 3e4;
  var BACKOFF_FIRST_MS = 100;
  var BACKOFF_MAX_MS = 1e4;
  var BACKOFF_JITTER = 0.3;
  function socketURL(location, path) {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}${path}`;
  }
  function backoffDelay(attempt, random = Math.random) {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
    return Math.round(base * (1 + BACKOFF_JITTER * (2 * random() - 1)));
  }
  var Socket = class {
    /**
     * `options` exist for tests: `WebSocket` (constructor), `target` (where the djwire:* events
     * are dispatched), `timers` ({setTimeout, clearTimeout, setInterval, clearInterval}), `random`.
     */
    constructor(url, options = {}) {
      this.url = url;
      this.WebSocket = options.WebSocket || globalThis.WebSocket;
      this.target = options.target || globalThis.document;
      this.timers = options.timers || globalThis;
      this.random = options.random || Math.random;
      this.ws = null;
      this.ref = 0;
      this.replies = /* @__PURE__ */ new Map();
      this.topics = /* @__PURE__ */ new Map();
      this.topicCounts = /* @__PURE__ */ new Map();
      this.openCallbacks = [];
      this.closeCallbacks = [];
      this.attempt = 0;
      this.heartbeat = null;
      this.heartbeatRef = null;
      this.reconnectTimer = null;
      this.stopped = false;
    }
    get connected() {
      return this.ws !== null && this.ws.readyState === this.WebSocket.OPEN;
    }
    /**
     * A channel on a topic of its own: `prefix` followed by 1, 2, ... in the order asked
     * ("lv:1", "lv:2"). See channel.js for `options`.
     */
    channel(prefix, options = {}) {
      const n = (this.topicCounts.get(prefix) || 0) + 1;
      this.topicCounts.set(prefix, n);
      return new Channel(this, `${prefix}${n}`, options);
    }
    /** Call `callback` after every (re)connection: joins are (re)made there. */
    onOpen(callback) {
      this.openCallbacks.push(callback);
    }
    /** Call `callback` whenever the connection is lost (before the reconnection is scheduled). */
    onClose(callback) {
      this.closeCallbacks.push(callback);
    }
    /** Route the server-initiated frames of `topic` to `callback(event, payload)`. */
    subscribe(topic, callback) {
      this.topics.set(topic, callback);
    }
    unsubscribe(topic) {
      this.topics.delete(topic);
    }
    connect() {
      this.stopped = false;
      const ws = new this.WebSocket(this.url);
      this.ws = ws;
      ws.onopen = () => this.opened();
      ws.onmessage = (message) => this.received(message.data);
      ws.onclose = (event) => this.closed(ws, event);
    }
    /** Close for good: no reconnection. */
    disconnect() {
      this.stopped = true;
      this.timers.clearTimeout(this.reconnectTimer);
      if (this.ws) this.ws.close();
    }
    /**
     * Send a request and resolve with the reply `{event, payload}` (`ok` or `error`). Reject with
     * a TransportError: `disconnected` when the socket is not connected or closes before the
     * reply, `timeout` when `timeout` ms pass without one (the reply is then ignored).
     */
    request(topic, event, payload, { timeout = null } = {}) {
      if (!this.connected) {
        return Promise.reject(new TransportError(ERROR_DISCONNECTED, "not connected"));
      }
      this.ref += 1;
      const ref = this.ref;
      const reply = new Promise((resolve, reject) => {
        const timer = timeout === null ? null : this.timers.setTimeout(() => this.expired(ref, timeout), timeout);
        this.replies.set(ref, { resolve, reject, timer });
      });
      this.ws.send(encodeFrame(ref, topic, event, payload));
      return reply;
    }
    expired(ref, timeout) {
      const pending = this.replies.get(ref);
      if (!pending) return;
      this.replies.delete(ref);
      pending.reject(new TransportError(ERROR_TIMEOUT, `no reply within ${timeout} ms`));
    }
    opened() {
      this.attempt = 0;
      this.heartbeat = this.timers.setInterval(() => this.beat(), HEARTBEAT_MS);
      for (const callback of this.openCallbacks) callback();
      this.target.dispatchEvent(new CustomEvent(DOM_CONNECTED));
    }
    // A heartbeat still unanswered when the next one is due means the connection is dead even
    // if the browser has not noticed: close it so that the reconnection starts.
    beat() {
      if (this.heartbeatRef !== null) {
        this.ws.close();
        return;
      }
      const sent = this.request(SOCKET_TOPIC, EVENT_HEARTBEAT, {});
      this.heartbeatRef = this.ref;
      sent.then(
        () => this.heartbeatRef = null,
        () => this.heartbeatRef = null
      );
    }
    received(text) {
      const frame = decodeFrame(text);
      if (frame === null) {
        console.warn("djwire: dropped a frame that is not a 4-item array", text);
        return;
      }
      const { ref, topic, event, payload } = frame;
      if (ref !== null) {
        const pending = this.replies.get(ref);
        if (pending) {
          this.replies.delete(ref);
          this.timers.clearTimeout(pending.timer);
          pending.resolve({ event, payload });
        }
        return;
      }
      const callback = this.topics.get(topic);
      if (callback) {
        callback(event, payload);
      } else if (event === EVENT_ERROR) {
        console.warn(`djwire: ${payload[PAYLOAD_CODE]}: ${payload[PAYLOAD_REASON]}`);
        this.target.dispatchEvent(new CustomEvent(DOM_ERROR, { detail: payload }));
      }
    }
    closed(ws, event) {
      if (ws !== this.ws) return;
      const wasOpen = this.heartbeat !== null;
      this.timers.clearInterval(this.heartbeat);
      this.heartbeat = null;
      this.heartbeatRef = null;
      this.ws = null;
      const why = event && event.code ? ` (close code ${event.code})` : "";
      const error = new TransportError(ERROR_DISCONNECTED, `the connection closed before the reply${why}`);
      for (const pending of this.replies.values()) {
        this.timers.clearTimeout(pending.timer);
        pending.reject(error);
      }
      this.replies.clear();
      for (const callback of this.closeCallbacks) callback();
      if (wasOpen) this.target.dispatchEvent(new CustomEvent(DOM_DISCONNECTED));
      if (this.stopped) return;
      const delay = backoffDelay(this.attempt, this.random);
      this.attempt += 1;
      this.reconnectTimer = this.timers.setTimeout(() => this.connect(), delay);
    }
  };

  // package.json
  var version = "0.1.0";

  // src/index.js
  Object.assign(hooks, window.djwire && window.djwire.hooks);
  var signals = new Signals(document);
  var signalsAPI = {
    call: (name, opts, signalId) => signals.call(name, opts, signalId),
    connect: (name, fn) => signals.connect(name, fn)
  };
  var socket = null;
  var connecting = false;
  function pageScript() {
    return document.querySelector(`script[${ATTR_SOCKET_PATH}]`);
  }
  function pageSocket() {
    if (socket === null) {
      const script = pageScript();
      const path = script && script.getAttribute(ATTR_SOCKET_PATH) || DEFAULT_SOCKET_PATH;
      socket = new Socket(socketURL(window.location, path));
      djwire.socket = socket;
    }
    return socket;
  }
  function connectOnce() {
    if (connecting) return;
    connecting = true;
    const script = pageScript();
    installBanner(document, pageSocket(), script);
    installErrorFlash(document, script);
    socket.connect();
  }
  var sync = new Sync(document, pageSocket, connectOnce);
  var syncAPI = { join: (token, options) => sync.join(token, options) };
  var djwire = { hooks, signals: signalsAPI, socket: null, sync: syncAPI, views: [], version };
  window.djwire = djwire;
  window.DFSignals = signalsAPI;
  function start() {
    const script = pageScript();
    const token = script && script.getAttribute(ATTR_WINDOW);
    const socket2 = pageSocket();
    const roots = [...document.querySelectorAll(`[${ATTR_ROOT}]`)];
    const views = roots.map((root) => new View(root, socket2, hooks));
    const viewsByRoot = new Map(views.map((view) => [view.root, view]));
    new Bindings(document, (root) => viewsByRoot.get(root)).start();
    if (token) signals.open(socket2, token);
    new SignalBindings(document, (name, opts, el) => signals.callFrom(el, name, opts)).start();
    djwire.views = views;
    if (views.length > 0 || token) connectOnce();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
