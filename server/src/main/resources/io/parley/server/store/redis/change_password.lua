-- Replaces a user's password hash and raises its token epoch, if the stored hash is still the old one.
-- KEYS[1] the user's JSON, KEYS[2] its token epoch (one slot: the epoch key's hash tag is the user key's name).
-- ARGV[1] the old hash, ARGV[2] the new hash, each as a JSON string literal (quoted and escaped as the
-- document has it), so that a plain search finds the field; a user name cannot forge it, since quotes inside
-- a JSON string are escaped. Returns the new epoch, or false when nothing changed.
local doc = redis.call('GET', KEYS[1])
if not doc then
  return false
end
local field = '"passwordHash":'
local from, to = string.find(doc, field .. ARGV[1], 1, true)
if not from then
  return false
end
redis.call('SET', KEYS[1], string.sub(doc, 1, from - 1) .. field .. ARGV[2] .. string.sub(doc, to + 1))
return redis.call('INCR', KEYS[2])
