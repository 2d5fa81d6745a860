/** Who wrote something, as the Sync screen names them: the user's name their device gave, or
 *  the device's last characters when it gave none. */
export function who(name: string, device: string): string {
  return name || `device ${device.slice(-6)}`;
}

/** A field's name as a reader says it ("due_date" → "due date"). */
export function fieldLabel(field: string): string {
  return field.replace(/_/g, ' ');
}
