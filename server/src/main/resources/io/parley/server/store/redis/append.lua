-- Appends one message to a log, or returns the original when the sender already sent this clientMsgId to it,
-- or refuses it when the log is an inbox at its quota.
-- KEYS[1] log head counter, KEYS[2] log messages (sorted set by seq); then, only with a clientMsgId, the dedup key
-- holding the seq of the original; then, only for an inbox, its positions hash, its running byte total and its
-- hash of seq -> running byte total at that message. All keys share the log's hash tag: one Cluster slot.
-- ARGV[1] the message body as a JSON object without msgId and seq, ARGV[2] its msgId (see MsgIds),
-- ARGV[3] a pub/sub channel to announce the stored message on ('' for none), ARGV[4] the announcement's prefix,
-- ARGV[5] '1' when a dedup key is given; for an inbox ARGV[6] the owner's userId, ARGV[7] the message's bytes,
-- ARGV[8] and ARGV[9] the most unread messages and bytes the inbox may hold.
-- Returns {0, seq} when stored (the caller has the rest of the message), {1, original's JSON} for a duplicate,
-- or {2, ''} when refused by the quota.
--
-- Why it takes the seq and counts the bytes first and takes them back in the rare cases (a duplicate, a full
-- inbox): each redis.call costs about as much as the command it runs, so the common case makes the fewest
-- calls: INCR, SETNX, INCRBY, ZADD, HSET, PUBLISH. All of it runs as one step; no one sees what is taken back.
local head, messages = KEYS[1], KEYS[2]
local dedup = ARGV[5] == '1' and KEYS[3] or nil
local inbox = dedup and 4 or 3
local seq = redis.call('INCR', head)
-- %d keeps integers exact; plain concatenation would print 1e14 and above in exponent form.
local seqText = string.format('%d', seq)
if dedup and redis.call('SETNX', dedup, seqText) == 0 then
  redis.call('DECR', head)
  local seen = redis.call('GET', dedup)
  return {1, redis.call('ZRANGEBYSCORE', messages, seen, seen)[1]}
end
local total
if KEYS[inbox] then
  local positions, bytes, totals = KEYS[inbox], KEYS[inbox + 1], KEYS[inbox + 2]
  local maxMessages, maxBytes = tonumber(ARGV[8]), tonumber(ARGV[9])
  total = redis.call('INCRBY', bytes, ARGV[7])
  -- The read position can only lower what is unread: while the whole log fits, it is not read.
  if seq > maxMessages or total > maxBytes then
    local position = tonumber(redis.call('HGET', positions, ARGV[6]) or '0')
    local read = 0
    if position > 0 then
      read = tonumber(redis.call('HGET', totals, position) or '0')
    end
    if seq - position > maxMessages or total - read > maxBytes then
      redis.call('DECRBY', bytes, ARGV[7])
      redis.call('DECR', head)
      if dedup then
        redis.call('DEL', dedup)
      end
      return {2, ''}
    end
  end
end
local json = '{"msgId":' .. ARGV[2] .. ',"seq":' .. seqText .. ',' .. string.sub(ARGV[1], 2)
redis.call('ZADD', messages, seqText, json)
if total then
  redis.call('HSET', KEYS[inbox + 2], seqText, string.format('%d', total))
end
if ARGV[3] ~= '' then
  -- Inside the script, so that one log's announcements go out in seq order, whichever nodes appended.
  redis.call('PUBLISH', ARGV[3], ARGV[4] .. ' ' .. json)
end
return {0, seq}
