// @ts-check

/**
 * The readiness checks a failover was started with: what failed or warned
 * when the person confirmed, and which failing checks they acknowledged.
 * Operations recorded before this column (and external changes) have none.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multi_region_operations', table => {
    table
      .text('readiness')
      .nullable()
      .comment(
        'JSON OperationReadiness: summary, failing and warning checks, acknowledged check ids',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multi_region_operations', table => {
    table.dropColumn('readiness');
  });
};
