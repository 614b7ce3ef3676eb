import { describe, expect, it } from 'vitest';
import { generateLsuBuffer } from '../test-support/index.ts';
import { checkLsu, checkLsuProvisionally, readBilanXml, type LsuBilan } from './index.ts';

async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}

/** A 10.0 file declaring `version`, with annual averages (unknown to 10.0) in each periodic bilan. */
async function newerFile(version: string, edit: (text: string) => string = (t) => t): Promise<string> {
  const text = (await generateLsuBuffer({ version: '10.0', pupils: 2, periods: 2, seed: 4 })).toString('utf8')
    .replace('schemaVersion="10.0"', `schemaVersion="${version}"`)
    .replace(/<vie-scolaire /g, '<moyennes-annuelles><moyenne-annuelle valeur="12.123456789"/></moyennes-annuelles><vie-scolaire ');
  return edit(text);
}

describe('checkLsuProvisionally', () => {
  it('accepts a newer collège version against the newest known rule set, listing what it does not know', async () => {
    const bilans: LsuBilan[] = [];
    const told: unknown[] = [];
    const report = await checkLsuProvisionally(bytesOf(await newerFile('13.0')), {
      content: 'xml',
      onRuleSet: (selected) => told.push({ selected, bilansBefore: bilans.length }),
      onBilan: (b) => { bilans.push(b); },
    });
    // Told before any bilan, so a caller can mark each one.
    expect(told).toEqual([{ selected: { schemaVersion: '13.0', family: 'college', provisional: { declared: '13.0', checkedAgainst: 'college-10.0' } }, bilansBefore: 0 }]);
    expect(report.errors).toEqual([]);
    expect(report.verdict).toBe('accepted');
    expect(report.schemaVersion).toBe('13.0');
    expect(report.provisional).toMatchObject({ declaredVersion: '13.0', checkedAgainst: 'college-10.0' });
    expect(new Set(report.provisional?.unknown.map((i) => `${i.code} ${String(i.params.element)}`))).toEqual(new Set(['schema.element.unexpected moyennes-annuelles']));
    expect(bilans.length).toBe(report.counts.periodic + report.counts.cycle);
    const periodic = bilans.find((b) => b.kind === 'periodic')!;
    const kept = readBilanXml(periodic.xml!).children.find((c) => c.name === 'moyennes-annuelles');
    expect(kept?.children[0]?.attributes).toEqual({ valeur: '12.123456789' });
  });

  it('still refuses errors of known content, unknown older or malformed versions, and is off in checkLsu', async () => {
    const broken = await checkLsuProvisionally(bytesOf(await newerFile('13.0', (t) => t.replace(/positionnement="\d"/, 'positionnement="9"'))));
    expect(broken.verdict).toBe('error');
    expect(broken.errors.map((e) => e.code)).toContain('facet.pattern');
    for (const version of ['9.0', '13', '13.0b', '010.5']) {
      const refused = await checkLsuProvisionally(bytesOf(await newerFile(version)));
      expect(refused.errors.map((e) => e.code)).toEqual(['schema.version_unknown']);
    }
    const told: unknown[] = [];
    const plain = await checkLsu(bytesOf(await newerFile('13.0')), { onRuleSet: (selected) => told.push(selected) });
    expect(plain.errors.map((e) => e.code)).toEqual(['schema.version_unknown']);
    expect(told).toEqual([]);
  });

  it('checks a known version exactly as checkLsu does', async () => {
    const text = (await generateLsuBuffer({ version: '10.0', pupils: 2, periods: 2, seed: 4 })).toString('utf8').replace('<vie-scolaire ', '<x/><vie-scolaire ');
    const [a, b] = [await checkLsu(bytesOf(text)), await checkLsuProvisionally(bytesOf(text))];
    expect(b.provisional).toBeUndefined();
    expect(b.errors).toEqual(a.errors);
    expect(b.verdict).toBe('error');
  });
});
