-- Counts one session of a user on a node down; a count reaching 0 removes the node's field.
-- KEYS and ARGV as connect.lua. Returns 1 when that was the user's last session anywhere.
local sessions = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if sessions == 0 then
  return 0
end
if sessions > 1 then
  redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[2])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[2], ARGV[2])
  return 1
end
return 0
