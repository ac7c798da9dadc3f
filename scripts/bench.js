#!/usr/bin/env node
/*
 * `npm run bench`: runs the multi-region backend's benchmark from its
 * TypeScript sources with the Backstage CLI's Node transform (no build step)
 * and prints Markdown tables; docs/performance.md holds a measured copy.
 */
'use strict';

const path = require('node:path');

process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING ??= '1';
require('@backstage/cli/config/nodeTransform.cjs');
require(path.resolve(
  __dirname,
  '../plugins/multi-region-backend/bench/bench.ts',
));
