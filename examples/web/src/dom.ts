/** What `el` accepts as children: nodes, text, and nothing (skipped, for conditionals). */
export type Child = Node | string | null | undefined | false;

/**
 * Creates an element with attributes and children: the one helper the views
 * share, so they read as the markup they make. Text is always added as text
 * nodes, never as HTML, so nothing a user typed can inject markup.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (value !== false) element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** A button that runs `action` on click; while an async action runs it is disabled, so a double click does not do it twice. */
export function button(label: string, action: () => void | Promise<void>, attributes: Record<string, string | boolean> = {}): HTMLButtonElement {
  const element = el('button', { type: 'button', ...attributes }, label);
  element.addEventListener('click', () => {
    const result = action();
    if (result instanceof Promise) {
      element.disabled = true;
      void result.finally(() => {
        element.disabled = false;
      });
    }
  });
  return element;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false));
}

/** The element with this id, which index.html must have. */
export function requireElement(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html has no #${id}`);
  return element;
}
