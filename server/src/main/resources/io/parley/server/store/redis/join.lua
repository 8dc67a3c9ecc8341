-- Adds a member and sets its read position to the group log's head in the same step, unless the group is full.
-- KEYS[1] group hash, KEYS[2] members set, KEYS[3] group log head, KEYS[4] group log positions (one slot).
-- ARGV[1] userId, ARGV[2] the most members the group may have. Returns a Membership name.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NO_SUCH_GROUP'
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  return 'ALREADY_MEMBER'
end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[2]) then
  return 'GROUP_FULL'
end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], redis.call('GET', KEYS[3]) or '0')
return 'JOINED'
