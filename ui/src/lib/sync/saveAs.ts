/**
 * Exports: the user picks where in the system's save dialog; Rust writes the file, so the
 * web view never gets file-system access.
 */
import { save } from '@tauri-apps/plugin-dialog';
import { toast } from 'svelte-sonner';
import { messageOf } from '$lib/api';

export async function saveAs(
  defaultName: string,
  filter: { name: string; extensions: string[] },
  write: (path: string) => Promise<unknown>,
) {
  const path = await save({ defaultPath: defaultName, filters: [filter] });
  if (!path) return;
  try {
    await write(path);
    toast.success(`Saved ${path}`);
  } catch (e) {
    toast.error(messageOf(e));
  }
}
