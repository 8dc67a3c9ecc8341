-- Sets a user's session count on a node, as a node does to repair its records after losing Redis for a while.
-- KEYS[1] as connect.lua; ARGV[1] nodeId, ARGV[2] userId, ARGV[3] presence channel, ARGV[4] the count (> 0).
-- Returns 1 when the user was offline everywhere before (then published as online).
local first = redis.call('EXISTS', KEYS[1]) == 0
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
if first then
  redis.call('PUBLISH', ARGV[3], '1 ' .. ARGV[2] .. ' ' .. ARGV[1])
  return 1
end
return 0
