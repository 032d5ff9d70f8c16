/** Small synthetic crystal data for CGCNN tests: cubic POSCARs with a target that depends on the cell. */

/** POSCAR text of a cubic cell of edge `a` Å with the given species at fractional positions. */
export function cubicPoscar(a: number, sites: readonly [string, number, number, number][]): string {
  const species = [...new Set(sites.map((s) => s[0]))];
  const lines = ['synthetic', '1.0', `${a} 0 0`, `0 ${a} 0`, `0 0 ${a}`, species.join(' '), species.map((sp) => sites.filter((s) => s[0] === sp).length).join(' '), 'direct'];
  for (const sp of species) for (const s of sites.filter((x) => x[0] === sp)) lines.push(`${s[1]} ${s[2]} ${s[3]}`);
  return `${lines.join('\n')}\n`;
}

/** A CSV (id, split, target, poscar) of `n` cubic crystals: one-atom cells and CsCl-type pairs, target ≈ 2·a − 5. */
export function syntheticCrystalCsv(n: number): string {
  const rows = ['id,split,target,poscar'];
  const metals = ['Cu', 'Al', 'Fe', 'Na', 'K'];
  for (let i = 0; i < n; i++) {
    const a = 2.5 + (i % 7) * 0.25;
    const pair = i % 2 === 1;
    const sites: [string, number, number, number][] = pair ? [[metals[i % 5]!, 0, 0, 0], ['Cl', 0.5, 0.5, 0.5]] : [[metals[i % 5]!, 0, 0, 0]];
    const split = i % 10 === 0 ? 'test' : i % 10 === 5 ? 'val' : 'train';
    rows.push(`c${i},${split},${(2 * a - 5 + (pair ? 0.5 : 0)).toFixed(3)},"${cubicPoscar(a, sites)}"`);
  }
  return `${rows.join('\n')}\n`;
}
