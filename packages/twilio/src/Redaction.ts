/**
 * Phone numbers are personal data: logs keep the country prefix and the last two digits, enough
 * to tell callers apart while debugging, never enough to dial them.
 */
export const redactPhone = (phone: string): string => {
  const trimmed = phone.trim()
  if (trimmed.length <= 4) return "***"
  const prefix = trimmed.startsWith("+") ? trimmed.slice(0, 2) : ""
  return `${prefix}${"*".repeat(Math.max(3, trimmed.length - prefix.length - 2))}${trimmed.slice(-2)}`
}
