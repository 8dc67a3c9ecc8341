-- Appends one message to a log, or returns the original when the sender already sent this clientMsgId.
-- KEYS[1] log head counter, KEYS[2] log messages (sorted set by seq), KEYS[3] store-wide msgId counter,
-- KEYS[4] (only with a clientMsgId) dedup key, holding "<seq> <messages key>" of the original.
-- ARGV[1] the message body as a JSON object without msgId and seq.
-- Returns {duplicate (0|1), message JSON}.
local head, messages, counter, dedup = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if dedup then
  local seen = redis.call('GET', dedup)
  if seen then
    local space = string.find(seen, ' ', 1, true)
    local seq = string.sub(seen, 1, space - 1)
    local original = redis.call('ZRANGEBYSCORE', string.sub(seen, space + 1), seq, seq)
    if original[1] then
      return {1, original[1]}
    end
  end
end
local seq = redis.call('INCR', head)
local msgId = redis.call('INCR', counter)
-- %d keeps integers exact; plain concatenation would print 1e14 and above in exponent form.
local json = string.format('{"msgId":%d,"seq":%d,', msgId, seq) .. string.sub(ARGV[1], 2)
redis.call('ZADD', messages, seq, json)
if dedup then
  redis.call('SET', dedup, string.format('%d ', seq) .. messages)
end
return {0, json}
