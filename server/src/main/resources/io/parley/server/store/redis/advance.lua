-- Raises a read position, never lowering it.
-- KEYS[1] the log's positions hash (userId -> seq); ARGV[1] userId, ARGV[2] seq.
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > current then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
return 0
