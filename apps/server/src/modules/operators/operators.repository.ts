import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** SQL of the instance's operators (instance-level rows: no organisation to scope them by). */
export function createOperatorsRepository(db: Kysely<Database>) {
  return {
    /** Whether `userId` is an operator of this instance. */
    async isOperator(userId: string): Promise<boolean> {
      const row = await db.selectFrom('operators').select('user_id').where('user_id', '=', userId).executeTakeFirst();
      return row !== undefined;
    },

    /** Makes `userId` an operator; false when it already was. */
    async grant(userId: string): Promise<boolean> {
      const rows = await db.insertInto('operators').values({ user_id: userId }).onConflict((oc) => oc.column('user_id').doNothing()).returning('user_id').execute();
      return rows.length > 0;
    },

    /** Takes the operator flag back; false when `userId` was not one. */
    async revoke(userId: string): Promise<boolean> {
      const result = await db.deleteFrom('operators').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** The operators, with their e-mail addresses, oldest first. */
    list: () =>
      db
        .selectFrom('operators')
        .innerJoin('user', 'user.id', 'operators.user_id')
        .select(['user.id', 'user.email', 'user.name', 'operators.granted_at'])
        .orderBy('operators.granted_at')
        .execute(),

    /** Makes `userId` an operator if it is the instance's only account (first run of a trial instance). */
    async grantIfOnlyAccount(userId: string): Promise<boolean> {
      const others = await db.selectFrom('user').select('id').where('id', '<>', userId).limit(1).executeTakeFirst();
      return others === undefined && (await this.grant(userId));
    },
  };
}

export type OperatorsRepository = ReturnType<typeof createOperatorsRepository>;
