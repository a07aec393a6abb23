import type { CheckResult, Report, StepResult } from '@shared/scenario'

/**
 * A report as JUnit XML for CI (the format Jenkins, GitLab and GitHub test reporters read): one <testsuite> per run,
 * one <testcase> per step — the same cases as the on-screen report, so the counts agree everywhere. A failing step
 * is a <failure> whose text lists every failing check with its source; a skipped step is <skipped/>; warnings go to
 * <system-out>. A network failure is still a failure, not an <error>: <error> means the test itself broke, and here
 * the server under test is what failed; a step a stop cut short is skipped, as on screen. So `errors` is always 0 and
 * tests = passed + warned + failures + skipped, the report's own summary.
 */

/** XML 1.0 text: escapes markup and drops characters XML cannot carry at all (control characters, lone surrogates). */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

const attr = (s: string) => xmlEscape(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3)

function checkLine(c: CheckResult, where?: string): string {
  return `- ${c.title}${where ? ` [${where}]` : ''}: ${c.reason}\n  source: ${c.source}${c.items.length ? ` (${c.items.join(', ')})` : ''}`
}

function failingLines(step: StepResult, outcome: 'fail' | 'warn'): string[] {
  const lines: string[] = []
  for (const x of step.exchanges) {
    const where = `${x.request.method} ${x.request.url}${x.response ? ` → ${x.response.status}` : ''}`
    for (const c of x.checks) if (c.outcome === outcome) lines.push(checkLine(c, where))
  }
  for (const a of step.assertions) if (a.outcome === outcome) lines.push(checkLine(a, 'assertion'))
  return lines
}

function testcase(report: Report, step: StepResult): string {
  const name = `${step.index + 1} ${step.action} ${step.title}`
  const open = `    <testcase classname="${attr(report.scenario)}" name="${attr(name)}" time="${seconds(step.durationMs)}"`
  const body: string[] = []
  if (step.outcome === 'fail') {
    const lines = failingLines(step, 'fail')
    const text = [step.reason, ...(lines.length ? ['', ...lines] : [])].join('\n')
    body.push(`      <failure message="${attr(step.reason)}" type="${attr(step.action)}">${xmlEscape(text)}</failure>`)
  } else if (step.outcome === 'skipped') {
    body.push(`      <skipped message="${attr(step.reason)}"/>`)
  }
  const warns = failingLines(step, 'warn')
  if (step.outcome === 'warn' || warns.length) body.push(`      <system-out>${xmlEscape([step.outcome === 'warn' ? `warning: ${step.reason}` : '', ...warns].filter(Boolean).join('\n'))}</system-out>`)
  return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`
}

export function toJUnit(report: Report): string {
  const steps = report.steps
  const failures = steps.filter((s) => s.outcome === 'fail').length
  const skipped = steps.filter((s) => s.outcome === 'skipped').length
  const errors = 0
  const end = report.finishedAt ? Date.parse(report.finishedAt) : Date.now()
  const time = seconds(end - Date.parse(report.startedAt))
  const suiteName = `${report.scenario} (${report.profile})`
  const props = [
    ['runId', report.runId],
    ['profile', report.profile],
    ['target', report.target.baseUrl],
    ['status', report.status],
  ]
    .map(([k, v]) => `      <property name="${attr(k!)}" value="${attr(v!)}"/>`)
    .join('\n')
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scim-sandbox" tests="${steps.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="${attr(suiteName)}" tests="${steps.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}" timestamp="${attr(report.startedAt)}">`,
    `    <properties>\n${props}\n    </properties>`,
    ...steps.map((s) => testcase(report, s)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
