/**
 * The keyboard layer: the command palette (Ctrl/Cmd+K), the shortcuts sheet (?) and the
 * single-key shortcuts a screen registers while it is shown (N: new blocker…). A key typed in
 * a field is the field's, never a shortcut.
 */

export type Shortcut = { key: string; label: string; run: () => void };

class Keyboard {
  paletteOpen = $state(false);
  helpOpen = $state(false);
  /** The current screen's shortcuts, by key. */
  screen = $state<Shortcut[]>([]);

  /** A screen's shortcuts while it is mounted: call from an `$effect`, return its result. */
  register(shortcuts: Shortcut[]): () => void {
    this.screen = shortcuts;
    return () => {
      if (this.screen === shortcuts) this.screen = [];
    };
  }

  onkeydown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      this.paletteOpen = !this.paletteOpen;
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (this.paletteOpen || this.helpOpen || document.querySelector('[role=dialog]')) return;
    if (event.key === '?') {
      event.preventDefault();
      this.helpOpen = true;
      return;
    }
    const s = this.screen.find((x) => x.key === event.key.toLowerCase() || x.key === event.key);
    if (s) {
      event.preventDefault();
      s.run();
    }
  };
}

/** A shortcut that puts the cursor in a screen's "add" field. */
export function focusField(key: string, label: string, selector: string): Shortcut {
  return {
    key,
    label,
    run: () => {
      const el = document.querySelector<HTMLElement>(selector);
      el?.scrollIntoView({ block: 'center' });
      el?.focus();
    },
  };
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    el.isContentEditable ||
    el.tagName === 'INPUT' ||
    el.tagName === 'TEXTAREA' ||
    el.tagName === 'SELECT'
  );
}

export const keyboard = new Keyboard();
