// @ts-check

/**
 * A health check's configuration as the refresher last listed it
 * (ListHealthChecks): the readiness check of the target region needs to know
 * whether the check follows the target's routing control. Null until listed
 * (checks read before this column, or whose listing failed).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multi_region_health_checks', table => {
    table
      .string('check_type', 32)
      .nullable()
      .comment('HealthCheckConfig.Type, e.g. RECOVERY_CONTROL, HTTPS');
    table
      .string('routing_control_arn', 512)
      .nullable()
      .comment('RECOVERY_CONTROL only');
    table.boolean('inverted').nullable();
    table.boolean('disabled').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multi_region_health_checks', table => {
    table.dropColumn('check_type');
    table.dropColumn('routing_control_arn');
    table.dropColumn('inverted');
    table.dropColumn('disabled');
  });
};
