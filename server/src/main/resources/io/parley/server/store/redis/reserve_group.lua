-- Reserves a place in a user's set of groups before a create or join, so that the cap on groups per user holds
-- however many nodes add the user to groups at once. KEYS[1] the user's set of groups (its own slot; the group's
-- keys are in another, so this cannot be one script with the join). ARGV[1] group name, ARGV[2] the cap.
-- Returns 'RESERVED' (added: the caller removes it again if the create or join then fails), 'LISTED' (already
-- in the set: nothing to undo) or 'TOO_MANY_GROUPS'.
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return 'LISTED'
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 'TOO_MANY_GROUPS'
end
redis.call('SADD', KEYS[1], ARGV[1])
return 'RESERVED'
