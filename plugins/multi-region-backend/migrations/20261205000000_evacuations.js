// @ts-check

/**
 * Region evacuations: every selected service active in a region moves to its
 * other region, each as its own operation (`drill_id`'s sibling,
 * `evacuation_id`), grouped under one evacuation. Items and events are rows
 * of their own, so that services moving in parallel never rewrite each
 * other's state.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('multi_region_evacuations', table => {
    table.increments('seq').primary();
    table.string('id', 64).notNullable().unique();
    table.string('region', 32).notNullable();
    table.text('selection').notNullable().comment('JSON EvacuationSelection');
    table.string('actor', 512).notNullable();
    table.text('reason').notNullable();
    table.boolean('stop_on_failure').notNullable();
    table.string('state', 32).notNullable();
    table.string('outcome', 32).nullable();
    table
      .text('stop_request')
      .nullable()
      .comment(
        'JSON {by, at, reason}: set by POST /evacuations/:id/stop on any replica; the runner starts nothing more',
      );
    table.bigInteger('created_at').notNullable();
    table
      .bigInteger('updated_at')
      .notNullable()
      .comment(
        'Heartbeat of the replica running it; stale = that replica stopped',
      );
    table.bigInteger('completed_at').nullable();
    table.index(['state'], 'multi_region_evacuations_state_idx');
  });
  await knex.schema.createTable('multi_region_evacuation_items', table => {
    table.string('evacuation_id', 64).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.integer('position').notNullable();
    table.string('state', 32).notNullable();
    table
      .text('details')
      .notNullable()
      .comment(
        'JSON: title, owner, regions, order (after, wave, notes), skip, error, times',
      );
    table
      .text('config')
      .nullable()
      .comment(
        'JSON MultiRegionConfig when confirmed: what a replica that takes the evacuation over moves it with',
      );
    table.string('operation_id', 64).nullable();
    table.primary(['evacuation_id', 'entity_ref']);
  });
  await knex.schema.createTable('multi_region_evacuation_events', table => {
    table.increments('seq').primary();
    table.string('evacuation_id', 64).notNullable();
    table.bigInteger('at').notNullable();
    table.text('message').notNullable();
    table.index(['evacuation_id', 'seq'], 'multi_region_evacuation_events_idx');
  });
  // one running evacuation per region, on every database
  await knex.schema.createTable('multi_region_evacuation_locks', table => {
    table.string('region', 32).primary();
    table.string('evacuation_id', 64).notNullable();
    table.bigInteger('created_at').notNullable();
  });
  await knex.schema.alterTable('multi_region_operations', table => {
    table
      .string('evacuation_id', 64)
      .nullable()
      .comment('The region evacuation this operation is part of');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multi_region_operations', table => {
    table.dropColumn('evacuation_id');
  });
  await knex.schema.dropTableIfExists('multi_region_evacuation_locks');
  await knex.schema.dropTableIfExists('multi_region_evacuation_events');
  await knex.schema.dropTableIfExists('multi_region_evacuation_items');
  await knex.schema.dropTableIfExists('multi_region_evacuations');
};
