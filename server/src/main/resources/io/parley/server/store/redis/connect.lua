-- Counts one more session of a user on a node.
-- KEYS[1] the user's sessions hash (nodeId -> count). ARGV[1] nodeId, ARGV[2] userId, ARGV[3] presence channel.
-- Returns 1 when the user was offline everywhere before, and then tells every node so on the channel, from
-- inside the script, so that the notices about one user are published in the order their changes happened.
local first = redis.call('EXISTS', KEYS[1]) == 0
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if first then
  redis.call('PUBLISH', ARGV[3], '1 ' .. ARGV[2] .. ' ' .. ARGV[1])
  return 1
end
return 0
