-- Removes a member; its read position goes too, since a later join sets a fresh one.
-- KEYS as join.lua; ARGV[1] userId. Returns a Membership name.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NO_SUCH_GROUP'
end
if redis.call('SREM', KEYS[2], ARGV[1]) == 0 then
  return 'NOT_MEMBER'
end
redis.call('HDEL', KEYS[4], ARGV[1])
return 'LEFT'
