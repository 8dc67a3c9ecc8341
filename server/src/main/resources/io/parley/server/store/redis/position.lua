-- Reads a read position, lowering it to the log's head first if it is beyond it.
-- KEYS[1] the log's positions hash (userId -> seq), KEYS[2] the log's head (one slot); ARGV[1] userId.
-- An advance (write_logs.lua) never stores a seq beyond the head; earlier versions did, and such a position hid
-- every later message. It is repaired at the first read, which is the login replay that would otherwise skip them.
local position = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local head = tonumber(redis.call('GET', KEYS[2]) or '0')
if position > head then
  redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', head))
  return head
end
return position
