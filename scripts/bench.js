#!/usr/bin/env node
/*
 * `npm run bench`: every performance figure of issue 14 beside its goal,
 * measured in one run (ratios where the machine's speed would otherwise
 * decide), then the in-process details. The benches are TypeScript, loaded
 * with the Backstage CLI's Node transform (no build step); docs/performance.md
 * holds a measured copy.
 *
 *   npm run bench                 everything (about 3 minutes on 2 CPUs)
 *   npm run bench -- --skip-http  without the dev-backend replica
 *   npm run bench -- --pg         the replica on PostgreSQL, not SQLite
 */
'use strict';

const path = require('node:path');

process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING ??= '1';
require('@backstage/cli/config/nodeTransform.cjs');

const root = path.resolve(__dirname, '..');
const load = file => require(path.join(root, file));

const progress = line => process.stderr.write(`bench: ${line}...\n`);
const cell = value => String(value ?? '').replace(/\|/g, '\\|');

function table(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map(r => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const backend = 'plugins/multi-region-backend/bench';
  const { benchInProcess, benchCaption } = load(`${backend}/bench.ts`);
  const { benchFailoverHungEndpoints } = load(`${backend}/failover.ts`);
  const { benchHealthRefresh } = load(`${backend}/healthRefresh.ts`);
  const { fleet } = load(`${backend}/fleet.ts`);

  const goals = [];
  if (!args.includes('--skip-http')) {
    progress('HTTP: one dev-backend replica, the catalog beside our API');
    const { benchHttp } = load('packages/system-tests/src/bench/httpBench.ts');
    goals.push(
      ...(await benchHttp({
        fleet: { panels: 50, ...fleet(50, 20) },
        database: args.includes('--pg') ? 'pg' : 'sqlite',
      })),
    );
  }
  progress('failover with hung ARC endpoints');
  goals.push(...(await benchFailoverHungEndpoints()));
  progress('one health refresh pass over 1,000 services');
  goals.push(...(await benchHealthRefresh()));
  const inProcess = await benchInProcess(progress);
  goals.push(...inProcess.goals);

  const met = goals.filter(g => g.met === true).length;
  const judged = goals.filter(g => g.met !== undefined).length;
  console.log(`\n${benchCaption()}\n`);
  console.log(
    table(
      ['Figure', 'Goal', 'Result', 'Met', 'Detail'],
      goals.map(g => [
        g.figure,
        g.goal,
        g.result,
        g.met === undefined ? '-' : g.met ? 'yes' : '**no**',
        g.detail ?? '',
      ]),
    ),
  );
  console.log(`\n${met} of ${judged} goals met.\n`);
  console.log(table(['Measurement', 'Result', 'Detail'], inProcess.details));
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
