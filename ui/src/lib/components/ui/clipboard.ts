import { toast } from 'svelte-sonner';
import { writeText } from '@tauri-apps/plugin-clipboard-manager';
import { messageOf } from '$lib/api';

/** Copies `text` (or what it resolves to) to the clipboard and says so, or says why not. */
export async function copyText(text: string | Promise<string>, said = 'Copied') {
  try {
    await writeText(await text);
    toast.success(said);
  } catch (e) {
    toast.error(messageOf(e));
  }
}
