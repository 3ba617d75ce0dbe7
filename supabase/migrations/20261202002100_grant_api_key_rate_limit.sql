-- Owners and admins can read each key's rate limit, so list_api_keys works for them.

/* list_api_keys selects rate_limit_per_minute, which the column grant of
   api_keys left out: every owner and admin got 403, so a leaked key could not
   even be found to revoke. A read, hence granted to authenticated (the
   functions' role inherits it); the policy "API keys are visible to owners
   and admins" still decides which rows. */
grant select (rate_limit_per_minute) on public.api_keys to authenticated;
