// The better-sqlite3 adapter runs everything on ONE connection and only serializes transactions against each other:
// a plain query issued while an interactive transaction is open executes inside that transaction (it sees its
// uncommitted rows, and is lost if the transaction rolls back). This wrapper puts plain queries behind the same
// lock as transactions, so each runs either before or after an open transaction, never inside it.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { Mutex } from "async-mutex";

export function serializeSqliteAdapter(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => serialize(await connect());
  return factory;
}

function serialize(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Mutex();
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);

  adapter.queryRaw = (query) => lock.runExclusive(() => queryRaw(query));
  adapter.executeRaw = (query) => lock.runExclusive(() => executeRaw(query));
  adapter.executeScript = (script) => lock.runExclusive(() => executeScript(script));
  adapter.startTransaction = async (isolationLevel) => {
    const release = await lock.acquire();
    let tx: Transaction;
    try {
      tx = await startTransaction(isolationLevel);
    } catch (err) {
      release();
      throw err;
    }
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    let released = false;
    const done = () => {
      if (!released) {
        released = true;
        release();
      }
    };
    tx.commit = async () => {
      try {
        await commit();
      } finally {
        done();
      }
    };
    tx.rollback = async () => {
      try {
        await rollback();
      } finally {
        done();
      }
    };
    return tx;
  };
  return adapter;
}
