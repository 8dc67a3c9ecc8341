-- The keys that sign resume tokens, storing the candidate as the current key when there is none yet.
-- KEYS[1] the current key (a string; the key earlier versions kept their only key in), KEYS[2] the previous key
-- (a hash: key, rotatedAt); both in one slot. ARGV[1] the candidate.
-- Returns {current, previous or '', rotatedAt or '0'}.
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local previous = redis.call('HMGET', KEYS[2], 'key', 'rotatedAt')
return {redis.call('GET', KEYS[1]), previous[1] or '', previous[2] or '0'}
