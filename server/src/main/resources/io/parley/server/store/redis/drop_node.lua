-- Forgets every session of a user on one node, as when that node died or lost track of them.
-- KEYS and ARGV as connect.lua. Returns 1 when the user has no session left anywhere (then published as offline).
if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 and redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('PUBLISH', ARGV[3], '0 ' .. ARGV[2] .. ' ' .. ARGV[1])
  return 1
end
return 0
