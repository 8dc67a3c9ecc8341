-- Makes ARGV[1] the current token key and the current one the previous, rotated at ARGV[2] (epoch millis).
-- KEYS as in token_keys.lua. Returns {current, previous or '', rotatedAt or '0'}.
local current = redis.call('GET', KEYS[1])
if current then
  redis.call('HSET', KEYS[2], 'key', current, 'rotatedAt', ARGV[2])
end
redis.call('SET', KEYS[1], ARGV[1])
local previous = redis.call('HMGET', KEYS[2], 'key', 'rotatedAt')
return {ARGV[1], previous[1] or '', previous[2] or '0'}
