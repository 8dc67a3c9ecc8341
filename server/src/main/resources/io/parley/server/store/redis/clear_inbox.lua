-- Removes up to ARGV[2] of an inbox's oldest messages with their dedup keys; once none is left, the inbox's head,
-- read positions, byte total and byte totals go too, so the log is as if never written.
-- KEYS[1] head, KEYS[2] messages, KEYS[3] positions, KEYS[4] byte total, KEYS[5] byte totals (one slot, the log's).
-- ARGV[1] the prefix of the log's dedup keys (RedisKeys.dedup without "<fromUserId>:<clientMsgId>"), ARGV[2] the
-- batch size. The dedup keys are named from the messages themselves, so they are not in KEYS; they share the log's
-- hash tag, hence its slot. Batches keep each call short however long the inbox. Returns the messages left.
local batch = redis.call('ZRANGE', KEYS[2], 0, tonumber(ARGV[2]) - 1)
for _, json in ipairs(batch) do
  local m = cjson.decode(json)
  if type(m.clientMsgId) == 'string' then
    redis.call('DEL', ARGV[1] .. string.format('%d', m.from) .. ':' .. m.clientMsgId)
  end
end
if #batch > 0 then
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, #batch - 1)
end
local left = redis.call('ZCARD', KEYS[2])
if left == 0 then
  redis.call('DEL', KEYS[1], KEYS[3], KEYS[4], KEYS[5])
end
return left
