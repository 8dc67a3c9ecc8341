-- Forgets a node's sessions of the given users.
-- KEYS[1] the node's users, KEYS[2] online users, KEYS[3..n] the users' sessions hashes.
-- ARGV[1] nodeId, ARGV[2..n-1] the userIds, in the order of KEYS[3..n].
-- Returns the userIds that had no session left anywhere.
local gone = {}
for i = 3, #KEYS do
  local user = ARGV[i - 1]
  if redis.call('HDEL', KEYS[i], ARGV[1]) == 1 and redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('SREM', KEYS[2], user)
    gone[#gone + 1] = user
  end
  redis.call('SREM', KEYS[1], user)
end
return gone
