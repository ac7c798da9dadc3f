// @ts-check

/**
 * Where a stored health-check status came from: Route 53's
 * GetHealthCheckStatus, or derived from a routing control's state (the
 * status of a RECOVERY_CONTROL check, read from ARC at no Route 53 cost).
 * Rows written before this column came from Route 53 (null reads as that).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multi_region_health_checks', table => {
    table
      .string('source', 16)
      .nullable()
      .comment('route53 | routing-control; null: route53');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multi_region_health_checks', table => {
    table.dropColumn('source');
  });
};
