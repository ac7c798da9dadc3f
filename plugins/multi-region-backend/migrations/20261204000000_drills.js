// @ts-check

/**
 * Drills: a practised failover to the secondary region, a soak while the
 * outcome is watched, and a failback. One row per drill; its two operations
 * point back at it (`drill_id`). Every completed operation records its
 * measured times (`timings`: time to switch, time to healthy, RTO met).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('multi_region_drills', table => {
    table.increments('seq').primary();
    table.string('id', 64).notNullable().unique();
    table.string('entity_ref', 512).notNullable();
    table.string('control_panel_arn', 512).notNullable();
    table.string('actor', 512).notNullable();
    table.text('reason').notNullable();
    table.integer('soak_seconds').notNullable();
    table.string('state', 32).notNullable();
    table.string('outcome', 32).nullable();
    table.text('outcome_detail').nullable();
    table
      .text('config')
      .notNullable()
      .comment(
        'JSON MultiRegionConfig at start: what a replica that takes the drill over fails back with',
      );
    table
      .text('details')
      .notNullable()
      .comment(
        'JSON: regions, alarms watched, watch, events, stop, timings, operation ids',
      );
    table.bigInteger('soak_started_at').nullable();
    table.bigInteger('soak_ends_at').nullable();
    table
      .text('stop_request')
      .nullable()
      .comment(
        'JSON {by, at, reason}: set by POST /drills/:id/stop on any replica; the runner fails back',
      );
    table.bigInteger('created_at').notNullable();
    table
      .bigInteger('updated_at')
      .notNullable()
      .comment(
        'Heartbeat of the replica running it; stale = that replica stopped',
      );
    table.bigInteger('completed_at').nullable();
    table.index(['entity_ref', 'seq'], 'multi_region_drills_entity_idx');
    table.index(['state'], 'multi_region_drills_state_idx');
  });
  // one running drill per control panel, on every database
  await knex.schema.createTable('multi_region_drill_locks', table => {
    table.string('control_panel_arn', 512).primary();
    table.string('drill_id', 64).notNullable();
    table.bigInteger('created_at').notNullable();
  });
  await knex.schema.alterTable('multi_region_operations', table => {
    table
      .string('drill_id', 64)
      .nullable()
      .comment('The drill this operation is the failover or failback of');
    table
      .text('timings')
      .nullable()
      .comment(
        'JSON OperationTimings: switchMs, healthyMs, rtoMinutes, rtoMet',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multi_region_operations', table => {
    table.dropColumn('drill_id');
    table.dropColumn('timings');
  });
  await knex.schema.dropTableIfExists('multi_region_drill_locks');
  await knex.schema.dropTableIfExists('multi_region_drills');
};
