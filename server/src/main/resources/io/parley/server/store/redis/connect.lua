-- Counts one more session of a user on a node.
-- KEYS[1] the user's sessions hash (nodeId -> count), KEYS[2] online users, KEYS[3] the node's users.
-- ARGV[1] nodeId, ARGV[2] userId. Returns 1 when the user was offline before.
local first = redis.call('EXISTS', KEYS[1]) == 0
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[2])
if first then
  return 1
end
return 0
