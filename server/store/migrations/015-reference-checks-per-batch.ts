import type { Migration } from '../migrations';

/**
 * (issue 18) PostgreSQL: the references of events and sales are checked once per statement, not once per row.
 *
 * A foreign key checks each inserted row by its own lookup, with a row lock on what it finds: a 500-event batch made
 * 1,500 of them (events → devices, transactions → events and → devices), about a fifth of the direct insert's time
 * (100,000 events pushed in 500-event batches, one after another: 16.6–17.6k events/s with the keys, 19.8–20.9k with
 * these triggers in their place, 21.0–22.1k with no check at all). Here the same rules hold by triggers:
 *  - rows inserted into events or transactions are checked together, after each statement, against the tables
 *    (an unknown device or event fails the statement with foreign_key_violation, as the key did);
 *  - a sale's event or device cannot be changed to one that does not exist;
 *  - events are append-only (no update, no delete: the event log is the record), so no lock is needed to keep a
 *    checked event in place; a device that has events or sales cannot be deleted or renumbered.
 * SQLite keeps its foreign keys (an in-process index probe there, not a statement each) and gets the same append-only
 * rule for events, so both stores refuse the same changes (tests/integration/store-references.test.ts).
 */
export default {
  version: 15,
  name: '015_reference_checks_per_batch',
  sql: '',
  sqlite: `
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed'); END;
  `,
  postgres: `
  ALTER TABLE events DROP CONSTRAINT IF EXISTS events_device_id_fkey;
  ALTER TABLE transactions DROP CONSTRAINT IF EXISTS transactions_event_id_fkey;
  ALTER TABLE transactions DROP CONSTRAINT IF EXISTS transactions_device_id_fkey;

  CREATE FUNCTION chtg_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF EXISTS (SELECT 1 FROM inserted n WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.id = n.device_id)) THEN
      RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = 'an inserted event names a device that does not exist';
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER events_device_exists AFTER INSERT ON events REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION chtg_events_inserted();

  CREATE FUNCTION chtg_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = 'events are append-only: ' || TG_OP || ' is not allowed';
  END $$;
  CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION chtg_events_append_only();

  CREATE FUNCTION chtg_transactions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- Two anti-joins, each an index probe a row (one NOT EXISTS … OR NOT EXISTS … is planned as a scan of all events).
    IF EXISTS (SELECT 1 FROM inserted n WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = n.event_id))
       OR EXISTS (SELECT 1 FROM inserted n WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.id = n.device_id)) THEN
      RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = 'an inserted sale names an event or a device that does not exist';
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER transactions_refs_exist AFTER INSERT ON transactions REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION chtg_transactions_inserted();

  CREATE FUNCTION chtg_transactions_refs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM events e WHERE e.id = NEW.event_id) OR NOT EXISTS (SELECT 1 FROM devices d WHERE d.id = NEW.device_id) THEN
      RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = 'a sale cannot name an event or a device that does not exist';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER transactions_refs_changed BEFORE UPDATE ON transactions FOR EACH ROW
    WHEN (OLD.event_id IS DISTINCT FROM NEW.event_id OR OLD.device_id IS DISTINCT FROM NEW.device_id)
    EXECUTE FUNCTION chtg_transactions_refs_changed();

  CREATE FUNCTION chtg_devices_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF EXISTS (SELECT 1 FROM events e WHERE e.device_id = OLD.id) OR EXISTS (SELECT 1 FROM transactions t WHERE t.device_id = OLD.id) THEN
      RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = 'a device with events or sales cannot be deleted or renumbered';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END $$;
  CREATE TRIGGER devices_referenced BEFORE DELETE OR UPDATE OF id ON devices FOR EACH ROW
    EXECUTE FUNCTION chtg_devices_referenced();
  `,
} satisfies Migration;
