/*
 * The browser tests, in order: later tests build on the state earlier ones
 * leave (signed in; orders failed over, then back; us-east-1 evacuated, then
 * every service back on its primary). Each is a named async function of the
 * context { page, appUrl, screenshot }; the evacuation tests sign example
 * users in, each in a browser context of its own (asExampleUser).
 */
'use strict';

const assert = require('node:assert/strict');

const FAILOVER_TIMEOUT_MS = 180_000;
const REASON = 'E2E drill: us-east-1 API Gateway 5xx (INC-4242)';
const FAILBACK_REASON = 'E2E drill over: us-east-1 healthy again (INC-4242)';

/** Polls `read` until `check` accepts its value, or fails with the last value seen. */
async function eventually(what, read, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await read();
      if (check(last)) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: still ${JSON.stringify(String(last))} after ${timeoutMs} ms`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/**
 * Opens a page of the app, signed in. A full page load re-establishes the
 * guest session from its refresh cookie; if the backend restarted meanwhile
 * (watch mode), the sign-in page comes back and we enter again.
 */
async function open(ctx, pathAndQuery) {
  const { page } = ctx;
  await page.goto(`${ctx.appUrl}${pathAndQuery}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page.locator('a[href="/multi-region"]').first();
  await enter.or(signedIn).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) {
    await enter.click();
    await signedIn.waitFor();
  }
}

async function openEntity(ctx, name, tab = '') {
  await open(ctx, `/catalog/default/component/${name}${tab}`);
}

/** The card holding the element of `testId` (dev builds suffix MUI class names). */
function cardWith(ctx, testId) {
  return ctx.page.locator('[class*="MuiCard-root"]', {
    has: ctx.page.getByTestId(testId),
  });
}

/** The whole multi-region card. */
function cardOf(ctx) {
  return cardWith(ctx, 'multi-region-card');
}

async function activeRegion(ctx) {
  const region = ctx.page.getByTestId('multi-region-active-region');
  await region.waitFor();
  return region;
}

async function expectActiveRegion(ctx, region, role) {
  const el = await activeRegion(ctx);
  await eventually(
    `active region of the card`,
    async () =>
      `${(await el.innerText()).trim()} ${await el.getAttribute('data-role')}`,
    v => v === `${region} ${role}`,
  );
}

/**
 * Opens the entity, checks it runs in `from`, runs the dialog from the card's
 * button to a finished operation and checks the card now shows `to`
 * (both `[region, role]`).
 */
async function failOver(ctx, { entity, from, to, reason, screenshot }) {
  const { page } = ctx;
  await openEntity(ctx, entity);
  await expectActiveRegion(ctx, ...from);
  const button = page.getByTestId('multi-region-failover-button');
  await eventually(
    'failover button',
    () => button.isEnabled(),
    v => v === true,
  );
  await button.click();
  const dialog = page.getByTestId('failover-dialog');
  await dialog.getByTestId('failover-plan').waitFor();
  const headline = await dialog
    .getByTestId('failover-plan-headline')
    .innerText();
  assert.match(headline, new RegExp(to[0]));
  await dialog.getByTestId('failover-reason').fill(reason);
  await dialog.getByTestId('failover-confirm-name').fill(entity);
  await waitOutSafetyRule(ctx, dialog);
  const confirm = dialog.getByTestId('failover-confirm');
  await eventually(
    'confirm button',
    () => confirm.isEnabled(),
    v => v === true,
  );
  if (screenshot) {
    await ctx.screenshot(screenshot, page.locator('[role="dialog"]'));
  }
  await confirm.click();
  const progress = dialog.getByTestId('failover-progress');
  await progress.waitFor();
  const result = dialog.getByTestId('failover-result');
  await result.waitFor({ timeout: FAILOVER_TIMEOUT_MS });
  assert.equal(
    await result.getAttribute('data-status'),
    'succeeded',
    `operation ended as ${await result.getAttribute(
      'data-status',
    )}: ${await result.innerText()}`,
  );
  await dialog.getByTestId('failover-cancel').click();
  await dialog.waitFor({ state: 'hidden' });
  await expectActiveRegion(ctx, ...to);
}

/**
 * A change right after the previous one (the template's safety rule waits
 * 5 s) meets the rule's wait period: the dialog counts down, then the user
 * plans again. Whether the plan was made inside the period depends on how
 * fast the page opened, so this acts only when the notice is there.
 */
async function waitOutSafetyRule(ctx, dialog, planTestId = 'failover-plan') {
  const notice = dialog.getByTestId('failover-wait-period');
  if ((await notice.count()) === 0) return;
  const countdown = await dialog
    .getByTestId('failover-wait-countdown')
    .innerText();
  if ((await notice.getAttribute('data-passed')) !== 'true') {
    assert.match(countdown, /wait period ends in \d+ s/);
    await ctx.screenshot('failover-wait-period', dialog);
  }
  await eventually(
    'wait period over',
    () => notice.getAttribute('data-passed'),
    v => v === 'true',
  );
  await dialog.getByTestId('failover-wait-plan-again').click();
  await notice.waitFor({ state: 'detached' });
  await dialog.getByTestId(planTestId).waitFor();
}

/** Picks `option` in a MUI select (an enum field of the scaffolder form). */
async function selectOption(ctx, id, option) {
  await ctx.page.locator(`#${id}`).click();
  await ctx.page.getByRole('option', { name: option, exact: true }).click();
  await ctx.page.locator(`#${id}`).filter({ hasText: option }).waitFor();
}

/**
 * Picks the catalog entity titled `title` in an OwnerPicker / EntityPicker;
 * the field then shows its entity ref.
 */
async function pickEntity(ctx, id, title, entityRef) {
  await ctx.page.locator(`#${id}`).click();
  await ctx.page.getByRole('option', { name: title, exact: true }).click();
  await eventually(
    `${id} field`,
    () => ctx.page.locator(`#${id}`).inputValue(),
    v => v === entityRef,
  );
}

/**
 * The name of the service the template test creates: `inventory` on a fresh
 * portal (the run starts one with an empty database, publish directory and
 * emulator); against a long-running portal (--no-portal) the first free
 * `inventory-<n>`, so that a re-run never collides with an earlier one.
 */
async function freeServiceName(ctx) {
  for (let n = 1; ; n++) {
    const name = n === 1 ? 'inventory' : `inventory-${n}`;
    const status = await catalogStatus(ctx, name);
    if (status === 404) return name;
    if (status !== 200) {
      throw new Error(`catalog lookup of ${name}: HTTP ${status}`);
    }
  }
}

/** HTTP status of the catalog's answer for component `name`. */
async function catalogStatus(ctx, name) {
  const res = await ctx.page.request.get(
    `${ctx.appUrl.replace(
      ':3000',
      ':7007',
    )}/api/catalog/entities/by-name/component/default/${name}`,
    { headers: { authorization: `Bearer ${await guestToken(ctx)}` } },
  );
  return res.status();
}

async function guestToken(ctx) {
  const res = await ctx.page.request.post(
    `${ctx.appUrl.replace(':3000', ':7007')}/api/auth/guest/refresh`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  const body = await res.json();
  return body.backstageIdentity.token;
}

/** The dev portal's emulator admin API (docs/emulator.md). */
const EMULATOR_ADMIN_URL = 'http://127.0.0.1:7418';

/** Sets a CloudWatch alarm's state in the emulator, as an alarm firing in AWS would. */
async function setAlarm(ctx, region, name, state) {
  const res = await ctx.page.request.post(`${EMULATOR_ADMIN_URL}/alarms`, {
    data: { region, name, state, reason: `e2e: set to ${state}` },
  });
  assert.equal(res.status(), 200, await res.text());
}

/**
 * Asks for a fresh readiness evaluation with the card's Check now until its
 * verdict is `verdict` (the refresher's first pass may not have stored the
 * health checks and records yet), pausing between asks to stay well within
 * the per-person plan budget the route shares.
 */
async function checkReadinessUntil(ctx, verdict, timeoutMs = 120_000) {
  const { page } = ctx;
  const line = page.getByTestId('multi-region-readiness');
  const button = page.getByTestId('multi-region-readiness-check');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await eventually(
      'Check now',
      () => button.isEnabled(),
      v => v === true,
    );
    await button.click();
    await eventually(
      'Check now',
      () => button.isEnabled(),
      v => v === true,
    );
    const seen = await line.getAttribute('data-verdict');
    if (seen === verdict) return;
    if (Date.now() > deadline) {
      throw new Error(
        `readiness still ${seen} after ${timeoutMs} ms: ${await line.innerText()}`,
      );
    }
    await page.waitForTimeout(2_000); // pacing of the asks, not a synchronisation
  }
}

/** Soak of the short drill: long enough to see it soak, short enough for CI. */
const DRILL_SOAK_SECONDS = 8;
const DRILL_TIMEOUT_MS = 180_000;
const DRILL_REASON = 'E2E drill: quarterly DR practice (CHG-4242)';

/**
 * Opens orders on its primary, runs the drill dialog from the card's button
 * to a started drill and returns the dialog (showing the drill's progress).
 */
async function startDrill(ctx, { soakSeconds, screenshot }) {
  const { page } = ctx;
  await openEntity(ctx, 'orders');
  await expectActiveRegion(ctx, 'us-east-1', 'primary');
  const button = page.getByTestId('multi-region-drill-button');
  await eventually(
    'drill button',
    () => button.isEnabled(),
    v => v === true,
  );
  await button.click();
  const dialog = page.getByTestId('drill-dialog');
  await dialog.getByTestId('drill-plan').waitFor();
  assert.equal(await dialog.getByTestId('drill-refusal').count(), 0);
  // planning again clears the typed name: wait first, then type
  await waitOutSafetyRule(ctx, dialog, 'drill-plan');
  await dialog.getByTestId('drill-soak-seconds').fill(String(soakSeconds));
  await dialog.getByTestId('drill-reason').fill(DRILL_REASON);
  await dialog.getByTestId('drill-confirm-text').fill('orders');
  const start = dialog.getByTestId('drill-start');
  await eventually(
    'start button',
    () => start.isEnabled(),
    v => v === true,
  );
  if (screenshot) {
    await ctx.screenshot(screenshot, page.locator('[role="dialog"]'));
  }
  await start.click();
  await dialog.getByTestId('drill-progress').waitFor();
  return dialog;
}

/* ---- Region evacuation, as the example users (docs/frontend.md) ---- */

const EVACUATION_TIMEOUT_MS = 2 * FAILOVER_TIMEOUT_MS; // two services, one after the other
const EVACUATION_REASON = 'E2E: us-east-1 degraded, API Gateway 5xx (INC-4244)';
const EVACUATION_BACK_REASON =
  'E2E: team-edge brings the external API home to us-east-1 (INC-4244)';
const RESTORE_REASON = 'E2E: back to the primary region after the evacuations';
const RESULTS_DIR = require('node:path').join(__dirname, 'results');

function backendUrl(ctx) {
  return ctx.appUrl.replace(':3000', ':7007');
}

/**
 * Signs `userName` in through the dev portal's "Example users" card. Right
 * after the backend starts the catalog may not hold the users yet: the card
 * then says so (an alert) and we sign in again.
 */
async function signInAsExampleUser(ctx, userName) {
  const { page } = ctx;
  const signedIn = page.locator('a[href="/multi-region"]').first();
  const nameField = page.getByLabel('User name');
  const failure = page.getByRole('alert');
  const deadline = Date.now() + 120_000;
  await page.goto(ctx.appUrl);
  for (;;) {
    await nameField.or(signedIn).first().waitFor({ timeout: 60_000 });
    if (await signedIn.isVisible()) return;
    await nameField.fill(userName);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await signedIn.or(failure).first().waitFor({ timeout: 60_000 });
    if (await signedIn.isVisible()) return;
    if (Date.now() > deadline) {
      throw new Error(
        `could not sign in as ${userName}: ${await failure.innerText()}`,
      );
    }
  }
}

/**
 * Opens a page of the app as the example user of `ctx`: the session is
 * remembered (localStorage), so a full page load signs them in again; if
 * the sign-in page comes back anyway, we sign in as them again (never as
 * the guest).
 */
async function openAs(ctx, pathAndQuery) {
  const { page } = ctx;
  await page.goto(`${ctx.appUrl}${pathAndQuery}`);
  const signedIn = page.locator('a[href="/multi-region"]').first();
  const nameField = page.getByLabel('User name');
  await nameField.or(signedIn).first().waitFor({ timeout: 60_000 });
  if (await nameField.isVisible()) {
    await signInAsExampleUser(ctx, ctx.userName);
    await page.goto(`${ctx.appUrl}${pathAndQuery}`);
    await signedIn.waitFor({ timeout: 60_000 });
  }
}

/**
 * Runs `run` with a context like the tests' own ({ page, appUrl, screenshot,
 * userName, frames }) whose page is in a new browser context signed in as the
 * example user `userName`; closes it afterwards. `frames` collects what the
 * page received over WebSockets (the signals), from its first load on. A failure saves that
 * page to e2e/results/failed-as-<userName>-<label>.png and names it.
 */
async function asExampleUser(ctx, userName, label, run) {
  const browser = ctx.page.context().browser();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const frames = [];
  page.on('websocket', ws =>
    ws.on('framereceived', frame => frames.push(String(frame.payload))),
  );
  const userCtx = { ...ctx, page, userName, frames };
  try {
    await signInAsExampleUser(userCtx, userName);
    await run(userCtx);
  } catch (error) {
    const shot = require('node:path').join(
      RESULTS_DIR,
      `failed-as-${userName}-${label}.png`,
    );
    await page
      .screenshot({ path: shot, fullPage: true })
      .catch(() => undefined);
    if (error instanceof Error) {
      error.message = `as ${userName} (page: ${shot}): ${error.message}`;
    }
    throw error;
  } finally {
    await context.close();
  }
}

/** A Backstage token of the example user, from the dev-only provider. */
async function exampleUserToken(ctx, userName) {
  const res = await ctx.page.request.get(
    `${backendUrl(ctx)}/api/auth/example-users/refresh`,
    { headers: { 'x-example-user': userName } },
  );
  assert.equal(res.status(), 200, await res.text());
  return (await res.json()).backstageIdentity.token;
}

/** `GET /api/multi-region/<path>` with `token`; the parsed body. */
async function apiGet(ctx, token, path) {
  const res = await ctx.page.request.get(
    `${backendUrl(ctx)}/api/multi-region/${path}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  assert.equal(res.status(), 200, `GET ${path}: ${await res.text()}`);
  return res.json();
}

/** The operation `id`, once it has ended. */
async function settledOperation(ctx, token, id) {
  return eventually(
    `operation ${id} ended`,
    () => apiGet(ctx, token, `operations/${id}`),
    op => !['pending', 'in-progress'].includes(op.status),
    FAILOVER_TIMEOUT_MS,
  );
}

/**
 * Puts each service back on its primary region through the API as `token`'s
 * user (a failback where it runs in its secondary), each followed to its
 * end, so the tests after see the example organisation as it started.
 */
async function failBackToPrimaries(ctx, token, names) {
  for (const name of names) {
    const entityRef = `component:default/${name}`;
    const status = await apiGet(
      ctx,
      token,
      `status?entityRef=${encodeURIComponent(entityRef)}`,
    );
    const active = status.active?.activeRegion;
    assert.ok(active, `${name}: active region unknown`);
    if (active === status.primaryRegion) continue;
    const res = await ctx.page.request.post(
      `${backendUrl(ctx)}/api/multi-region/operations`,
      {
        headers: { authorization: `Bearer ${token}` },
        data: {
          entityRef,
          targetRegion: status.primaryRegion,
          reason: RESTORE_REASON,
          expectedActiveRegion: active,
        },
      },
    );
    assert.equal(res.status(), 202, `failback of ${name}: ${await res.text()}`);
    const op = await settledOperation(ctx, token, (await res.json()).id);
    assert.equal(op.status, 'succeeded', `failback of ${name}: ${op.status}`);
  }
}

/**
 * On /multi-region, opens the evacuation dialog, chooses `region` and
 * plans; returns the dialog showing the plan.
 */
async function planEvacuation(ctx, region) {
  const { page } = ctx;
  await openAs(ctx, '/multi-region');
  const open = page.getByTestId('evacuation-open');
  await eventually(
    'Evacuate region button',
    () => open.isEnabled(),
    v => v === true,
  );
  await open.click();
  const dialog = page.getByTestId('evacuation-dialog');
  await dialog.getByTestId('evacuation-region').selectOption(region);
  await dialog.getByRole('button', { name: 'Plan', exact: true }).click();
  await dialog.getByTestId('evacuation-plan').waitFor();
  return dialog;
}

/** `<test id>:<data-order>` of each service the plan moves, in order. */
function movingRows(dialog) {
  return dialog
    .getByTestId('evacuation-plan-moving')
    .locator('[data-testid^="evacuation-plan-item-"]')
    .evaluateAll(rows =>
      rows.map(
        r => `${r.getAttribute('data-testid')}:${r.getAttribute('data-order')}`,
      ),
    );
}

/** Types the reason and the confirmation, and waits for Start to be enabled. */
async function confirmEvacuation(dialog, region, reason) {
  await dialog.getByTestId('evacuation-reason').fill(reason);
  const start = dialog.getByRole('button', { name: `Evacuate ${region}` });
  assert.equal(await start.isDisabled(), true, 'Start before confirming');
  assert.match(
    await dialog.getByTestId('evacuation-blockers').innerText(),
    new RegExp(`type "evacuate ${region}" to confirm`),
  );
  await dialog
    .getByTestId('evacuation-confirm-text')
    .fill(`evacuate ${region}`);
  await eventually(
    'the evacuation start button',
    () => start.isEnabled(),
    v => v === true,
  );
  await dialog
    .getByTestId('evacuation-blockers')
    .waitFor({ state: 'detached' });
  return start;
}

/** Starts it and waits for the progress to be completed; returns the progress. */
async function runEvacuation(start, dialog) {
  await start.click();
  const progress = dialog.getByTestId('evacuation-progress');
  await progress.waitFor();
  await eventually(
    'the evacuation completed',
    () => progress.getAttribute('data-state'),
    v => v === 'completed',
    EVACUATION_TIMEOUT_MS,
  );
  return progress;
}

/** `data-state` of each service row of the progress, by name. */
async function itemStates(dialog, names) {
  const states = {};
  for (const name of names) {
    states[name] = await dialog
      .getByTestId(`evacuation-item-${name}`)
      .getAttribute('data-state');
  }
  return states;
}

async function countOf(dialog, state) {
  return dialog
    .getByTestId(`evacuation-count-${state}`)
    .getAttribute('data-count');
}

const tests = [
  {
    name: 'signs in as guest with the "Enter" button',
    setup: true,
    async run(ctx) {
      const { page } = ctx;
      await page.goto(ctx.appUrl);
      const enter = page.getByRole('button', { name: 'Enter' });
      await enter.click({ timeout: 60_000 });
      await enter.waitFor({ state: 'detached' });
      await page.locator('a[href="/multi-region"]').first().waitFor();
    },
  },
  {
    name: 'the catalog lists external-api, orders and payments',
    async run(ctx) {
      const { page } = ctx;
      await open(ctx, '/catalog?filters[kind]=component&filters[user]=all');
      // the catalog ingests the example files shortly after the backend
      // starts: reload the list until all three are there
      const names = ['external-api', 'orders', 'payments'];
      const links = names.map(name =>
        page.locator(`a[href="/catalog/default/component/${name}"]`),
      );
      const found = () =>
        Promise.all(links.map(l => l.count())).then(counts =>
          counts.every(n => n > 0),
        );
      const deadline = Date.now() + 120_000;
      for (;;) {
        // give the page 15 s to render, then reload for fresh catalog data
        const ok = await eventually('catalog rows', found, v => v, 15_000)
          .then(() => true)
          .catch(() => false);
        if (ok) break;
        if (Date.now() > deadline) {
          const counts = await Promise.all(links.map(l => l.count()));
          throw new Error(
            `catalog rows after 120 s: ${JSON.stringify(
              names.map((n, i) => [n, counts[i]]),
            )}`,
          );
        }
        await page.reload();
      }
    },
  },
  {
    name: 'the orders card shows the active region us-east-1 (primary)',
    async run(ctx) {
      await openEntity(ctx, 'orders');
      await expectActiveRegion(ctx, 'us-east-1', 'primary');
      await ctx.screenshot('multi-region-card', cardOf(ctx));
    },
  },
  {
    name: 'orders: the card says it is ready to fail over, and shows each check',
    async run(ctx) {
      const { page } = ctx;
      await openEntity(ctx, 'orders');
      await expectActiveRegion(ctx, 'us-east-1', 'primary');
      await checkReadinessUntil(ctx, 'pass');
      assert.match(
        await page.getByTestId('multi-region-readiness-headline').innerText(),
        /^Ready to fail over to us-west-2: 7 of 7 checks pass/,
      );
      await page.getByTestId('multi-region-readiness-toggle').click();
      const checks = page.getByTestId('readiness-check');
      await eventually(
        'checks',
        () => checks.count(),
        n => n === 7,
      );
      assert.deepEqual(
        await checks.evaluateAll(els =>
          els.map(e => `${e.dataset.checkId}:${e.dataset.verdict}`),
        ),
        [
          'target-health:pass',
          'routing-control:pass',
          'cluster-endpoints:pass',
          'safety-rules:pass',
          'dns-records:pass',
          'record-ttl:pass',
          'alarms:pass',
        ],
      );
      await ctx.screenshot('readiness-card', cardOf(ctx));
    },
  },
  {
    name: "the /multi-region page shows every service's readiness, and filters by it",
    async run(ctx) {
      const { page } = ctx;
      await open(ctx, '/multi-region');
      const row = name =>
        page.locator('tr', {
          has: page.locator(
            `[data-testid="multi-region-service-row"][data-entity-ref="component:default/${name}"]`,
          ),
        });
      const verdictOf = name =>
        row(name)
          .getByTestId('multi-region-row-readiness')
          .getAttribute('data-verdict');
      // the scheduled evaluation (multi-region-readiness) covers the services
      // nobody asked about; reload until it has run
      await eventually(
        'readiness of payments and external-api',
        async () => {
          await page.reload();
          await row('payments').waitFor();
          return `${await verdictOf('payments')} ${await verdictOf(
            'external-api',
          )}`;
        },
        v => !v.includes('none'),
        120_000,
      );
      assert.equal(await verdictOf('orders'), 'pass');
      assert.equal(await verdictOf('legacy-billing'), 'none');
      await ctx.screenshot('readiness-page', page);
      const filter = page.getByTestId('multi-region-filter-readiness');
      await filter.selectOption('not-evaluated');
      await row('legacy-billing').waitFor();
      await row('orders').waitFor({ state: 'detached' });
      await filter.selectOption('ready');
      await row('orders').waitFor();
      await row('legacy-billing').waitFor({ state: 'detached' });
      await filter.selectOption('');
    },
  },
  {
    name: 'orders: an alarm in ALARM fails readiness, and the failover waits for its acknowledgement',
    async run(ctx) {
      const { page } = ctx;
      await setAlarm(ctx, 'us-west-2', 'orders-5xx-usw2', 'ALARM');
      try {
        await openEntity(ctx, 'orders');
        await expectActiveRegion(ctx, 'us-east-1', 'primary');
        const button = page.getByTestId('multi-region-failover-button');
        await eventually(
          'failover button',
          () => button.isEnabled(),
          v => v,
        );
        await button.click();
        const dialog = page.getByTestId('failover-dialog');
        const alarms = dialog.locator(
          '[data-testid="readiness-check"][data-check-id="alarms"]',
        );
        await alarms.waitFor();
        assert.equal(await alarms.getAttribute('data-verdict'), 'fail');
        assert.match(await alarms.innerText(), /orders-5xx-usw2/);
        await dialog.getByTestId('failover-reason').fill(REASON);
        await dialog.getByTestId('failover-confirm-name').fill('orders');
        const confirm = dialog.getByTestId('failover-confirm');
        const acknowledge = dialog.getByTestId(
          'failover-readiness-acknowledge',
        );
        assert.equal(await confirm.isDisabled(), true);
        await acknowledge.check();
        await eventually(
          'confirm button',
          () => confirm.isEnabled(),
          v => v,
        );
        await ctx.screenshot(
          'readiness-dialog',
          page.locator('[role="dialog"]'),
        );
        await acknowledge.uncheck();
        await eventually(
          'confirm button',
          () => confirm.isDisabled(),
          v => v,
        );
        await dialog.getByTestId('failover-cancel').click();
        await dialog.waitFor({ state: 'hidden' });
      } finally {
        await setAlarm(ctx, 'us-west-2', 'orders-5xx-usw2', 'OK');
      }
    },
  },
  {
    name: 'payments: failover is disabled for the guest, saying why',
    async run(ctx) {
      const { page } = ctx;
      await openEntity(ctx, 'payments');
      await expectActiveRegion(ctx, 'eu-west-1', 'primary');
      const denied = page.getByTestId('multi-region-failover-denied');
      await denied.waitFor();
      assert.ok(
        (await denied.innerText()).trim().length > 0,
        'an empty reason',
      );
      assert.equal(
        await page.getByTestId('multi-region-failover-button').isDisabled(),
        true,
      );
      await ctx.screenshot('multi-region-card-not-owner', cardOf(ctx));
    },
  },
  {
    name: 'payments: the drill button is disabled for the guest, saying why',
    async run(ctx) {
      const { page } = ctx;
      await openEntity(ctx, 'payments');
      await expectActiveRegion(ctx, 'eu-west-1', 'primary');
      const denied = page.getByTestId('multi-region-drill-denied');
      await denied.waitFor();
      assert.match(await denied.innerText(), /multi-region\.failover\.execute/);
      assert.equal(
        await page.getByTestId('multi-region-drill-button').isDisabled(),
        true,
      );
    },
  },
  {
    name: 'orders: the guest runs a drill with a short soak; it fails over and back, and the history shows the times against the RTO',
    async run(ctx) {
      const { page } = ctx;
      const dialog = await startDrill(ctx, {
        soakSeconds: DRILL_SOAK_SECONDS,
        screenshot: 'drill-dialog',
      });
      const progress = dialog.getByTestId('drill-progress');
      await eventually(
        'the drill soaking',
        () => progress.getAttribute('data-state'),
        v => v === 'soaking',
        DRILL_TIMEOUT_MS,
      );
      await ctx.screenshot('drill-progress', page.locator('[role="dialog"]'));
      await eventually(
        'the drill completed',
        () => progress.getAttribute('data-state'),
        v => v === 'completed',
        DRILL_TIMEOUT_MS,
      );
      assert.equal(await progress.getAttribute('data-outcome'), 'passed');
      const timings = dialog.getByTestId('drill-timings');
      await timings.waitFor();
      assert.equal(await timings.getAttribute('data-rto-met'), 'true');
      assert.match(await timings.innerText(), /30 min/);
      await ctx.screenshot('drill-result', page.locator('[role="dialog"]'));
      await dialog.getByTestId('drill-cancel').click();
      await dialog.waitFor({ state: 'hidden' });
      await expectActiveRegion(ctx, 'us-east-1', 'primary');
      const last = page.getByTestId('multi-region-drill-last');
      await eventually(
        'last drill on the card',
        () => last.getAttribute('data-outcome'),
        v => v === 'passed',
      );

      await openEntity(ctx, 'orders', '/multi-region');
      const row = page.getByTestId('drill-row').first();
      await row.waitFor();
      assert.equal(await row.getAttribute('data-outcome'), 'passed');
      // the drill's failover and failback, each with its times against the RTO
      const drillOps = page
        .getByTestId('multi-region-history-row')
        .filter({ has: page.getByTestId('operation-drill') });
      await eventually(
        'the drill operations in the history',
        () => drillOps.count(),
        n => n >= 2,
      );
      const timed = drillOps.first().getByTestId('operation-timings');
      assert.equal(await timed.getAttribute('data-rto-met'), 'true');
      assert.match(await timed.innerText(), /RTO/);
      await page.getByTestId('multi-region-timings-chart').waitFor();
      await ctx.screenshot('drill-table', cardWith(ctx, 'multi-region-drills'));
      await ctx.screenshot(
        'failover-times-chart',
        cardWith(ctx, 'multi-region-timings-chart'),
      );
    },
  },
  {
    name: 'orders: a drill whose outcome alarm fires mid-soak fails back by itself',
    async run(ctx) {
      const dialog = await startDrill(ctx, { soakSeconds: 600 });
      const progress = dialog.getByTestId('drill-progress');
      await eventually(
        'the drill soaking',
        () => progress.getAttribute('data-state'),
        v => v === 'soaking',
        DRILL_TIMEOUT_MS,
      );
      await setAlarm(ctx, 'us-west-2', 'orders-5xx-usw2', 'ALARM');
      try {
        await eventually(
          'the drill completed',
          () => progress.getAttribute('data-state'),
          v => v === 'completed',
          DRILL_TIMEOUT_MS,
        );
        assert.equal(
          await progress.getAttribute('data-outcome'),
          'outcome-failed',
        );
        assert.match(
          await dialog.getByTestId('drill-outcome').innerText(),
          /orders-5xx-usw2/,
        );
      } finally {
        await setAlarm(ctx, 'us-west-2', 'orders-5xx-usw2', 'OK');
      }
      await dialog.getByTestId('drill-cancel').click();
      await dialog.waitFor({ state: 'hidden' });
      await expectActiveRegion(ctx, 'us-east-1', 'primary');
    },
  },
  {
    name: "the /multi-region page shows orders' last drill and downloads the organisation report",
    async run(ctx) {
      const { page } = ctx;
      await open(ctx, '/multi-region');
      const orders = page.locator('tr', {
        has: page.locator(
          '[data-testid="multi-region-service-row"][data-entity-ref="component:default/orders"]',
        ),
      });
      await orders.waitFor();
      const drill = orders.getByTestId('multi-region-row-drill');
      await eventually(
        "orders' drill column",
        () => drill.getAttribute('data-status'),
        v => v === 'failed' || v === 'passed',
      );
      await page.getByTestId('multi-region-report-download').click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page
          .locator(
            '[data-testid="multi-region-report-format"][data-format="csv"]',
          )
          .click(),
      ]);
      assert.match(
        download.suggestedFilename(),
        /^multi-region-organisation-report-\d{4}-\d{2}-\d{2}\.csv$/,
      );
      const csv = require('node:fs').readFileSync(
        await download.path(),
        'utf8',
      );
      const line = csv
        .split(/\r?\n/)
        .find(l => l.includes('component:default/orders'));
      assert.ok(line, `no row for orders in ${csv.slice(0, 500)}`);
      assert.match(line, /outcome-failed|passed/);
    },
  },
  {
    name: 'legacy-billing: the card lists what is wrong with its annotations',
    async run(ctx) {
      const { page } = ctx;
      await openEntity(ctx, 'legacy-billing');
      await page.getByTestId('multi-region-annotation-errors').waitFor();
      const problems = await page
        .getByTestId('multi-region-annotation-error')
        .allInnerTexts();
      assert.ok(
        problems.some(p => p.includes('primary-region')),
        `no problem about primary-region in ${JSON.stringify(problems)}`,
      );
      await ctx.screenshot('multi-region-card-malformed', cardOf(ctx));
    },
  },
  {
    name: 'orders: fails over to us-west-2 with a reason and the typed name',
    async run(ctx) {
      await failOver(ctx, {
        entity: 'orders',
        from: ['us-east-1', 'primary'],
        to: ['us-west-2', 'secondary'],
        reason: REASON,
        screenshot: 'failover-dialog',
      });
      const lastChange = ctx.page.getByTestId('multi-region-last-change');
      await eventually(
        'last change on the card',
        () => lastChange.innerText(),
        t => t.includes(REASON),
      );
    },
  },
  {
    name: 'the Multi-region tab shows the failover in the history',
    async run(ctx) {
      const { page } = ctx;
      await openEntity(ctx, 'orders', '/multi-region');
      const row = page
        .getByTestId('multi-region-history-row')
        .filter({ hasText: REASON });
      await row.first().waitFor();
      assert.equal(await row.first().getAttribute('data-status'), 'succeeded');
      await ctx.screenshot('multi-region-tab', page);
    },
  },
  {
    name: "orders: the Multi-region tab downloads the service's break-glass runbook",
    async run(ctx) {
      const { page } = ctx;
      await openEntity(ctx, 'orders', '/multi-region');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('runbook-download').click(),
      ]);
      assert.equal(
        download.suggestedFilename(),
        'orders-break-glass-runbook.sh',
      );
      const script = require('node:fs').readFileSync(
        await download.path(),
        'utf8',
      );
      assert.match(
        script,
        /^#!\/usr\/bin\/env bash\n# Break-glass runbook of component:default\/orders/,
      );
      assert.match(
        script,
        /PRIMARY_CONTROL='arn:aws:route53-recovery-control::111122223333:controlpanel\//,
      );
      // the five endpoints of the dev portal's emulated cluster
      assert.equal(
        (script.match(/'http:\/\/127\.0\.0\.1:741[1-5]\/v1\|/g) ?? []).length,
        5,
      );
    },
  },
  {
    name: 'the /multi-region page shows orders away from its primary region',
    async run(ctx) {
      const { page } = ctx;
      await open(ctx, '/multi-region');
      const service = page.locator(
        '[data-testid="multi-region-service-row"][data-entity-ref="component:default/orders"]',
      );
      await service.waitFor();
      assert.equal(
        await service.getAttribute('data-away-from-primary'),
        'true',
      );
      const row = page.locator('tr', { has: service });
      const active = row.getByTestId('multi-region-row-active');
      assert.equal(await active.getAttribute('data-region'), 'us-west-2');
      const payments = page.locator(
        '[data-testid="multi-region-service-row"][data-entity-ref="component:default/payments"]',
      );
      assert.equal(
        await payments.getAttribute('data-away-from-primary'),
        'false',
      );
      await ctx.screenshot('multi-region-page', page);
    },
  },
  {
    name: 'orders: fails back to us-east-1',
    async run(ctx) {
      await failOver(ctx, {
        entity: 'orders',
        from: ['us-west-2', 'secondary'],
        to: ['us-east-1', 'primary'],
        reason: FAILBACK_REASON,
      });
    },
  },
  {
    name: 'the multi-region-service template creates a service whose card lights up on first render',
    async run(ctx) {
      // a failure names the stage it happened in
      const stage = { now: 'choosing the template' };
      try {
        await createFromTemplate(ctx, stage);
      } catch (error) {
        error.message = `${stage.now}: ${error.message}`;
        throw error;
      }
    },
  },
  {
    name: 'a platform admin (pat) evacuates us-east-1: orders moves before the external API that calls it',
    async run(ctx) {
      await asExampleUser(ctx, 'pat', 'evacuates-us-east-1', async user => {
        const { page } = user;
        const dialog = await planEvacuation(user, 'us-east-1');
        // external-api dependsOn orders (and payments, which runs in eu-west-1)
        assert.deepEqual(await movingRows(dialog), [
          'evacuation-plan-item-orders:1',
          'evacuation-plan-item-external-api:2',
        ]);
        assert.match(
          await dialog.getByTestId('evacuation-plan-headline').innerText(),
          /^2 services move out of us-east-1 in 2 waves/,
        );
        assert.match(
          await dialog
            .getByTestId('evacuation-plan-item-external-api')
            .innerText(),
          /\borders\b/, // its After column
        );
        assert.equal(
          await dialog
            .getByTestId('evacuation-plan')
            .locator('[data-entity-ref="component:default/payments"]')
            .count(),
          0,
          'payments (eu-west-1) is in the plan of us-east-1',
        );
        assert.equal(
          await dialog.getByTestId('evacuation-plan-refusal').count(),
          0,
        );
        const start = await confirmEvacuation(
          dialog,
          'us-east-1',
          EVACUATION_REASON,
        );
        await user.screenshot(
          'evacuation-plan',
          page.locator('[role="dialog"]'),
        );

        const progress = await runEvacuation(start, dialog);
        assert.equal(await progress.getAttribute('data-outcome'), 'succeeded');
        // the view followed it through signals (Backstage's signals plugin),
        // reading the evacuation again when one named it: not by polling
        assert.equal(
          await progress.getAttribute('data-live-updates'),
          'signals',
        );
        assert.equal(
          await dialog
            .getByTestId('evacuation-outcome')
            .getAttribute('data-outcome'),
          'succeeded',
        );
        assert.deepEqual(await itemStates(dialog, ['orders', 'external-api']), {
          orders: 'moved',
          'external-api': 'moved',
        });
        assert.equal(await countOf(dialog, 'moved'), '2');
        assert.equal(await countOf(dialog, 'failed'), '0');
        await user.screenshot(
          'evacuation-progress',
          page.locator('[role="dialog"]'),
        );

        // the order, from the operations themselves: external-api's started
        // only once orders' had completed
        const operationIdOf = name =>
          dialog
            .getByTestId(`evacuation-item-${name}`)
            .locator('[data-operation-id]')
            .getAttribute('data-operation-id');
        const token = await exampleUserToken(user, 'pat');
        const orders = await apiGet(
          user,
          token,
          `operations/${await operationIdOf('orders')}`,
        );
        const externalApi = await apiGet(
          user,
          token,
          `operations/${await operationIdOf('external-api')}`,
        );
        for (const [op, name] of [
          [orders, 'orders'],
          [externalApi, 'external-api'],
        ]) {
          assert.equal(op.entityRef, `component:default/${name}`);
          assert.equal(op.status, 'succeeded', `${name}: ${op.status}`);
          assert.equal(
            `${op.fromRegion}->${op.toRegion}`,
            'us-east-1->us-west-2',
          );
          assert.equal(op.actor, 'user:default/pat');
          assert.equal(op.reason, EVACUATION_REASON);
          assert.ok(op.evacuationId, `${name}: no evacuationId`);
        }
        assert.equal(externalApi.evacuationId, orders.evacuationId);
        // the signals it received name the evacuation by id, nothing more
        const named = user.frames.filter(f => f.includes(orders.evacuationId));
        assert.ok(named.length > 0, 'no signal named the evacuation');
        for (const frame of named) {
          assert.doesNotMatch(frame, /INC-4244|reason/);
        }
        assert.ok(orders.completedAt, 'orders: no completedAt');
        assert.ok(
          Date.parse(externalApi.createdAt) >= Date.parse(orders.completedAt),
          `external-api's operation was created at ${externalApi.createdAt}, before orders' completed at ${orders.completedAt}`,
        );

        // the page lists it, completed
        await dialog.getByTestId('evacuation-cancel').click();
        await dialog.waitFor({ state: 'hidden' });
        const row = page.locator(
          `[data-testid="evacuation-row"][data-evacuation-id="${orders.evacuationId}"]`,
        );
        await eventually(
          'the evacuation in the list',
          async () =>
            `${await row.getAttribute('data-state')} ${await row.getAttribute(
              'data-outcome',
            )}`,
          v => v === 'completed succeeded',
        );

        await openAs(user, '/catalog/default/component/orders');
        await expectActiveRegion(user, 'us-west-2', 'secondary');
        await openAs(user, '/catalog/default/component/external-api');
        await expectActiveRegion(user, 'us-west-2', 'secondary');
      });
    },
  },
  {
    name: 'the guest, an owner of orders, is notified of the evacuation that moved it',
    async run(ctx) {
      const { page } = ctx;
      // delivered at once over signals; a reload reads the list afresh
      const item = page
        .getByText(/Part of the evacuation of us-east-1/)
        .first();
      await eventually(
        'the notification of orders moving in the evacuation',
        async () => {
          await open(ctx, '/notifications');
          await page
            .getByRole('heading', { name: 'Notifications' })
            .first()
            .waitFor();
          return item.isVisible();
        },
        Boolean,
        60_000,
      );
      assert.equal(
        await page
          .getByRole('link', { name: 'orders now runs in us-west-2' })
          .first()
          .getAttribute('href'),
        '/catalog/default/component/orders/multi-region',
      );
      const evacuation = page.getByRole('link', {
        name: 'Evacuation of us-east-1 succeeded',
      });
      assert.equal(
        await evacuation.first().getAttribute('href'),
        '/multi-region',
      );
      await ctx.screenshot('notifications', page.locator('main'));
    },
  },
  {
    name: 'a non-admin evacuates only what they own; the rest is listed as skipped and why',
    async run(ctx) {
      const patToken = await exampleUserToken(ctx, 'pat');
      try {
        // erin (team-edge) owns external-api, not orders; both run in us-west-2 now
        await asExampleUser(ctx, 'erin', 'evacuates-us-west-2', async user => {
          const dialog = await planEvacuation(user, 'us-west-2');
          assert.deepEqual(await movingRows(dialog), [
            'evacuation-plan-item-external-api:1',
          ]);
          const moving = dialog.getByTestId(
            'evacuation-plan-item-external-api',
          );
          // it does not wait for orders, which stays: the plan says so
          assert.match(
            await moving.innerText(),
            /orders is not moved \(not-permitted\)/,
          );
          const skipped = dialog
            .getByTestId('evacuation-plan-skipped')
            .getByTestId('evacuation-plan-skip-orders');
          assert.equal(
            await skipped.getAttribute('data-kind'),
            'not-permitted',
          );
          const skipMessage = (
            await skipped.locator('td').last().innerText()
          ).trim();
          assert.ok(skipMessage.length > 0, 'no reason why orders is skipped');
          assert.equal(
            await dialog
              .getByTestId('evacuation-plan')
              .locator('[data-entity-ref="component:default/payments"]')
              .count(),
            0,
          );
          assert.match(
            await dialog.getByTestId('evacuation-plan-headline').innerText(),
            /^1 service moves out of us-west-2 in 1 wave, .*; 1 is skipped\.$/,
          );

          const start = await confirmEvacuation(
            dialog,
            'us-west-2',
            EVACUATION_BACK_REASON,
          );
          const progress = await runEvacuation(start, dialog);
          assert.equal(
            await progress.getAttribute('data-outcome'),
            'succeeded',
          );
          assert.deepEqual(
            await itemStates(dialog, ['orders', 'external-api']),
            { orders: 'skipped', 'external-api': 'moved' },
          );
          const ordersRow = dialog.getByTestId('evacuation-item-orders');
          assert.ok(
            (await ordersRow.innerText()).includes(skipMessage),
            `orders' row does not say why it was skipped (${skipMessage}): ${await ordersRow.innerText()}`,
          );
          assert.equal(
            await ordersRow.locator('[data-operation-id]').count(),
            0,
            'an operation for a skipped service',
          );
          assert.equal(await countOf(dialog, 'moved'), '1');
          assert.equal(await countOf(dialog, 'skipped'), '1');

          const token = await exampleUserToken(user, 'erin');
          const op = await apiGet(
            user,
            token,
            `operations/${await dialog
              .getByTestId('evacuation-item-external-api')
              .locator('[data-operation-id]')
              .getAttribute('data-operation-id')}`,
          );
          assert.equal(op.status, 'succeeded');
          assert.equal(op.actor, 'user:default/erin');
          assert.equal(
            `${op.fromRegion}->${op.toRegion}`,
            'us-west-2->us-east-1',
          );

          await dialog.getByTestId('evacuation-cancel').click();
          await dialog.waitFor({ state: 'hidden' });
          await openAs(user, '/catalog/default/component/external-api');
          await expectActiveRegion(user, 'us-east-1', 'primary');
          await openAs(user, '/catalog/default/component/orders');
          await expectActiveRegion(user, 'us-west-2', 'secondary');
        });
      } catch (error) {
        await failBackToPrimaries(ctx, patToken, [
          'orders',
          'external-api',
        ]).catch(() => undefined);
        throw error;
      }
      // orders (still in us-west-2) back to us-east-1, as pat
      await failBackToPrimaries(ctx, patToken, ['orders', 'external-api']);
      await openEntity(ctx, 'orders');
      await expectActiveRegion(ctx, 'us-east-1', 'primary');
    },
  },
];

async function createFromTemplate(ctx, stage) {
  const { page } = ctx;
  const name = await freeServiceName(ctx);
  await open(ctx, '/create');
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Multi-region REST service (active-passive)' });
  await card.getByRole('button', { name: 'Choose' }).click();
  await page.waitForURL(/\/create\/templates\/default\/multi-region-service/);

  stage.now = 'form page 1 (service)';
  // 1. Service (descriptions are markdown: placeholders must survive)
  await page.getByText('<name>-primary-rc').waitFor();
  await page.locator('#root_name').fill(name);
  await pickEntity(
    ctx,
    'root_owner',
    'Team Orders',
    'group:default/team-orders',
  );
  await pickEntity(
    ctx,
    'root_system',
    'Public API',
    'system:default/public-api',
  );
  await ctx.screenshot('template-form', page.locator('main'));
  await page.getByRole('button', { name: 'Next' }).click();

  stage.now = 'form page 2 (regions)';
  // 2. Regions, DNS and failover
  await selectOption(ctx, 'root_primaryRegion', 'eu-west-1');
  await selectOption(ctx, 'root_secondaryRegion', 'eu-central-1');
  await page.locator('#root_subdomain').fill(name);
  await page.locator('#root_externalApiPath').fill(`/${name}`);
  await page.getByRole('button', { name: 'Next' }).click();

  stage.now = 'form page 3 (publish)';
  // 3. Publish: the portal's local directory
  await page.locator('#root_publishTarget').waitFor();
  await selectOption(
    ctx,
    'root_publishTarget',
    'Local directory of the portal (no git host needed)',
  );
  await page.getByRole('button', { name: 'Review' }).click();

  stage.now = 'review and run';
  // 4. Review, then run it
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//);
  // the output link appears once the task has finished; a failed step
  // shows the error icon instead
  const link = page.getByRole('link', {
    name: 'Open the new service in the catalog',
  });
  const failedStep = page.locator(
    '[data-testid="step-label"] [class*="makeStyles-error"]',
  );
  await link.or(failedStep).first().waitFor({
    timeout: FAILOVER_TIMEOUT_MS,
  });
  const steps = await page.getByTestId('step-label').evaluateAll(labels =>
    labels.map(label => {
      const icon = label.querySelector('[class*="iconContainer"] > *');
      const cls = icon?.getAttribute('class') ?? '';
      const state = /completed/.test(cls)
        ? 'done'
        : /error/.test(cls)
        ? 'failed'
        : 'not run';
      const title = label.querySelector(
        '[class*="MuiStepLabel-label"] > div',
      )?.textContent;
      return `${title}: ${state}`;
    }),
  );
  assert.deepEqual(steps, [
    'Create the ARC control panel and routing controls: done',
    'Create RECOVERY_CONTROL health checks and failover records: done',
    'Render the SAM project: done',
    'Add the route to the external API: done',
    "Publish to the portal's local directory: done",
    'Publish to GitHub: not run', // publish target local
    'Register in the catalog: done',
    'Register in the catalog: not run', // the GitHub one
  ]);
  await ctx.screenshot('template-task', page.locator('main'));
  stage.now = 'waiting for the catalog entry';
  // the template registers the published location; the catalog processes it a moment
  // later, and the entity page does not retry a 404: wait until it is there
  await eventually(
    `catalog entry of ${name}`,
    () => catalogStatus(ctx, name),
    status => status === 200,
    60_000,
  );
  stage.now = 'the new entity page';
  await link.click();
  await page.waitForURL(new RegExp(`/catalog/default/component/${name}$`));
  // first render of the new entity: the card already knows its region
  // (routing controls are created Off, so Route 53 answers the primary)
  await expectActiveRegion(ctx, 'eu-west-1', 'primary');
  // its DNS rows follow within seconds (the backend asks Route 53 for a
  // name it has not read yet)
  await eventually(
    'DNS row of the new service',
    () => page.getByTestId('multi-region-dns-secondary').innerText(),
    text => /^SECONDARY record/.test(text),
    60_000,
  );
  await ctx.screenshot('template-new-service-card', cardOf(ctx));

  stage.now = 'setting routing to the primary';
  // ARC creates routing controls Off: Route 53 answers the primary only by
  // fallback. Its owner (the guest is in team-orders) turns the primary On,
  // recorded like a failover, then fails the new service over
  await page.getByTestId('multi-region-degraded').waitFor();
  assert.equal(
    await page.getByTestId('multi-region-failover-button').innerText(),
    'SET ROUTING TO EU-WEST-1',
  );
  await failOver(ctx, {
    entity: name,
    from: ['eu-west-1', 'primary'],
    to: ['eu-west-1', 'primary'],
    reason: `E2E: the new ${name} service goes live in eu-west-1`,
  });
  await page
    .getByTestId('multi-region-degraded')
    .waitFor({ state: 'detached' });

  stage.now = 'failing the new service over';
  await failOver(ctx, {
    entity: name,
    from: ['eu-west-1', 'primary'],
    to: ['eu-central-1', 'secondary'],
    reason: `E2E drill: the new ${name} service fails over (INC-4243)`,
  });
}

module.exports = { tests };
