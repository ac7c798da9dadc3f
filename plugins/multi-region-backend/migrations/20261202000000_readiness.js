// @ts-check

/**
 * The latest readiness report of each entity (the pre-flight checks of a
 * change away from its active region), written by the scheduled evaluation
 * and by `GET /readiness`, read by the status and the org-wide page.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('multi_region_readiness', table => {
    table.string('entity_ref', 512).primary();
    table.string('target_region', 32).notNullable();
    table.text('report').notNullable().comment('JSON ReadinessReport');
    table.bigInteger('evaluated_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists('multi_region_readiness');
};
