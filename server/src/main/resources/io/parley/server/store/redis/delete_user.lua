-- Turns a user into its tombstone: the id and creation time stay, the name becomes "" and the hash the deleted
-- users' one, the ban goes and the token epoch rises, in one step. The user's other data lives in other slots and
-- is removed after (RedisUserStore.delete).
-- KEYS[1] the user's JSON, KEYS[2] its token epoch, KEYS[3] its ban hash (one slot: the user key's hash tag).
-- ARGV[1] the userId, ARGV[2] the deleted users' hash as a JSON string literal.
-- Returns the new epoch; 0 when the user was deleted before; false when there is no such user.
local doc = redis.call('GET', KEYS[1])
if not doc then
  return false
end
if string.find(doc, '"passwordHash":' .. ARGV[2], 1, true) then
  return 0
end
-- '"createdAt":' cannot occur inside a string of the document, where a quote is escaped.
local createdAt = string.match(doc, '"createdAt":(%-?%d+)')
if not createdAt then
  return redis.error_reply('no createdAt in ' .. KEYS[1])
end
redis.call('SET', KEYS[1], '{"userId":' .. ARGV[1] .. ',"userName":"","passwordHash":' .. ARGV[2]
  .. ',"createdAt":' .. createdAt .. '}')
redis.call('DEL', KEYS[3])
return redis.call('INCR', KEYS[2])
