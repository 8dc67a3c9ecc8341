-- Counts one session of a user on a node down; a count reaching 0 removes the node's field.
-- KEYS and ARGV as connect.lua. Returns 0 while the node has sessions of the user left, 1 when it has none
-- but another node has, 2 when that was the user's last session anywhere (then published as offline).
local sessions = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if sessions == 0 then
  return 0
end
if sessions > 1 then
  redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('PUBLISH', ARGV[3], '0 ' .. ARGV[2] .. ' ' .. ARGV[1])
  return 2
end
return 1
