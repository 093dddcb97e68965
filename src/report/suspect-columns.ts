/**
 * The column titles of a suspect table, shared by the terminal, HTML and Markdown reports. In an incident's
 * table, q is that incident's (its p against its own time-of-day null, adjusted across the
 * candidates) and "confirmed" is the victim's verdict across all its incidents: a suspect can be
 * confirmed by the pattern of five crashes while one crash alone says little (q 0.4), and the
 * titles say which is which.
 */
export function suspectColumns(scope: 'victim' | 'incident', leadTitle = 'lead (s)'): string[] {
  return [
    '#',
    'domain',
    'resource',
    'metric',
    'score',
    'support',
    'lift',
    scope === 'incident' ? 'q (this crash)' : 'q',
    leadTitle,
    'direction',
    scope === 'incident' ? 'confirmed (all crashes)' : 'confirmed',
    'shared',
  ];
}
