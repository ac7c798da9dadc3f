// @ts-check

/**
 * Tables of the multi-region backend plugin. Works on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Every failover attempt (and every change detected outside the portal).
  await knex.schema.createTable('multi_region_operations', table => {
    table
      .increments('seq')
      .primary()
      .comment('Monotonic order; the history cursor');
    table.string('id', 64).notNullable().unique();
    table.string('entity_ref', 512).notNullable();
    table.string('control_panel_arn', 512).notNullable();
    table.string('action', 16).notNullable();
    table.string('from_region', 32).notNullable();
    table.string('to_region', 32).notNullable();
    table.text('reason').notNullable();
    table.string('actor', 512).notNullable();
    table.string('source', 16).notNullable();
    table.boolean('override_safety_rules').notNullable().defaultTo(false);
    table.string('status', 16).notNullable();
    table.text('steps').notNullable().comment('JSON array of OperationStep');
    table.text('error').nullable().comment('JSON { name, message }');
    table
      .text('intent')
      .nullable()
      .comment('JSON: cluster and routing-control states to set');
    table
      .text('found')
      .nullable()
      .comment('JSON: what reconciliation found in ARC');
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.bigInteger('completed_at').nullable();
    table.integer('dns_followed_after_ms').nullable();
    table.index(['entity_ref', 'seq'], 'multi_region_operations_entity_idx');
    table.index(['status'], 'multi_region_operations_status_idx');
  });

  // One row per control panel while a failover of it is in flight: the primary
  // key makes "one failover per app at a time" hold across replicas.
  await knex.schema.createTable('multi_region_locks', table => {
    table.string('control_panel_arn', 512).primary();
    table.string('operation_id', 64).notNullable();
    table.bigInteger('created_at').notNullable();
  });

  // The active region last seen per entity, to notice changes made elsewhere.
  await knex.schema.createTable('multi_region_known_states', table => {
    table.string('entity_ref', 512).primary();
    table.string('active_region', 32).notNullable();
    table
      .text('states')
      .notNullable()
      .comment('JSON { [routingControlArn]: On|Off }');
    table.bigInteger('observed_at').notNullable();
  });

  // Route 53 readings stored by the refresher; user requests read only these.
  await knex.schema.createTable('multi_region_health_checks', table => {
    table.string('health_check_id', 64).primary();
    table.string('account_id', 12).notNullable();
    table.string('status', 16).notNullable();
    table.integer('healthy_observations').nullable();
    table.integer('total_observations').nullable();
    table.text('error').nullable();
    table.bigInteger('observed_at').notNullable();
  });
  await knex.schema.createTable('multi_region_dns_records', table => {
    table.string('hosted_zone_id', 64).notNullable();
    table.string('name', 512).notNullable();
    table.string('type', 16).notNullable();
    table.string('set_identifier', 128).notNullable().defaultTo('');
    table.string('failover', 16).nullable();
    table.string('health_check_id', 64).nullable();
    table.string('alias_target', 512).nullable();
    table.text('record_values').nullable().comment('JSON string[]');
    table.integer('ttl').nullable();
    table.bigInteger('refreshed_at').notNullable();
    table.primary(['hosted_zone_id', 'name', 'type', 'set_identifier']);
  });
  await knex.schema.createTable('multi_region_zone_refreshes', table => {
    table.string('hosted_zone_id', 64).primary();
    table.bigInteger('refreshed_at').notNullable();
    table.text('error').nullable();
  });

  // "Refresh these soon": asked by an operation in progress, served by the
  // refresher ahead of its round-robin pass, within the same request budget.
  await knex.schema.createTable('multi_region_refresh_requests', table => {
    table.increments('id').primary();
    table.string('account_id', 12).notNullable();
    table.string('hosted_zone_id', 64).nullable();
    table.string('dns_name', 512).nullable();
    table.text('health_check_ids').notNullable().comment('JSON string[]');
    table.bigInteger('requested_at').notNullable();
    table.bigInteger('served_at').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of [
    'multi_region_refresh_requests',
    'multi_region_zone_refreshes',
    'multi_region_dns_records',
    'multi_region_health_checks',
    'multi_region_known_states',
    'multi_region_locks',
    'multi_region_operations',
  ]) {
    await knex.schema.dropTableIfExists(name);
  }
};
