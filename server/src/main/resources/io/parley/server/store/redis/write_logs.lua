-- Writes to message logs, in the order given: appends, and raises of read positions.
-- An append stores its message, or finds the original when its sender already sent this clientMsgId to that log,
-- or refuses it when the log is an inbox at its quota. An advance raises a read position to a seq, or to the log's
-- head when the seq is beyond it (clamped in the same step as the read of the head, so no append slips in
-- between), and never lowers it.
-- ARGV[1] the announcements' prefix (the appending node's id). Then, per write, 'A' and 8 arguments for an
-- append: its body as a JSON object without msgId and seq, its msgId (see MsgIds), a pub/sub channel to announce
-- it on ('' for none), '1' when it has a dedup key; for an inbox the owner's userId, the message's bytes, the most
-- unread messages and bytes the inbox may hold ('' each for any other log). Or 'P' and 2 for an advance: the
-- userId and the seq.
-- KEYS, per write in the same order. An append: the log's head counter and messages (sorted set by seq); then,
-- only with a dedup key, the key holding the seq of the original; then, only for an inbox, its positions hash, its
-- running byte total and its hash of seq -> running byte total at that message. An advance: the log's positions
-- hash (userId -> seq) and its head. A Redis Cluster allows only keys of one slot in a call: there each call
-- carries one write, whose keys share its log's hash tag.
-- Returns two values per write. An append: 0 and its seq when stored (the caller has the rest of the message),
-- 1 and the original's JSON for a duplicate, or 2 and '' when refused by the quota. An advance: 0 and 1 when it
-- raised the position, 0 and 0 when not.
--
-- Why several writes to a call: entering a script costs about as much as three of the commands an append runs.
-- Why an append takes the seq and counts the bytes first and takes them back in the rare cases (a duplicate, a
-- full inbox): each redis.call costs about as much as the command it runs, so the common case makes the fewest
-- calls: INCR, SETNX, INCRBY, ZADD, HSET, PUBLISH. The whole call is one step; no one sees what is taken back.
local origin = ARGV[1]

local function append(head, messages, dedup, positions, bytes, totals, a)
  local seq = redis.call('INCR', head)
  -- %d keeps integers exact; plain concatenation would print 1e14 and above in exponent form.
  local seqText = string.format('%d', seq)
  if dedup and redis.call('SETNX', dedup, seqText) == 0 then
    redis.call('DECR', head)
    local seen = redis.call('GET', dedup)
    return 1, redis.call('ZRANGEBYSCORE', messages, seen, seen)[1] or false
  end
  local total
  if positions then
    local maxMessages, maxBytes = tonumber(ARGV[a + 6]), tonumber(ARGV[a + 7])
    total = redis.call('INCRBY', bytes, ARGV[a + 5])
    -- The read position can only lower what is unread: while the whole log fits, it is not read.
    if seq > maxMessages or total > maxBytes then
      local position = tonumber(redis.call('HGET', positions, ARGV[a + 4]) or '0')
      local read = 0
      if position > 0 then
        read = tonumber(redis.call('HGET', totals, position) or '0')
      end
      if seq - position > maxMessages or total - read > maxBytes then
        redis.call('DECRBY', bytes, ARGV[a + 5])
        redis.call('DECR', head)
        if dedup then
          redis.call('DEL', dedup)
        end
        return 2, ''
      end
    end
  end
  local json = '{"msgId":' .. ARGV[a + 1] .. ',"seq":' .. seqText .. ',' .. string.sub(ARGV[a], 2)
  redis.call('ZADD', messages, seqText, json)
  if total then
    redis.call('HSET', totals, seqText, string.format('%d', total))
  end
  if ARGV[a + 2] ~= '' then
    -- Inside the script, so that one log's announcements go out in seq order, whichever nodes appended.
    redis.call('PUBLISH', ARGV[a + 2], origin .. ' ' .. json)
  end
  return 0, seq
end

local function advance(positions, head, userId, seq)
  local top = redis.call('GET', head) or '0'
  if tonumber(seq) > tonumber(top) then
    seq = top
  end
  local current = tonumber(redis.call('HGET', positions, userId) or '0')
  if tonumber(seq) > current then
    redis.call('HSET', positions, userId, seq)
    return 0, 1
  end
  return 0, 0
end

local replies = {}
local k, a = 1, 2
while a <= #ARGV do
  local outcome, value
  if ARGV[a] == 'P' then
    outcome, value = advance(KEYS[k], KEYS[k + 1], ARGV[a + 1], ARGV[a + 2])
    k, a = k + 2, a + 3
  else
    local head, messages = KEYS[k], KEYS[k + 1]
    k = k + 2
    local dedup, positions, bytes, totals
    if ARGV[a + 4] == '1' then
      dedup = KEYS[k]
      k = k + 1
    end
    if ARGV[a + 5] ~= '' then
      positions, bytes, totals = KEYS[k], KEYS[k + 1], KEYS[k + 2]
      k = k + 3
    end
    outcome, value = append(head, messages, dedup, positions, bytes, totals, a + 1)
    a = a + 9
  end
  replies[#replies + 1] = outcome
  replies[#replies + 1] = value
end
return replies
