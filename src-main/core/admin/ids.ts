/**
 * Readable ids for what the UI creates: a slug of the name ("Acme Okta" → "acme-okta"), with "-2", "-3" … when taken.
 * They become part of SCIM URLs, so only [a-z0-9-], starting with a letter or digit.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 60)
    .replace(/-+$/, '')
}

export function uniqueId(text: string, fallback: string, taken: (id: string) => boolean): string {
  const base = slugify(text) || fallback
  if (!taken(base)) return base
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`
}
