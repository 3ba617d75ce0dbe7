-- A backfilled snapshot is one row per customer and day, so loading the same file twice adds nothing.

/* backfill_history writes each past snapshot at noon UTC of its date with
   reason 'backfill'; a second load of that day for that customer conflicts
   here and is skipped. Other history (scoring as it happens) is untouched. */
create unique index score_history_backfill_day on public.score_history (customer_id, created_at) where reason = 'backfill';
