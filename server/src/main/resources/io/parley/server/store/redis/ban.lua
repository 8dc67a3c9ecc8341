-- Bans a user and raises its token epoch in one step, unless there is no such user or it was deleted.
-- KEYS[1] the user's JSON, KEYS[2] its token epoch, KEYS[3] its ban hash (one slot: the user key's hash tag).
-- ARGV[1] banned until (epoch millis), ARGV[2] the reason, ARGV[3] the deleted users' hash as a JSON string
-- literal. Returns the new epoch, or false when nothing changed.
local doc = redis.call('GET', KEYS[1])
if not doc or string.find(doc, '"passwordHash":' .. ARGV[3], 1, true) then
  return false
end
redis.call('HSET', KEYS[3], 'until', ARGV[1], 'reason', ARGV[2])
return redis.call('INCR', KEYS[2])
