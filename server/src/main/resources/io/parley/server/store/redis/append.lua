-- Appends one message to a log, or returns the original when the sender already sent this clientMsgId to it.
-- KEYS[1] log head counter, KEYS[2] log messages (sorted set by seq), KEYS[3] (only with a clientMsgId) dedup
-- key, holding the seq of the original. All keys share the log's hash tag, so this runs in one Cluster slot.
-- ARGV[1] the message body as a JSON object without msgId and seq, ARGV[2] its msgId (see MsgIds),
-- ARGV[3] a pub/sub channel to announce the stored message on ('' for none), ARGV[4] the announcement's prefix.
-- Returns {duplicate (0|1), message JSON}.
local head, messages, dedup = KEYS[1], KEYS[2], KEYS[3]
if dedup then
  local seen = redis.call('GET', dedup)
  if seen then
    local original = redis.call('ZRANGEBYSCORE', messages, seen, seen)
    if original[1] then
      return {1, original[1]}
    end
  end
end
local seq = redis.call('INCR', head)
-- %d keeps integers exact; plain concatenation would print 1e14 and above in exponent form.
local json = string.format('{"msgId":%d,"seq":%d,', tonumber(ARGV[2]), seq) .. string.sub(ARGV[1], 2)
redis.call('ZADD', messages, seq, json)
if dedup then
  redis.call('SET', dedup, string.format('%d', seq))
end
if ARGV[3] ~= '' then
  -- Inside the script, so that one log's announcements go out in seq order, whichever nodes appended.
  redis.call('PUBLISH', ARGV[3], ARGV[4] .. ' ' .. json)
end
return {0, json}
