-- Adds a member and sets its read position to the group log's head in the same step.
-- KEYS[1] group hash, KEYS[2] members set, KEYS[3] group log head, KEYS[4] group log positions (one slot).
-- ARGV[1] userId. Returns a Membership name.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NO_SUCH_GROUP'
end
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then
  return 'ALREADY_MEMBER'
end
redis.call('HSET', KEYS[4], ARGV[1], redis.call('GET', KEYS[3]) or '0')
return 'JOINED'
