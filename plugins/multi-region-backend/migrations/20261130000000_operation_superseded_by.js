// @ts-check

/**
 * An operation whose ARC write has settled releases its panel's lock while it
 * follows DNS; a later operation of the same panel may then start, and marks
 * the earlier one as superseded so that it stops following DNS cleanly.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multi_region_operations', table => {
    table
      .string('superseded_by', 64)
      .nullable()
      .comment(
        'Id of the later operation of the same control panel that ended this one while it followed DNS',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multi_region_operations', table => {
    table.dropColumn('superseded_by');
  });
};
